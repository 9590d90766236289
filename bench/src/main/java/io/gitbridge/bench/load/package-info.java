/**
 * The local runner's load generator: starts the runner as users do ({@code java -jar gitbridge-local.jar}) in a
 * process of its own, creates hooks on generated {@code file://} repositories, sends signed GitHub pushes over
 * keep-alive HTTP from many threads, measures accepted deliveries per second and latency, and then checks through
 * the admin API that every accepted delivery was logged and synced. {@link io.gitbridge.bench.load.TrivialEndpoint}
 * is the baseline: the same load against a Jetty endpoint that only answers.
 */
package io.gitbridge.bench.load;
