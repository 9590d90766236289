/** The receiver's path: find the hook, verify, classify, drop duplicates, queue a sync request, log the delivery. */
package io.gitbridge.receive;
