/** The sealed-value format and the AES-GCM operations both token ciphers share. */
package io.gitbridge.crypto.internal;
