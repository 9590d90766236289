/**
 * Gitea and Forgejo webhooks: a bare-hex HMAC-SHA256 in {@code X-Forgejo-Signature} or {@code X-Gitea-Signature};
 * push, workflow_run and status. Gitea and Forgejo sign the JSON payload, also when they send it as a form.
 */
package io.gitbridge.provider.gitea;
