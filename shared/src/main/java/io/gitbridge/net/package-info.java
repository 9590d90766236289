/**
 * Where gitbridge may connect with a hook's credentials: the {@link io.gitbridge.net.UrlPolicy} for repository and
 * provider API URLs (deployed: https to public unicast addresses only, plus an operator's allow-list; local: anything,
 * but a token travels over plain http only to loopback), the address classes it refuses
 * ({@link io.gitbridge.net.Addresses}), the host spellings it accepts ({@link io.gitbridge.net.HostNames}), and HTTP
 * clients that connect only to addresses the policy checked at connect time ({@link io.gitbridge.net.PinnedHttp}).
 */
package io.gitbridge.net;
