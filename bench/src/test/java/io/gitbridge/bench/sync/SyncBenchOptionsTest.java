package io.gitbridge.bench.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncBenchOptionsTest {

    @Test
    void options_keepDefaults_whenNoneGiven() {
        assertEquals("5000,20000", SyncBench.options().get("--commits"));
    }

    @Test
    void options_takeEachValue() {
        Map<String, String> options = SyncBench.options("--commits", "500", "--rounds", "2");
        assertEquals("500", options.get("--commits"));
        assertEquals("2", options.get("--rounds"));
    }

    @Test
    void options_refuseALoneUnknownOption_insteadOfStartingTheDefaultRun() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SyncBench.options("--help"));
        assertEquals(true, refused.getMessage().startsWith("unknown option --help"), refused.getMessage());
    }

    @Test
    void options_refuseALastOptionWithoutItsValue() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SyncBench.options("--rounds", "2", "--commits"));
        assertEquals("--commits needs a value", refused.getMessage());
    }
}
