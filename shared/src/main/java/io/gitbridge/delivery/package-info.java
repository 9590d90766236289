/** Deliveries: which provider deliveries a hook has already seen, so a resent one is not synced twice. */
package io.gitbridge.delivery;
