/** Sync requests: the small message that tells the sync function which commit to bring to a build repository. */
package io.gitbridge.sync;
