package io.gitbridge.receive;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitbridge.http.BadRequestException;
import io.gitbridge.http.UnsupportedMediaTypeException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryHeadersTest {

    @Test
    void check_acceptsOneValueEach_andValuesThatHoldCommasByDesign() {
        assertThatCode(() -> DeliveryHeaders.check(Map.of(
                "x-github-delivery", "6f9a3c10-c6b4-11f1-8e2a-1b7c3d4e5f60",
                "X-GitHub-Event", "push",
                "webhook-signature", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4= v1,other",
                "content-encoding", "identity"))).doesNotThrowAnyException();
    }

    @Test
    void check_refusesASingleHeaderSentTwice_asApiGatewayJoinsThem() {
        assertThatThrownBy(() -> DeliveryHeaders.check(Map.of("x-github-delivery", "a,b")))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("header x-github-delivery must appear once, got several values: \"a,b\"");
    }

    @Test
    void check_refusesControlCharactersAndOverLongValues() {
        assertThatThrownBy(() -> DeliveryHeaders.check(Map.of("x-gitlab-event", "Push Hook\u0001")))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> DeliveryHeaders.check(Map.of("x-gitea-delivery", "d".repeat(201))))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void check_refusesAContentCodingItDoesNotDecode_namingIt() {
        assertThatThrownBy(() -> DeliveryHeaders.check(Map.of("Content-Encoding", "gzip")))
                .isInstanceOf(UnsupportedMediaTypeException.class)
                .hasMessage("Content-Encoding gzip is not accepted: send the body uncompressed");
    }
}
