/**
 * The hooks Lambda: the admin REST API over {@link io.gitbridge.hook.HookService} and
 * {@link io.gitbridge.delivery.DeliveryService}.
 */
package io.gitbridge.hooks;
