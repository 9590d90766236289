package io.gitbridge.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileNameEncodingTest {

    @Test
    void problem_acceptsUtf8() {
        assertThat(FileNameEncoding.problem("UTF-8")).isEmpty();
    }

    @Test
    void problem_refusesEncodingsThatCannotNameEveryBranch() {
        for (String encoding : new String[] {"ANSI_X3.4-1968", "ISO-8859-1", "US-ASCII", "no-such-charset", null}) {
            assertThat(FileNameEncoding.problem(encoding)).hasValueSatisfying(p -> assertThat(p)
                    .startsWith("gitbridge cannot start: this JVM writes file names as " + encoding)
                    .endsWith("set the environment variable LC_ALL=C.UTF-8 (or LANG=C.UTF-8)."));
        }
    }
}
