/** The hooks Lambda: the admin REST API over {@link io.gitbridge.hook.HookService}. */
package io.gitbridge.hooks;
