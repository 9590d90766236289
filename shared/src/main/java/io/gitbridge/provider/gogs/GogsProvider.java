package io.gitbridge.provider.gogs;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.hook.HookEvents;
import io.gitbridge.provider.EventKind;
import io.gitbridge.provider.GitRefs;
import io.gitbridge.provider.InvalidSignatureException;
import io.gitbridge.provider.Payloads;
import io.gitbridge.provider.Signatures;
import io.gitbridge.provider.UnsupportedEventException;
import io.gitbridge.provider.WebhookEvent;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.Set;

/** Gogs webhooks: signed with a bare-hex HMAC-SHA256 in {@code X-Gogs-Signature}; a push triggers a sync. */
public final class GogsProvider implements WebhookProvider {

    static final String SIGNATURE_HEADER = "X-Gogs-Signature";
    static final String EVENT_HEADER = "X-Gogs-Event";
    static final String DELIVERY_HEADER = "X-Gogs-Delivery";
    private static final String FORM = "application/x-www-form-urlencoded";

    @Override
    public String id() {
        return "gogs";
    }

    @Override
    public Set<EventKind> supportedEvents() {
        return EnumSet.of(EventKind.PUSH);
    }

    /**
     * The user name sent with a token as the password. Gogs's git-over-HTTP accepts a token only as the user name
     * (any password), so private Gogs repositories need the token in the user name, which this contract cannot express.
     */
    @Override
    public String cloneUsername() {
        return "gitbridge";
    }

    @Override
    public boolean sentBy(WebhookRequest request) {
        return request.hasHeader(EVENT_HEADER);
    }

    @Override
    public void verify(WebhookRequest request, String secret) {
        String signature = request.header(SIGNATURE_HEADER)
                .orElseThrow(() -> new InvalidSignatureException(SIGNATURE_HEADER + " is missing"));
        if (signature.isEmpty()) {
            throw new InvalidSignatureException(SIGNATURE_HEADER
                    + " is empty: the webhook has no secret; set the hook's secret on it");
        }
        Signatures.requireHexHmacSha256(signature, secret, signedBytes(request), SIGNATURE_HEADER);
    }

    @Override
    public String deliveryId(WebhookRequest request) {
        return request.header(DELIVERY_HEADER).filter(id -> !id.isBlank())
                .orElseGet(() -> "body-" + Signatures.hex(sha256(request.body())));
    }

    @Override
    public WebhookEvent classify(WebhookRequest request, String branch, HookEvents events) {
        String name = request.header(EVENT_HEADER)
                .orElseThrow(() -> new UnsupportedEventException(EVENT_HEADER + " header is missing"));
        GogsEvent event = GogsEvent.fromWire(name).orElseThrow(() -> new UnsupportedEventException(
                "Gogs event '" + name + "' is not handled; gitbridge handles push"));
        return switch (event) {
            case PUSH -> push(request, branch, events);
        };
    }

    private WebhookEvent push(WebhookRequest request, String branch, HookEvents events) {
        if (!events.push()) {
            throw new UnsupportedEventException("this hook is not subscribed to push events");
        }
        JsonNode payload = Payloads.json(request);
        String ref = Payloads.text(payload, "ref");
        String after = Payloads.text(payload, "after");
        if (ref.startsWith(GitRefs.TAGS)) {
            return new WebhookEvent.Ignored("tag push " + ref + " does not sync");
        }
        if (GitRefs.isZero(after)) {
            return new WebhookEvent.Ignored("branch deletion " + ref + " does not sync");
        }
        if (!ref.equals(GitRefs.branchRef(branch))) {
            return new WebhookEvent.Ignored("push to " + ref + "; this hook follows " + GitRefs.branchRef(branch));
        }
        return new WebhookEvent.SyncTrigger(EventKind.PUSH, ref, GitRefs.requireCommit(after, "after"));
    }

    /** The bytes Gogs signs: the body, or for a form delivery the decoded {@code payload} field (Gogs signs the JSON). */
    private static byte[] signedBytes(WebhookRequest request) {
        byte[] body = request.body();
        if (!FORM.equals(request.mediaType())) {
            return body;
        }
        // The field Payloads.json reads: the first pair whose decoded name is "payload", so the bytes verified here
        // are the bytes classified later, whatever a forged form repeats or escapes.
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            try {
                if ("payload".equals(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8))) {
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    return value.getBytes(StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidSignatureException(SIGNATURE_HEADER + " cannot be checked: the form body is not URL-encoded", e);
            }
        }
        throw new InvalidSignatureException(SIGNATURE_HEADER + " cannot be checked: the form body has no payload field");
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
