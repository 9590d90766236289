/**
 * Gogs webhooks: a bare-hex HMAC-SHA256 in {@code X-Gogs-Signature}; push only, since Gogs has no CI events.
 * Gogs signs the JSON payload, also when it sends it as a form.
 */
package io.gitbridge.provider.gogs;
