/**
 * How {@link io.gitbridge.sync.SyncCommand} does its work: URL policy and credential stripping, secret
 * redaction, the per-hook cached bare repository, and single-connection fetches. Not an API; it may change.
 */
package io.gitbridge.sync.internal;
