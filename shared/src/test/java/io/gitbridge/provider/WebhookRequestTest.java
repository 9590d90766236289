package io.gitbridge.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookRequestTest {

    @Test
    void toString_showsHeaderNamesButNoValues() {
        WebhookRequest request = new WebhookRequest(Map.of("X-Gitlab-Token", "the-secret-itself",
                "Authorization", "Basic Z2l0YnJpZGdlOnNlY3JldA=="), "{}".getBytes());

        assertThat(request.toString()).doesNotContain("the-secret-itself", "Z2l0YnJpZGdlOnNlY3JldA==")
                .contains("x-gitlab-token", "authorization", "2 bytes");
    }
}
