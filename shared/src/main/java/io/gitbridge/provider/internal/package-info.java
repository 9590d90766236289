/**
 * What the providers' webhook registrars share and nothing else should use: reading clone URLs, and JSON over HTTP
 * with provider failures translated into {@link io.gitbridge.provider.RegistrationException}s.
 */
package io.gitbridge.provider.internal;
