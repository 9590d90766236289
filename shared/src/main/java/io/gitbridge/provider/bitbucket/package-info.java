/**
 * Bitbucket Cloud webhooks: {@code X-Hub-Signature: sha256=<hex>}; repo:push and commit status events trigger syncs.
 */
package io.gitbridge.provider.bitbucket;
