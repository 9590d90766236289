/**
 * Stand-ins of each provider's repository and branch listing APIs, on a {@link io.gitbridge.testkit.http.StandInServer}:
 * two pages of repositories and two pages of branches per provider, with the exact requests a listing must send.
 */
package io.gitbridge.testkit.listing;
