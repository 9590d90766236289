package io.gitbridge.net;

import java.time.Duration;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

/**
 * HTTP clients that connect only where a {@link UrlPolicy} allows: the policy is the client's DNS resolver, so every
 * connection goes to addresses checked right before it is opened (pinned; a DNS answer that changes after the check
 * is never used). They follow no redirect, keep no cookies, retry nothing and use no proxy or system credentials:
 * whoever sends a token decides where it goes. TLS names and verifies the URL's host, not the address.
 */
public final class PinnedHttp {

    private PinnedHttp() {
    }

    /**
     * A new client; close it when done.
     *
     * @param timeout how long connecting, and then each read, may take
     */
    public static CloseableHttpClient client(UrlPolicy policy, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        return HttpClients.custom()
                .setDnsResolver(host -> policy.addressesFor(host).toArray(new java.net.InetAddress[0]))
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAutomaticRetries()
                .disableAuthCaching()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(millis)
                        .setConnectionRequestTimeout(millis)
                        .setSocketTimeout(millis)
                        .setRedirectsEnabled(false)
                        .build())
                .build();
    }
}
