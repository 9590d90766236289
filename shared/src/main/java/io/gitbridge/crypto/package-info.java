/**
 * Tokens at rest: envelope encryption that seals a credential under a fresh data key wrapped by the deployment's
 * key (AWS KMS when deployed, a key file in the local runner's data directory), bound to a context such as the
 * hook id and field name.
 */
package io.gitbridge.crypto;
