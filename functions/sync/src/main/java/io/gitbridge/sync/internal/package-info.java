/**
 * How {@link io.gitbridge.sync.SyncCommand} does its work: URL policy and credential stripping, secret
 * redaction, the per-hook cached bare repository, single-connection fetches, what is on the source branch
 * ({@link io.gitbridge.sync.internal.SourceBranch}), the last source commit synced into the build branch
 * ({@link io.gitbridge.sync.internal.SyncedSource}) and the merge where the source wins
 * ({@link io.gitbridge.sync.internal.TheirsMerge}). Not an API; it may change.
 */
package io.gitbridge.sync.internal;
