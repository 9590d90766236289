/**
 * The sync harness: gitbridge's real sync ({@link io.gitbridge.sync.SyncCommand} with the work-repository upkeep
 * {@link io.gitbridge.sync.GitHookSyncer} does) against C git doing the same fetch, merge {@code -X theirs} and push,
 * on repositories generated with {@code git fast-import}. {@link io.gitbridge.bench.sync.SyncBench} runs both sides
 * as child processes, {@link io.gitbridge.bench.sync.SyncWorker} is gitbridge's side. See docs/benchmarks.md.
 */
package io.gitbridge.bench.sync;
