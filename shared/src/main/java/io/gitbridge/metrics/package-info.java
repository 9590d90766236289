/**
 * gitbridge's CloudWatch metrics: one call per fact at the call site ({@code Metrics.get().delivery(…)}), written
 * as Embedded Metric Format lines on Lambda and dropped elsewhere. Namespace {@value io.gitbridge.metrics.Metrics#NAMESPACE};
 * dimensions only ever take a few values (provider, outcome, status); hook ids go in as properties.
 */
package io.gitbridge.metrics;
