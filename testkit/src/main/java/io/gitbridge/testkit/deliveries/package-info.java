/**
 * Deliveries as each provider sends them, built from the {@code events/<provider>/} fixtures and signed the
 * provider's way, for tests that drive a receiver or the local runner end to end.
 */
package io.gitbridge.testkit.deliveries;
