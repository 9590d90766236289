/** GitHub (and GitHub Enterprise Server) webhooks: X-Hub-Signature-256, push, workflow_run and ping. */
package io.gitbridge.provider.github;
