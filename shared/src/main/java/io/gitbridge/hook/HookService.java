package io.gitbridge.hook;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/** The admin operations on hooks, free of HTTP and Lambda types. */
public final class HookService {

    /** The page size when a listing names none. */
    public static final int DEFAULT_LIMIT = 20;
    /** The largest page size. */
    public static final int MAX_LIMIT = 100;

    private final HookRepository hooks;
    private final HookValidator validator;
    private final Clock clock;

    public HookService(HookRepository hooks, HookValidator validator, Clock clock) {
        this.hooks = hooks;
        this.validator = validator;
        this.clock = clock;
    }

    /**
     * Creates a hook from a request body.
     *
     * @throws ValidationException naming every bad field
     * @throws ProjectTakenException when the project already has a hook
     */
    public Hook create(JsonNode body) {
        HookInput input = validator.forCreate(body);
        Instant now = now();
        Hook hook = Hook.builder()
                .id(HookIds.next())
                .project(input.project())
                .provider(input.provider())
                .sourceRepo(input.sourceRepo())
                .branch(input.branch())
                .events(input.events())
                .secret(input.secret().value())
                .token(input.token().value())
                .buildRepo(input.buildRepo())
                .buildBranch(input.buildBranch())
                .buildToken(input.buildToken().value())
                .createdAt(now)
                .updatedAt(now)
                .build();
        hooks.create(hook);
        return hook;
    }

    /** The hook with this id. */
    public Optional<Hook> get(String id) {
        return hooks.find(id);
    }

    /**
     * Replaces a hook's admin-set fields; write-only fields left out keep their stored values.
     *
     * @return the updated hook, or empty when there is no such hook
     * @throws ValidationException naming every bad field
     * @throws ProjectTakenException when the new project already has a hook
     */
    public Optional<Hook> update(String id, JsonNode body) {
        Optional<Hook> found = hooks.find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        HookInput input = validator.forUpdate(body);
        Hook previous = found.get();
        Hook updated = previous.toBuilder()
                .project(input.project())
                .provider(input.provider())
                .sourceRepo(input.sourceRepo())
                .branch(input.branch())
                .events(input.events())
                .secret(input.secret().applyTo(previous.secret()))
                .token(input.token().applyTo(previous.token()))
                .buildRepo(input.buildRepo())
                .buildBranch(input.buildBranch())
                .buildToken(input.buildToken().applyTo(previous.buildToken()))
                .updatedAt(now())
                .build();
        return hooks.update(previous, updated) ? Optional.of(updated) : Optional.empty();
    }

    /** Deletes a hook; false when there was none. */
    public boolean delete(String id) {
        return hooks.delete(id);
    }

    /**
     * One page of hooks.
     *
     * @param limit the page size as given in the query, or null for the default
     * @throws ValidationException when the limit is not a whole number from 1 to {@link #MAX_LIMIT}
     * @throws InvalidCursorException when the cursor was not returned by an earlier listing
     */
    public Page<Hook> list(String limit, String cursor) {
        return hooks.list(parseLimit(limit), cursor == null || cursor.isEmpty() ? null : cursor);
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ValidationException(Map.of("limit", "must be a whole number from 1 to " + MAX_LIMIT));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
