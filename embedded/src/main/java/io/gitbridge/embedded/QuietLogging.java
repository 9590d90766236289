package io.gitbridge.embedded;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Lowers the embedded servers' chatter to warnings before their loggers are created. */
final class QuietLogging {

    private static final String SIMPLE_LOGGER_PREFIX = "org.slf4j.simpleLogger.log.";
    private static final List<String> NOISY_LOGGERS =
            List.of("org.elasticmq", "org.apache.pekko", "org.eclipse.jetty");

    /**
     * sqlite4java logs through java.util.logging and warns "unknown jar version" whenever its jar
     * manifest is gone, as in a shaded jar. Held here because JUL keeps loggers weakly.
     */
    private static final Logger SQLITE4JAVA = Logger.getLogger("com.almworks.sqlite4java");

    private QuietLogging() {
    }

    /**
     * Sets slf4j-simple's per-logger level to WARN for the servers' libraries and sqlite4java's
     * JUL level to SEVERE, leaving any level the user chose untouched; slf4j-simple reads these
     * system properties when a logger is made.
     */
    static synchronized void apply() {
        if (SQLITE4JAVA.getLevel() == null) {
            SQLITE4JAVA.setLevel(Level.SEVERE);
        }
        for (String logger : NOISY_LOGGERS) {
            String key = SIMPLE_LOGGER_PREFIX + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }
}
