/**
 * The one contract every Git provider implements: verify a delivery's raw bytes, then classify it as a
 * sync trigger, a ping, or an ignored event with a reason. Each provider lives in its own subpackage, with its
 * {@link io.gitbridge.provider.WebhookRegistrar} where gitbridge can create the provider's webhook itself.
 */
package io.gitbridge.provider;
