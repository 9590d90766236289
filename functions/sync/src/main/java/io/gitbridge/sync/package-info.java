/**
 * The sync function: {@link io.gitbridge.sync.SyncHandler} takes sync requests from the FIFO queue and, for
 * each, runs a {@link io.gitbridge.sync.SyncCommand} that brings the hook's build branch to the requested
 * source commit (or the source branch's head), then records the outcome on the hook and on the delivery's log
 * entry. Expected outcomes are {@link io.gitbridge.sync.SyncResult}
 * values; failures are {@link io.gitbridge.sync.SyncException}s whose messages are safe to show an admin.
 */
package io.gitbridge.sync;
