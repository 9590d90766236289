/**
 * DynamoDB Local and ElasticMQ (SQS) running inside the current JVM, bound to 127.0.0.1, for the
 * local runner and integration tests.
 *
 * <p>DynamoDB Local 2.x carries its native SQLite libraries in its own jar and extracts the one
 * for this platform at start, so nothing has to be installed, and a shaded jar works as long as
 * it keeps that jar's resources.
 *
 * <p>Logging: this module ships no SLF4J provider; the application brings exactly one (the
 * project uses slf4j-simple, and no logback comes in from ElasticMQ). DynamoDB Local logs through
 * Log4j 2, whose configuration in its jar is at WARN. Starting a server lowers ElasticMQ's, Pekko's
 * and Jetty's slf4j-simple levels to WARN, and sqlite4java's java.util.logging level to SEVERE,
 * unless the user set them already.
 */
package io.gitbridge.embedded;
