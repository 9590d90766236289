/** The receiver Lambda: API Gateway in front of {@link io.gitbridge.receive.WebhookReceiver}. */
package io.gitbridge.receiver;
