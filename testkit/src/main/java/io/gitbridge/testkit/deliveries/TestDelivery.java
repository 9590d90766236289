package io.gitbridge.testkit.deliveries;

import java.util.Map;

/**
 * One HTTP delivery: the headers and the exact body a provider would send.
 *
 * @param headers header names as the provider spells them
 * @param body the raw body
 */
public record TestDelivery(Map<String, String> headers, byte[] body) {

    public TestDelivery {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
