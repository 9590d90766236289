/**
 * GitFlic webhooks: the secret verbatim in {@code Gitflic-Webhook-Secret}, the event in the body's {@code action};
 * BRANCH_UPDATE, PIPELINE_SUCCESS and TEST_WEBHOOK. GitFlic documents only the common fields, so the fields read from
 * BRANCH_UPDATE ({@code push.ref}, {@code push.after}) and PIPELINE_* ({@code pipeline.ref}, {@code pipeline.commit_id})
 * are assumptions to confirm against a real delivery.
 */
package io.gitbridge.provider.gitflic;
