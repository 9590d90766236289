/** The receiver's path: find the hook, verify, classify, drop duplicates, queue a sync request. */
package io.gitbridge.receive;
