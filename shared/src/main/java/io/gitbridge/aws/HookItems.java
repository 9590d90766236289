package io.gitbridge.aws;

import io.gitbridge.hook.AppSource;
import io.gitbridge.hook.Hook;
import io.gitbridge.hook.HookAuth;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.hook.LastSync;
import io.gitbridge.hook.MergeMode;
import io.gitbridge.hook.Registration;
import io.gitbridge.provider.RegistrationMethod;
import io.gitbridge.hook.SecretRotation;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The static schema of the hooks table: every attribute named here, mapped by hand, no reflection.
 * Hook items carry {@code listKey}/{@code createdKey} for the {@code byCreated} index; project guard
 * items ({@code id = project#<name in lower case>}) do not, so they stay out of listings. Guards written before
 * project names were compared ignoring case keep the name as it was typed, until {@link DynamoHookRepository} moves
 * them; the item {@code meta#projectGuards} says it has.
 */
final class HookItems {

    static final String ID = "id";
    static final String LIST_KEY = "listKey";
    static final String CREATED_KEY = "createdKey";
    static final String HOOK_LIST = "hook";
    static final String BY_CREATED = "byCreated";
    static final String GUARD_HOOK_ID = "hookId";
    static final String LAST_SYNC = "lastSync";
    static final String FAILURES = "consecutiveFailures";
    /** Absent on hooks stored before merge modes existed, which read as {@link MergeMode#THEIRS}. */
    static final String MERGE_MODE = "mergeMode";
    /**
     * The secret before the latest rotation and until when it is accepted (ISO-8601), both absent when there is none;
     * stored like {@code secret}, because the receiver, which has no token cipher, must read it.
     */
    static final String PREVIOUS_SECRET = "previousSecret";
    static final String PREVIOUS_SECRET_VALID_UNTIL = "previousSecretValidUntil";
    /**
     * A hook in GitHub App mode: {@code auth} ({@code github-app}; absent in token mode, also on hooks stored before
     * app mode existed), its installation's id and GitHub's repository id (N) and full name.
     */
    static final String AUTH = "auth";
    static final String INSTALLATION_ID = "installationId";
    static final String REPOSITORY_ID = "repositoryId";
    static final String REPOSITORY_FULL_NAME = "repositoryFullName";
    /** The credentials: sealed by a token cipher, mapped by {@link HookTokens}, not here. */
    static final String TOKEN = "token";
    static final String BUILD_TOKEN = "buildToken";
    /**
     * Every attribute {@link #fromItem} reads except the tokens: what a reader without a token cipher fetches.
     * A new hook attribute belongs here too, unless it is a credential.
     */
    static final List<String> ATTRIBUTES_WITHOUT_TOKENS = List.of(ID, "project", "provider", "sourceRepo", "branch",
            "push", "ci", "secret", "buildRepo", "buildBranch", "apiUrl", "registration", "createdAt", "updatedAt",
            LAST_SYNC, FAILURES, MERGE_MODE, PREVIOUS_SECRET, PREVIOUS_SECRET_VALID_UNTIL, AUTH, INSTALLATION_ID,
            REPOSITORY_ID, REPOSITORY_FULL_NAME);

    private HookItems() {
    }

    /** Marks a table whose guards are all lower case (or kept as typed where two names differ only in case). */
    static final String GUARDS_LOWER_CASED = "meta#projectGuards";

    /** Project names are unique ignoring case, so the guard holds the name in lower case. */
    static String guardId(String project) {
        return "project#" + project.toLowerCase(Locale.ROOT);
    }

    /** The guard as written before names were compared ignoring case: the name as typed. */
    static String legacyGuardId(String project) {
        return "project#" + project;
    }

    /** False for guard and marker items, which share the table with hooks. */
    static boolean isHookId(String id) {
        return !id.startsWith("project#") && !id.startsWith("meta#");
    }

    static Map<String, AttributeValue> key(String id) {
        return Map.of(ID, s(id));
    }

    static Map<String, AttributeValue> guard(Hook hook) {
        return Map.of(ID, s(guardId(hook.project())), GUARD_HOOK_ID, s(hook.id()));
    }

    /** The whole item of a new hook, without its tokens. */
    static Map<String, AttributeValue> toItem(Hook hook) {
        Map<String, AttributeValue> item = new HashMap<>(adminFields(hook));
        item.put(ID, s(hook.id()));
        item.put(LIST_KEY, s(HOOK_LIST));
        item.put(CREATED_KEY, s(SortKeys.timeThenId(hook.createdAt(), hook.id())));
        item.put("createdAt", s(hook.createdAt().toString()));
        if (hook.lastSync() != null) {
            item.put(LAST_SYNC, lastSync(hook.lastSync()));
        }
        return item;
    }

    /**
     * The attributes an admin sets, tokens aside, with null for an absent optional one (to be removed on update).
     */
    static Map<String, AttributeValue> adminFields(Hook hook) {
        Map<String, AttributeValue> fields = new HashMap<>();
        fields.put("project", s(hook.project()));
        fields.put("provider", s(hook.provider()));
        fields.put("sourceRepo", s(hook.sourceRepo()));
        fields.put("branch", s(hook.branch()));
        fields.put("push", AttributeValue.fromBool(hook.events().push()));
        fields.put("ci", AttributeValue.fromBool(hook.events().ci()));
        fields.put("secret", s(hook.secret()));
        fields.put("buildRepo", s(hook.buildRepo()));
        fields.put("buildBranch", s(hook.buildBranch()));
        fields.put("apiUrl", hook.apiUrl() == null ? null : s(hook.apiUrl()));
        fields.put(MERGE_MODE, s(hook.mergeMode().wire()));
        fields.put("registration", hook.registration() == null ? null : registration(hook.registration()));
        SecretRotation rotation = hook.secretRotation();
        fields.put(PREVIOUS_SECRET, rotation == null ? null : s(rotation.previousSecret()));
        fields.put(PREVIOUS_SECRET_VALID_UNTIL, rotation == null ? null : s(rotation.previousValidUntil().toString()));
        AppSource app = hook.appSource();
        fields.put(AUTH, app == null ? null : s(hook.auth().wire()));
        fields.put(INSTALLATION_ID, app == null ? null : AttributeValue.fromN(Long.toString(app.installationId())));
        fields.put(REPOSITORY_ID, app == null ? null : AttributeValue.fromN(Long.toString(app.repositoryId())));
        fields.put(REPOSITORY_FULL_NAME, app == null ? null : s(app.fullName()));
        fields.put("updatedAt", s(hook.updatedAt().toString()));
        return fields;
    }

    static AttributeValue registration(Registration registration) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("status", s(registration.status().wire()));
        if (registration.providerHookId() != null) {
            map.put("providerHookId", s(registration.providerHookId()));
        }
        if (registration.error() != null) {
            map.put("error", s(registration.error()));
        }
        map.put("method", s(registration.method().wire()));
        return AttributeValue.fromM(map);
    }

    static AttributeValue lastSync(LastSync sync) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("status", s(sync.status().wire()));
        if (sync.commit() != null) {
            map.put("commit", s(sync.commit()));
        }
        map.put("at", s(sync.at().toString()));
        if (sync.error() != null) {
            map.put("error", s(sync.error()));
        }
        if (sync.warning() != null) {
            map.put("warning", s(sync.warning()));
        }
        return AttributeValue.fromM(map);
    }

    /** The hook an item holds, without its tokens. */
    static Hook fromItem(Map<String, AttributeValue> item) {
        return Hook.builder()
                .id(str(item, ID))
                .project(str(item, "project"))
                .provider(str(item, "provider"))
                .sourceRepo(str(item, "sourceRepo"))
                .branch(str(item, "branch"))
                .events(new HookEvents(bool(item, "push"), bool(item, "ci")))
                .secret(str(item, "secret"))
                .buildRepo(str(item, "buildRepo"))
                .buildBranch(str(item, "buildBranch"))
                .apiUrl(str(item, "apiUrl"))
                .registration(item.containsKey("registration") ? registrationFrom(item.get("registration").m()) : null)
                .createdAt(Instant.parse(str(item, "createdAt")))
                .updatedAt(Instant.parse(str(item, "updatedAt")))
                .lastSync(item.containsKey(LAST_SYNC) ? lastSyncFrom(item.get(LAST_SYNC).m()) : null)
                .consecutiveFailures(item.containsKey(FAILURES) ? Integer.parseInt(item.get(FAILURES).n()) : 0)
                .mergeMode(mergeModeFrom(str(item, MERGE_MODE)))
                .secretRotation(secretRotationFrom(item))
                .appSource(appSourceFrom(item))
                .build();
    }

    private static AppSource appSourceFrom(Map<String, AttributeValue> item) {
        if (!HookAuth.GITHUB_APP.wire().equals(str(item, AUTH)) || !item.containsKey(INSTALLATION_ID)
                || !item.containsKey(REPOSITORY_ID)) {
            return null;
        }
        return new AppSource(Long.parseLong(item.get(INSTALLATION_ID).n()), Long.parseLong(item.get(REPOSITORY_ID).n()),
                str(item, REPOSITORY_FULL_NAME));
    }

    private static SecretRotation secretRotationFrom(Map<String, AttributeValue> item) {
        String previous = str(item, PREVIOUS_SECRET);
        String validUntil = str(item, PREVIOUS_SECRET_VALID_UNTIL);
        return previous == null || validUntil == null ? null : new SecretRotation(previous, Instant.parse(validUntil));
    }

    private static MergeMode mergeModeFrom(String stored) {
        return stored == null ? MergeMode.THEIRS : MergeMode.fromWire(stored)
                .orElseThrow(() -> new IllegalStateException("unknown stored mergeMode '" + stored + "'"));
    }

    private static Registration registrationFrom(Map<String, AttributeValue> map) {
        String method = str(map, "method");
        return new Registration(Registration.Status.fromWire(str(map, "status")), str(map, "providerHookId"),
                str(map, "error"), method == null ? RegistrationMethod.WEBHOOK : RegistrationMethod.fromWire(method)
                        .orElseThrow(() -> new IllegalStateException("unknown stored registration method '" + method
                                + "'")));
    }

    private static LastSync lastSyncFrom(Map<String, AttributeValue> map) {
        return new LastSync(LastSync.Status.fromWire(str(map, "status")), str(map, "commit"),
                Instant.parse(str(map, "at")), str(map, "error"), str(map, "warning"));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }
}
