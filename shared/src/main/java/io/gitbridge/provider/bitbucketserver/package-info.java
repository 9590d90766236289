/**
 * Bitbucket Data Center / Server webhooks: {@code X-Hub-Signature: sha256=<hex>}; repo:refs_changed triggers syncs,
 * diagnostics:ping answers "Test connection". There is no build status event, so no CI trigger.
 */
package io.gitbridge.provider.bitbucketserver;
