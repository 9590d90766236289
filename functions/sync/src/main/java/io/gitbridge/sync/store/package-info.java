/**
 * Keeps each hook's work-repository objects somewhere that outlives a Lambda container (an S3 bucket), so a sync on a
 * fresh container, whose {@code /tmp} is empty, restores them before fetching and transfers from the source roughly
 * what changed instead of the whole history. {@link io.gitbridge.sync.store.WorkRepositoryStore} is the entry point;
 * {@link io.gitbridge.sync.store.ObjectStore} the storage it writes to ({@link io.gitbridge.sync.store.S3ObjectStore}
 * on AWS). Everything here is an optimisation: a failure of the store never fails a sync.
 */
package io.gitbridge.sync.store;
