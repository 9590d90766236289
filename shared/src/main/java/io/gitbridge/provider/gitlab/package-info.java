/**
 * GitLab webhooks (project, group): {@code X-Gitlab-Token} or Standard Webhooks signing ({@code whsec_} secrets);
 * Push Hook and Pipeline Hook trigger syncs, Tag Push Hook is ignored.
 */
package io.gitbridge.provider.gitlab;
