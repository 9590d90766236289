/**
 * JMH benchmarks of the receiver's CPU path, each measured against a baseline in the same run, and the
 * {@link io.gitbridge.bench.Ratios} report that turns a JMH JSON result into ratios to those baselines.
 */
package io.gitbridge.bench;
