/**
 * Azure DevOps Service Hooks (Web Hooks consumer): no signature, so the hook's secret is the HTTP Basic password;
 * git.push and a succeeded build.complete trigger syncs. The event type is in the body.
 */
package io.gitbridge.provider.azure;
