package io.gitbridge.hook;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitbridge.provider.RegistrationException;
import io.gitbridge.provider.RegistrationMethod;
import io.gitbridge.provider.RegistrationRequest;
import io.gitbridge.provider.RepositoryLocation;
import io.gitbridge.provider.WebhookProvider;
import io.gitbridge.provider.WebhookRegistrar;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The admin operations on hooks, free of HTTP and Lambda types. A hook created or updated with
 * {@code "register": true} also gets its webhook on the provider, kept in step with the hook's secret, events and
 * branch, and deleted with it.
 */
public final class HookService {

    /** The page size when a listing names none. */
    public static final int DEFAULT_LIMIT = 20;
    /** The largest page size. */
    public static final int MAX_LIMIT = 100;

    /** The random bytes in a secret gitbridge generates: 256 bits, 43 base64url characters. */
    public static final int GENERATED_SECRET_BYTES = 32;

    private static final Logger LOG = System.getLogger(HookService.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String DELETE_ADVICE = "the hook is kept: give it a token the provider accepts (PUT) and"
            + " delete it again, or delete it with ?unregister=false to delete it only in gitbridge and remove the"
            + " webhook on the provider yourself";

    private final HookRepository hooks;
    private final HookValidator validator;
    private final Clock clock;
    private final Consumer<String> deleted;
    private final Optional<GitHubAppHooks> gitHubApp;

    /**
     * @param validator checks request bodies; its providers also supply the webhook registrars
     */
    public HookService(HookRepository hooks, HookValidator validator, Clock clock) {
        this(hooks, validator, clock, id -> { }, Optional.empty());
    }

    private HookService(HookRepository hooks, HookValidator validator, Clock clock, Consumer<String> deleted,
            Optional<GitHubAppHooks> gitHubApp) {
        this.hooks = hooks;
        this.validator = validator;
        this.clock = clock;
        this.deleted = deleted;
        this.gitHubApp = gitHubApp;
    }

    /**
     * The same service, calling {@code action} with a hook's id once the hook is deleted: the local runner removes
     * the hook's work repository there. A failing action is logged; the hook stays deleted.
     */
    public HookService whenDeleted(Consumer<String> action) {
        return new HookService(hooks, validator, clock, action, gitHubApp);
    }

    /**
     * The same service, accepting hooks in GitHub App mode ({@code "auth": "github-app"}) through {@code app}: their
     * installation is looked up when they are created or pointed elsewhere, their delivery routes are written and
     * removed with them, and their {@code registration} shows the installation's state when they are read. Without it,
     * such hooks are refused with 422.
     */
    public HookService withGitHubApp(GitHubAppHooks app) {
        return new HookService(hooks, validator, clock, deleted, Optional.of(app));
    }

    /** The validator this service checks request bodies with; its URL policy also governs other calls with tokens. */
    public HookValidator validator() {
        return validator;
    }

    /**
     * Creates a hook from a request body. With {@code "register": true} the hook is stored first (so that the
     * provider's immediate ping finds it), then its webhook is created on the provider and its id stored; if the
     * provider refuses, the hook is deleted again.
     *
     * @param publicBaseUrl the deployment's public base URL, which the registered webhook URL starts with
     * @throws ValidationException naming every bad field
     * @throws ProjectTakenException when the project already has a hook
     * @throws RegistrationException when the provider refuses the webhook or cannot be reached; nothing is stored
     */
    public Hook create(JsonNode body, String publicBaseUrl) {
        HookInput input = validator.forCreate(body);
        if (input.auth().orElse(HookAuth.TOKEN) == HookAuth.GITHUB_APP) {
            return createInAppMode(input);
        }
        Hook hook = newHook(input).secret(input.secret().value()).token(input.token().value()).build();
        hooks.create(hook);
        if (!input.register().orElse(false)) {
            return hook;
        }
        RegistrationMethod method = input.registrationMethod().orElse(RegistrationMethod.WEBHOOK);
        WebhookRegistrar registrar = registrar(hook.provider(), method).orElseThrow();
        RepositoryLocation location = location(registrar, hook);
        String providerHookId;
        try {
            providerHookId = registrar.register(request(hook, location, hook.token(), publicBaseUrl));
        } catch (RuntimeException e) {
            deleteAfterFailure(hook, e);
            throw e;
        }
        Hook registered = hook.toBuilder().registration(registered(providerHookId, method)).build();
        boolean stored;
        try {
            stored = hooks.update(hook, registered);
        } catch (RuntimeException e) {
            unregisterQuietly(registrar, providerHookId, location, hook.token());
            deleteAfterFailure(hook, e);
            throw e;
        }
        if (!stored) {
            unregisterQuietly(registrar, providerHookId, location, hook.token());
            throw new IllegalStateException("hook " + hook.id() + " was deleted while its webhook was being registered");
        }
        return registered;
    }

    /**
     * Creates a hook in GitHub App mode: finds the app's installation on the source repository (nothing is stored when
     * there is none), stores the hook, then its delivery routes; when the routes cannot be written, the routes written
     * so far and the hook are deleted again.
     */
    private Hook createInAppMode(HookInput input) {
        AppSource source = app().locate(input.sourceRepo());
        Hook hook = newHook(input)
                .secret(input.secret().given() ? input.secret().value() : generateSecret())
                .appSource(source)
                .build();
        hooks.create(hook);
        try {
            app().addRoutes(hook.id(), source);
        } catch (RuntimeException e) {
            removeRoutesQuietly(hook.id(), source, e);
            deleteAfterFailure(hook, e);
            throw e;
        }
        return view(hook);
    }

    /** A new hook's builder with the request's settings, a new id and the time; secret and token are the caller's. */
    private Hook.Builder newHook(HookInput input) {
        Instant now = now();
        return Hook.builder()
                .id(HookIds.next())
                .project(input.project())
                .provider(input.provider())
                .sourceRepo(input.sourceRepo())
                .branch(input.branch())
                .events(input.events())
                .buildRepo(input.buildRepo())
                .buildBranch(input.buildBranch())
                .buildToken(input.buildToken().value())
                .apiUrl(input.apiUrl())
                .mergeMode(input.mergeMode().orElse(MergeMode.THEIRS))
                .createdAt(now)
                .updatedAt(now);
    }

    private GitHubAppHooks app() {
        return gitHubApp.orElseThrow(() -> new ValidationException(Map.of("auth", "this deployment has no GitHub App"
                + " table, so hooks cannot use \"github-app\"; update the stack, then PUT /github-app")));
    }

    /** A hook as the API shows it: in GitHub App mode, with the installation's state as its registration. */
    private Hook view(Hook hook) {
        if (hook.appSource() == null || gitHubApp.isEmpty()) {
            return hook;
        }
        return hook.toBuilder().registration(gitHubApp.get().registration(hook.appSource())).build();
    }

    private void removeRoutesQuietly(String hookId, AppSource source, RuntimeException failure) {
        try {
            app().removeRoutes(hookId, source);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** The hook with this id. */
    public Optional<Hook> get(String id) {
        return hooks.find(id).map(this::view);
    }

    /** The hook of this project, its name compared ignoring case. */
    public Optional<Hook> findByProject(String project) {
        return hooks.findByProject(project).map(this::view);
    }

    /**
     * Replaces a hook's admin-set fields; write-only fields left out keep their stored values. For a registered hook
     * the provider's webhook is changed first (secret, events, branch, or moved to another repository), and the hook
     * is stored only when the provider accepted; {@code "register": false} deletes the provider's webhook,
     * {@code "register": true} creates it or brings it up to date, and leaving {@code register} out keeps the
     * current state.
     *
     * @param publicBaseUrl the deployment's public base URL, which the registered webhook URL starts with
     * @return the updated hook, or empty when there is no such hook
     * @throws ValidationException naming every bad field
     * @throws ProjectTakenException when the new project already has a hook
     * @throws RegistrationException when the provider refuses the change or cannot be reached; nothing is stored
     */
    public Optional<Hook> update(String id, JsonNode body, String publicBaseUrl) {
        Optional<Hook> found = hooks.find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Hook previous = found.get();
        HookInput input = validator.forUpdate(withStoredAuth(body, previous));
        boolean appMode = input.auth().orElse(previous.auth()) == HookAuth.GITHUB_APP;
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
                .apiUrl(input.apiUrl())
                .mergeMode(input.mergeMode().orElse(previous.mergeMode()))
                .appSource(appMode ? appSource(previous, input.sourceRepo()) : null)
                .updatedAt(now())
                .build();
        if (appMode) {
            // A hook in app mode has no token of its own: one kept from token mode goes.
            updated = updated.toBuilder().token(null).build();
        }
        if (!updated.secret().equals(previous.secret())) {
            // A secret set with PUT or PATCH takes over at once: only POST /hooks/{id}/secret keeps the previous one.
            updated = updated.toBuilder().secretRotation(null).build();
        }
        validator.checkTokenTransport(updated);
        ProviderChange change = changeOnProvider(previous, updated, input.register(), input.registrationMethod(),
                publicBaseUrl);
        AppSource before = previous.appSource();
        AppSource after = updated.appSource();
        boolean routesMove = !sameRoutes(before, after);
        if (routesMove && after != null) {
            try {
                app().addRoutes(id, after);
            } catch (RuntimeException e) {
                removeRoutesQuietly(id, after, e);
                change.undo().run();
                throw e;
            }
        }
        Optional<Hook> stored;
        try {
            stored = store(previous, updated, change);
        } catch (RuntimeException e) {
            if (routesMove && after != null) {
                removeRoutesQuietly(id, after, e);
            }
            throw e;
        }
        if (routesMove && after != null && stored.isEmpty()) {
            removeRoutesQuietly(id, after, new IllegalStateException("hook " + id + " was deleted meanwhile"));
        }
        if (routesMove && before != null && stored.isPresent()) {
            try {
                app().removeRoutes(id, before);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "hook " + id + " moved away from " + before.fullName() + ", but its delivery"
                        + " routes for it could not be removed: " + e);
            }
        }
        return stored.map(this::view);
    }

    /**
     * The body with the stored hook's {@code auth} when it names none, so that an update of a hook in app mode is
     * checked by the app mode's rules.
     */
    private static JsonNode withStoredAuth(JsonNode body, Hook previous) {
        JsonNode auth = body.get("auth");
        if ((auth != null && !auth.isNull()) || !body.isObject()) {
            return body;
        }
        return ((com.fasterxml.jackson.databind.node.ObjectNode) body.deepCopy()).put("auth", previous.auth().wire());
    }

    /** The stored app source while the source URL stays, else the one GitHub gives for the new URL. */
    private AppSource appSource(Hook previous, String sourceRepo) {
        return previous.appSource() != null && previous.sourceRepo().equals(sourceRepo) ? previous.appSource()
                : app().locate(sourceRepo);
    }

    /** Whether two app sources (or none) have the same route items. */
    private static boolean sameRoutes(AppSource a, AppSource b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.repositoryId() == b.repositoryId() && a.fullName().equalsIgnoreCase(b.fullName());
    }

    /**
     * Changes a hook with a JSON Merge Patch (RFC 7396): the patch is applied to the stored hook's admin-set fields
     * and the result is validated and stored exactly like {@link #update}'s full replacement (see {@link HookPatch}).
     *
     * @param patch the merge patch, a JSON object
     * @return the updated hook, or empty when there is no such hook
     * @throws ValidationException naming every bad field of the patched hook
     * @throws ProjectTakenException when the new project already has a hook
     * @throws RegistrationException when the provider refuses the change or cannot be reached; nothing is stored
     */
    public Optional<Hook> patch(String id, JsonNode patch, String publicBaseUrl) {
        Optional<Hook> found = hooks.find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return update(id, HookPatch.apply(found.get(), patch), publicBaseUrl);
    }

    /**
     * Gives a hook a new webhook secret without a window of refused deliveries: the previous secret stays valid for
     * the request's grace period ({@link HookValidator#forSecretRotation}), so deliveries the provider signs with it
     * until its webhook has the new one still verify. Without a {@code secret} in the request, gitbridge generates one
     * ({@value #GENERATED_SECRET_BYTES} random bytes, base64url) and returns it once. A hook whose webhook gitbridge
     * registered has that webhook updated with the new secret first; if the provider refuses, nothing changes. A
     * second rotation within the grace period replaces the previous secret with the one current until then: the
     * secret before that is no longer accepted. A grace period of zero keeps no previous secret.
     *
     * @param publicBaseUrl the deployment's public base URL, which the registered webhook URL starts with
     * @return the rotation, or empty when there is no such hook
     * @throws ValidationException naming every bad field, or {@code token} when a registered webhook cannot be
     *         updated without one
     * @throws RegistrationException when the provider refuses the change or cannot be reached; nothing is stored
     */
    public Optional<RotatedSecret> rotateSecret(String id, JsonNode body, String publicBaseUrl) {
        Optional<Hook> found = hooks.find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Hook previous = found.get();
        SecretRotationInput input = validator.forSecretRotation(body, previous.provider());
        if (input.secret().isPresent() && java.security.MessageDigest.isEqual(
                input.secret().get().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                previous.secret().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            // Compared in constant time; a rotation to the same secret would only start a grace period for nothing.
            throw new ValidationException(java.util.Map.of("secret", "is the hook's current secret; a rotation needs a"
                    + " new one (or leave it out and gitbridge generates one)"));
        }
        Optional<String> generated = input.secret().isPresent() ? Optional.empty() : Optional.of(generateSecret());
        String secret = input.secret().orElseGet(generated::get);
        Instant now = now();
        Hook rotated = previous.toBuilder()
                .secret(secret)
                .secretRotation(input.grace().isZero() ? null
                        : new SecretRotation(previous.secret(), now.plus(input.grace())))
                .updatedAt(now)
                .build();
        return store(previous, rotated, changeOnProvider(previous, rotated, Optional.empty(), Optional.empty(),
                publicBaseUrl))
                .map(stored -> new RotatedSecret(view(stored), generated));
    }

    private static String generateSecret() {
        byte[] bytes = new byte[GENERATED_SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Deletes a hook, and the webhook gitbridge registered for it; false when there was none. */
    public boolean delete(String id) {
        return delete(id, true);
    }

    /**
     * Deletes a hook. With {@code unregister}, the webhook gitbridge registered for it is deleted on the provider
     * first (one the provider no longer has is fine); if the provider refuses, the hook is kept.
     *
     * @return false when there was no such hook
     * @throws RegistrationException when the provider refuses or cannot be reached; the hook is kept
     */
    public boolean delete(String id, boolean unregister) {
        Optional<Hook> found = hooks.find(id);
        if (found.isEmpty()) {
            return false;
        }
        Hook hook = found.get();
        Optional<WebhookRegistrar> registrar = registrar(hook);
        if (unregister && hook.registration() != null && registrar.isPresent()) {
            if (hook.token() == null) {
                throw new ValidationException(Map.of("token", "is needed to delete the webhook gitbridge registered on"
                        + " the provider; set one (PUT), or delete with ?unregister=false"));
            }
            try {
                registrar.get().unregister(hook.registration().providerHookId(), location(registrar.get(), hook),
                        hook.token());
            } catch (RegistrationException e) {
                throw e.withAdvice(DELETE_ADVICE);
            }
        }
        if (hook.appSource() != null && gitHubApp.isPresent()) {
            // Routes first: a route left behind would bring the app's deliveries to a hook that is gone.
            app().removeRoutes(id, hook.appSource());
            boolean gone;
            try {
                gone = hooks.delete(id);
            } catch (RuntimeException e) {
                try {
                    app().addRoutes(id, hook.appSource());
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
                throw e;
            }
            if (!gone) {
                return false;
            }
        } else if (!hooks.delete(id)) {
            return false;
        }
        try {
            deleted.accept(id);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "hook " + id + " is deleted, but cleaning up after it failed: " + e);
        }
        return true;
    }

    /**
     * One page of hooks.
     *
     * @param limit the page size as given in the query, or null for the default
     * @throws ValidationException when the limit is not a whole number from 1 to {@link #MAX_LIMIT}
     * @throws InvalidCursorException when the cursor was not returned by an earlier listing
     */
    public Page<Hook> list(String limit, String cursor) {
        Page<Hook> page = hooks.list(parseLimit(limit), cursor == null || cursor.isEmpty() ? null : cursor);
        return new Page<>(page.items().stream().map(this::view).toList(), page.next());
    }

    /**
     * What an update did on the provider: the registration to store, and how to take it back (as far as possible)
     * when the hook then cannot be stored.
     */
    private record ProviderChange(Registration registration, Runnable undo) {

        static ProviderChange none(Registration registration) {
            return new ProviderChange(registration, () -> { });
        }
    }

    /**
     * Calls the provider so that its webhook matches {@code updated}, before anything is stored. A changed
     * {@code method} registers the new way first and then removes the old registration, as a move to another
     * repository does.
     *
     * @param requestedMethod the registration method the request names; empty keeps the current one
     */
    private ProviderChange changeOnProvider(Hook previous, Hook updated, Optional<Boolean> register,
            Optional<RegistrationMethod> requestedMethod, String publicBaseUrl) {
        Registration current = previous.registration();
        if (updated.appSource() != null) {
            // The app's webhook delivers the events: a webhook registered in token mode goes, with the stored token.
            if (current != null) {
                unregisterPrevious(previous, current, previous.token());
            }
            return ProviderChange.none(null);
        }
        RegistrationMethod method = requestedMethod.orElse(current != null ? current.method()
                : RegistrationMethod.WEBHOOK);
        boolean wanted = register.orElse(current != null);
        if (current == null && !wanted) {
            if (requestedMethod.isPresent()) {
                throw new ValidationException(Map.of("registration.method", "applies only to a hook gitbridge"
                        + " registers; send \"register\": true"));
            }
            return ProviderChange.none(null);
        }
        String token = updated.token() != null ? updated.token() : previous.token();
        if (!wanted) {
            unregisterPrevious(previous, current, token);
            return ProviderChange.none(null);
        }
        if (updated.token() == null) {
            throw new ValidationException(Map.of("token", "is needed to keep the webhook on the provider up to date;"
                    + " send \"register\": false to delete that webhook instead"));
        }
        WebhookRegistrar registrar = registrar(updated.provider(), method).orElseThrow(() -> new ValidationException(
                Map.of("register", "provider " + updated.provider() + " has no " + method.wire() + " registration"
                        + " that gitbridge supports; send \"register\": false to delete the webhook gitbridge"
                        + " registered for this hook")));
        RepositoryLocation location = location(registrar, updated);
        RegistrationRequest request = request(updated, location, updated.token(), publicBaseUrl);
        if (current == null) {
            String id = registrar.register(request);
            return new ProviderChange(registered(id, method), () -> unregisterQuietly(registrar, id, location, token));
        }
        Optional<RepositoryLocation> previousLocation = previous.provider().equals(updated.provider())
                ? Optional.of(location(registrar, previous)) : Optional.empty();
        if (!previousLocation.equals(Optional.of(location)) || current.method() != method) {
            String id = registrar.register(request);
            try {
                unregisterPrevious(previous, current, token);
            } catch (RuntimeException e) {
                unregisterQuietly(registrar, id, location, token);
                throw e;
            }
            return new ProviderChange(registered(id, method), () -> unregisterQuietly(registrar, id, location, token));
        }
        boolean changed = register.isPresent()
                || current.status() != Registration.Status.REGISTERED
                || !previous.secret().equals(updated.secret())
                || !previous.events().equals(updated.events())
                || !previous.branch().equals(updated.branch());
        if (!changed) {
            return ProviderChange.none(current);
        }
        String id = registrar.update(current.providerHookId(), request);
        RegistrationRequest before = request(previous, location, updated.token(), publicBaseUrl);
        return new ProviderChange(registered(id, method), () -> {
            try {
                registrar.update(id, before);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not restore the webhook of hook " + previous.id() + " on "
                        + previous.provider() + " after its update failed: " + e.getMessage());
            }
        });
    }

    /**
     * Stores {@code updated} with the registration {@code change} left on the provider, taking the change back when
     * the hook cannot be stored; empty when the hook was deleted meanwhile.
     */
    private Optional<Hook> store(Hook previous, Hook updated, ProviderChange change) {
        Hook stored = updated.toBuilder().registration(change.registration()).build();
        boolean done;
        try {
            done = hooks.update(previous, stored);
        } catch (RuntimeException e) {
            change.undo().run();
            throw e;
        }
        if (!done) {
            change.undo().run();
            return Optional.empty();
        }
        return Optional.of(stored);
    }

    /** Deletes the webhook registered for {@code previous}, where {@code previous} says it is. */
    private void unregisterPrevious(Hook previous, Registration current, String token) {
        Optional<WebhookRegistrar> registrar = registrar(previous);
        if (registrar.isEmpty()) {
            return;
        }
        if (token == null) {
            throw new ValidationException(Map.of("token", "is needed to delete the webhook gitbridge registered on"
                    + " the provider"));
        }
        registrar.get().unregister(current.providerHookId(), location(registrar.get(), previous), token);
    }

    /** The registrar of the webhook registered for {@code hook}, by its registration's method. */
    private Optional<WebhookRegistrar> registrar(Hook hook) {
        return registrar(hook.provider(), hook.registration() == null ? RegistrationMethod.WEBHOOK
                : hook.registration().method());
    }

    private Optional<WebhookRegistrar> registrar(String provider, RegistrationMethod method) {
        return validator.providers().find(provider).flatMap(p -> p.registrar(method));
    }

    private static RepositoryLocation location(WebhookRegistrar registrar, Hook hook) {
        try {
            return registrar.locate(hook.sourceRepo(), hook.apiUrl());
        } catch (IllegalArgumentException e) {
            throw new ValidationException(Map.of("sourceRepo", e.getMessage()));
        }
    }

    private static RegistrationRequest request(Hook hook, RepositoryLocation location, String token,
            String publicBaseUrl) {
        return new RegistrationRequest(location, token, publicBaseUrl + "/webhooks/" + hook.id(), hook.secret(),
                hook.events(), hook.branch(), "gitbridge " + hook.project() + " (" + hook.id() + ")",
                hook.sourceRepo());
    }

    private static Registration registered(String providerHookId, RegistrationMethod method) {
        return new Registration(Registration.Status.REGISTERED, providerHookId, null, method);
    }

    private static void unregisterQuietly(WebhookRegistrar registrar, String providerHookId,
            RepositoryLocation location, String token) {
        try {
            registrar.unregister(providerHookId, location, token);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not delete webhook " + providerHookId + " on " + location.fullName()
                    + " after the hook could not be stored: " + e.getMessage());
        }
    }

    /** Deletes a hook whose registration failed with {@code failure}, keeping that failure the one reported. */
    private void deleteAfterFailure(Hook hook, RuntimeException failure) {
        try {
            hooks.delete(hook.id());
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
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
