/**
 * A stand-in for GitHub's side of the delivery log: repository webhooks that record where to deliver, deliveries
 * really sent (signed) or only written into GitHub's log, its deliveries and attempts endpoints over real HTTP.
 */
package io.gitbridge.testkit.deliverylog;
