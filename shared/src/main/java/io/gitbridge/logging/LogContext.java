package io.gitbridge.logging;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.logging.log4j.ThreadContext;

/**
 * The fields of the current invocation that every log line carries, held in Log4j 2's {@link ThreadContext} (the
 * MDC of SLF4J; System.Logger lines get them too, being routed into Log4j 2). Handlers call {@link #begin} first,
 * since Lambda reuses a thread for the next invocation. Values are cut to {@value #MAX_VALUE_LENGTH} characters and
 * must never be secrets.
 */
public final class LogContext {

    /** Lambda's request id of the invocation. */
    public static final String AWS_REQUEST_ID = "awsRequestId";
    /** The hook the work is for. */
    public static final String HOOK_ID = "hookId";
    /** The provider's delivery id (or gitbridge's, for a sync now). */
    public static final String DELIVERY_ID = "deliveryId";
    /** The hook's provider, for example {@code github}. */
    public static final String PROVIDER = "provider";
    /** How the work ended: a delivery's answer ({@code queued}, {@code invalid_signature}…) or a sync's status. */
    public static final String OUTCOME = "outcome";
    /** Longer values are cut: they are for people and queries, and an id longer than this is already refused. */
    public static final int MAX_VALUE_LENGTH = 200;

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private LogContext() {
    }

    /**
     * Starts an invocation: forgets whatever the previous one left on this thread and sets its request id.
     *
     * @param context the invocation's context; null (as some tests pass) sets no request id
     */
    public static void begin(Context context) {
        ThreadContext.clearMap();
        put(AWS_REQUEST_ID, context == null ? null : context.getAwsRequestId());
    }

    /** Sets the hook of the current work. */
    public static void hook(String hookId) {
        put(HOOK_ID, hookId);
    }

    /** Sets the delivery of the current work. */
    public static void delivery(String deliveryId) {
        put(DELIVERY_ID, deliveryId);
    }

    /** Sets the provider of the current work. */
    public static void provider(String provider) {
        put(PROVIDER, provider);
    }

    /** Sets how the current work ended. */
    public static void outcome(String outcome) {
        put(OUTCOME, outcome);
    }

    /** The provider set for the current work, or {@code none} when no hook was found. */
    public static String provider() {
        String provider = ThreadContext.get(PROVIDER);
        return provider == null ? "none" : provider;
    }

    /**
     * Starts the next piece of work of the invocation (a record of a batch): forgets the hook, delivery, provider
     * and outcome of the previous one, keeping the request id.
     */
    public static void newRecord() {
        ThreadContext.removeAll(List.of(HOOK_ID, DELIVERY_ID, PROVIDER, OUTCOME));
    }

    /** Sets {@code key} to {@code value} cut to {@value #MAX_VALUE_LENGTH} characters, control
     * characters replaced by {@code ?}; null or empty removes it. */
    public static void put(String key, String value) {
        if (value == null || value.isEmpty()) {
            ThreadContext.remove(key);
        } else {
            String cut = value.length() <= MAX_VALUE_LENGTH ? value : value.substring(0, MAX_VALUE_LENGTH);
            // A control character would let a delivery's header forge a line in the runner's text log.
            ThreadContext.put(key, CONTROL.matcher(cut).replaceAll("?"));
        }
    }
}
