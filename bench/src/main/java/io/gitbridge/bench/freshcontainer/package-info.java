/**
 * The fresh-container sync harness: one new commit synced by a warm work repository, by a warm one that also keeps
 * the S3 work store up to date, and by a fresh container (empty work root) that restores from the store first, on a
 * generated history; see docs/benchmarks.md.
 */
package io.gitbridge.bench.freshcontainer;
