/**
 * What every log line of an invocation carries: the Lambda request id and, where known, the hook, the delivery,
 * the provider and the outcome. Log4j 2 is the backend (its {@code ThreadContext} holds these); the functions'
 * {@code log4j2.properties} writes them as JSON fields, the local runner's configuration as {@code key=value} pairs.
 */
package io.gitbridge.logging;
