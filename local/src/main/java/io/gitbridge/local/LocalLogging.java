package io.gitbridge.local;

/**
 * Chooses the runner's logging before anything logs: human-readable lines from {@code gitbridge-local-log4j2.xml}
 * instead of the functions' JSON lines, and java.util.logging (sqlite4java's) routed into Log4j 2 as well. A
 * {@code -Dlog4j2.configurationFile} or {@code -Djava.util.logging.manager} given on the command line wins.
 */
final class LocalLogging {

    static final String CONFIGURATION = "classpath:gitbridge-local-log4j2.xml";

    private LocalLogging() {
    }

    /** Sets the properties; effective only when called before the first logger is made. */
    static void configure() {
        if (System.getProperty("log4j2.configurationFile") == null
                && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", CONFIGURATION);
        }
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.apache.logging.log4j.jul.LogManager");
            // Lets JUL's setLevel calls (QuietLogging's, DynamoDB Local's) set Log4j levels instead of warning.
            System.setProperty("log4j2.julLoggerAdapter", "org.apache.logging.log4j.jul.CoreLoggerAdapter");
        }
    }
}
