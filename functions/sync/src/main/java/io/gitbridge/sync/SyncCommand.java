package io.gitbridge.sync;

import io.gitbridge.net.AllowedNetworks;
import io.gitbridge.net.HostRefusedException;
import io.gitbridge.net.HostResolver;
import io.gitbridge.net.UrlPolicy;
import io.gitbridge.sync.SyncResult.Status;
import io.gitbridge.sync.internal.CachedRepository;
import io.gitbridge.sync.internal.FetchSession;
import io.gitbridge.sync.internal.GuardedHttp;
import io.gitbridge.sync.internal.Redaction;
import io.gitbridge.sync.internal.RepositoryUrl;
import io.gitbridge.sync.internal.SingleAttemptCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one branch of a build repository to one commit of a source repository. Like a JGit command it is
 * configured with setters and then {@link #call() called} once.
 *
 * <p>The sync fetches the source ref, and when the commit is not on it (the branch was rewritten), the commit
 * by id; without a commit it syncs the head the source ref has. Then it reads the build branch and:
 * <ul>
 *   <li>no build branch, or an empty build repository: creates the branch at the commit ({@link Status#CREATED});
 *   <li>the commit is already reachable from the build branch: pushes nothing ({@link Status#UP_TO_DATE});
 *   <li>the build branch is an ancestor of the commit: fast-forwards it ({@link Status#FAST_FORWARD});
 *   <li>otherwise: pushes a merge commit with parents [build head, commit] whose tree is exactly the commit's
 *       tree, so the source wins entirely, even over files only the build branch had ({@link Status#MERGED}).
 * </ul>
 * Every push states the build head it replaces (compare-and-swap), so a concurrent change of the build branch
 * is a {@link BuildRepositoryRejectedException}, never overwritten. After a sync that pushed, the build
 * branch's tree equals the commit's tree; after any sync, the commit is reachable from the build branch.
 *
 * <p>Objects are kept in a bare repository in the work directory and reused by later calls with the same
 * directory (one per hook), so a warm caller fetches only what is new. A damaged work repository is deleted
 * and rebuilt once.
 *
 * <p>Failures are {@link SyncException}s whose messages name repositories without user info and never contain
 * a credential.
 */
public final class SyncCommand {

    /** The committer name of merge commits unless {@link #setCommitter} says otherwise. */
    public static final String COMMITTER_NAME = "gitbridge";

    /** The committer email of merge commits unless {@link #setCommitter} says otherwise. */
    public static final String COMMITTER_EMAIL = "gitbridge@users.noreply.gitbridge.io";

    private static final Logger LOG = LoggerFactory.getLogger(SyncCommand.class);
    private static final String SOURCE = "source";
    private static final String BUILD = "build";

    private final Path workDir;
    private String sourceUrl;
    private CredentialsProvider sourceCredentials;
    private String commit;
    private String sourceRef;
    private String buildUrl;
    private CredentialsProvider buildCredentials;
    private String buildBranch;
    private String deliveryId;
    private PersonIdent committer;
    private UrlPolicy urlPolicy = UrlPolicy.deployed(AllowedNetworks.NONE, HostResolver.SYSTEM);
    private Duration timeout = Duration.ofSeconds(60);
    private boolean called;

    /**
     * A sync that works in the bare repository at {@code workDir}, created when missing. Give each hook its
     * own directory and reuse it across calls.
     */
    public SyncCommand(Path workDir) {
        this.workDir = Objects.requireNonNull(workDir, "workDir");
    }

    /** The source repository's URL (required) and its credentials, or null for a public repository. */
    public SyncCommand setSource(String url, CredentialsProvider credentials) {
        this.sourceUrl = url;
        this.sourceCredentials = credentials;
        return this;
    }

    /** The source commit to sync, 40 hex digits; null (the default) syncs the head the source ref has. */
    public SyncCommand setCommit(String commit) {
        this.commit = commit;
        return this;
    }

    /** The full source ref the commit was seen on, e.g. {@code refs/heads/main} (required). */
    public SyncCommand setSourceRef(String ref) {
        this.sourceRef = ref;
        return this;
    }

    /** The build repository's URL (required) and its credentials, or null when it needs none. */
    public SyncCommand setBuild(String url, CredentialsProvider credentials) {
        this.buildUrl = url;
        this.buildCredentials = credentials;
        return this;
    }

    /** The build branch, short name such as {@code main} (required). */
    public SyncCommand setBuildBranch(String branch) {
        this.buildBranch = branch;
        return this;
    }

    /** The provider delivery that asked for this sync, named in merge commit messages; optional. */
    public SyncCommand setDeliveryId(String deliveryId) {
        this.deliveryId = deliveryId;
        return this;
    }

    /**
     * Author and committer of merge commits, with their time; defaults to {@value #COMMITTER_NAME}
     * {@literal <}{@value #COMMITTER_EMAIL}{@literal >} now.
     */
    public SyncCommand setCommitter(PersonIdent committer) {
        this.committer = committer;
        return this;
    }

    /**
     * Whether {@code file://} URLs and local paths are accepted: true selects the local runner's URL rules, false (the
     * default) the deployed ones, both resolving names with the system resolver; see {@link #setUrlPolicy}.
     */
    public SyncCommand setAllowFileUrls(boolean allow) {
        this.urlPolicy = allow ? UrlPolicy.local(HostResolver.SYSTEM)
                : UrlPolicy.deployed(AllowedNetworks.NONE, HostResolver.SYSTEM);
        return this;
    }

    /**
     * Where the sync may connect: checked when the URLs are read and again right before every connection (which goes
     * to the addresses checked); default the deployed rules without exceptions.
     */
    public SyncCommand setUrlPolicy(UrlPolicy policy) {
        this.urlPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** How long one network read may block; default 60 seconds. */
    public SyncCommand setTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.timeout = timeout;
        return this;
    }

    /**
     * Runs the sync.
     *
     * @return what was done to the build branch
     * @throws UrlNotAllowedException when a URL is not accepted by the policy
     * @throws SourceUnavailableException when the commit (without one: the source ref) cannot be had from the source
     *         repository
     * @throws BuildRepositoryUnavailableException when the build repository cannot be read
     * @throws BuildRepositoryRejectedException when the build repository refuses the push
     * @throws SyncException when the input is invalid or the work directory cannot be used
     * @throws IllegalStateException when called twice or a required setting is missing
     */
    public SyncResult call() {
        if (called) {
            throw new IllegalStateException("a SyncCommand can be called only once");
        }
        called = true;
        Plan plan = plan();
        return CachedRepository.locked(workDir, () -> syncWithCache(plan));
    }

    private SyncResult syncWithCache(Plan plan) {
        try {
            return syncIn(plan);
        } catch (DamagedCache damage) {
            LOG.warn("work repository {} is unusable ({}); deleting it and starting over", workDir,
                    plan.redaction.apply(damage.getCause().toString()));
            deleteCache(damage);
            try {
                return syncIn(plan);
            } catch (DamagedCache again) {
                throw new SyncException("the sync's work repository failed: "
                        + plan.redaction.apply(String.valueOf(again.getCause().getMessage())), again.getCause());
            }
        }
    }

    private SyncResult syncIn(Plan plan) {
        try (Repository repository = CachedRepository.openOrCreate(workDir)) {
            return sync(repository, plan);
        } catch (SyncException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DamagedCache(e);
        }
    }

    private SyncResult sync(Repository repository, Plan plan) throws IOException {
        RevCommit source = fetchSourceCommit(repository, plan);
        Optional<ObjectId> buildHead = fetchBuildHead(repository, plan);
        if (buildHead.isEmpty()) {
            return push(repository, plan, source, source, null, Status.CREATED);
        }
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(source);
            RevCommit head = buildCommit(walk, buildHead.get(), plan);
            if (walk.isMergedInto(commit, head)) {
                return new SyncResult(Status.UP_TO_DATE, commit, head, head);
            }
            if (walk.isMergedInto(head, commit)) {
                return push(repository, plan, commit, commit, head, Status.FAST_FORWARD);
            }
            return push(repository, plan, commit, writeMerge(repository, plan, head, commit), head, Status.MERGED);
        }
    }

    /**
     * Fetches the source ref, then the commit by id when the ref does not bring it; without a commit to sync, the
     * ref's head is the commit.
     */
    private RevCommit fetchSourceCommit(Repository repository, Plan plan) throws IOException {
        boolean refExists;
        ObjectId wanted = plan.commit;
        try (FetchSession session = openFetch(repository, plan.source, plan.sourceCredentials, plan.sourceRef)) {
            Optional<ObjectId> tip = session.advertised(plan.sourceRef);
            refExists = tip.isPresent();
            if (refExists) {
                session.fetch(tip.get());
                updateCacheRef(repository, SOURCE, tip.get());
            }
            if (wanted == null) {
                wanted = tip.orElseThrow(() -> new SourceUnavailableException(refNotFound(plan)));
            }
        } catch (TransportException e) {
            throw sourceFailure(plan, "cannot fetch " + plan.sourceRef + " from", e);
        }
        ObjectId commit = wanted;
        if (!repository.getObjectDatabase().has(commit)) {
            LOG.debug("commit {} is not on {}; fetching it by id", commit.name(), plan.sourceRef);
            try (FetchSession session = openFetch(repository, plan.source, plan.sourceCredentials, plan.sourceRef)) {
                session.fetch(commit);
            } catch (TransportException e) {
                if (accessProblem(e, SOURCE, plan.source, plan.sourceCredentials).isPresent()) {
                    throw sourceFailure(plan, "cannot fetch commit " + commit.name() + " from", e);
                }
                throw new SourceUnavailableException(commitNotFound(plan, commit, refExists), e);
            }
            if (!repository.getObjectDatabase().has(commit)) {
                throw new SourceUnavailableException(commitNotFound(plan, commit, refExists));
            }
        }
        try (RevWalk walk = new RevWalk(repository)) {
            RevObject object = walk.parseAny(commit);
            if (!(object instanceof RevCommit found)) {
                throw new SourceUnavailableException(commit.name() + " on the source repository "
                        + plan.source.display() + " is a " + Constants.typeString(object.getType()) + ", not a commit");
            }
            return found;
        }
    }

    /** Fetches the build branch; empty when the build repository does not have it. */
    private Optional<ObjectId> fetchBuildHead(Repository repository, Plan plan) throws IOException {
        try (FetchSession session = openFetch(repository, plan.build, plan.buildCredentials, plan.buildRef())) {
            Optional<ObjectId> head = session.advertised(plan.buildRef());
            if (head.isPresent()) {
                session.fetch(head.get());
                updateCacheRef(repository, BUILD, head.get());
            }
            return head;
        } catch (TransportException e) {
            String reason = guardRefusal(e, BUILD, plan.build)
                    .or(() -> accessProblem(e, BUILD, plan.build, plan.buildCredentials))
                    .orElseGet(() -> "cannot fetch branch " + plan.buildBranch + " from the build repository "
                            + plan.build.display() + ": " + transportMessage(e, plan));
            throw new BuildRepositoryUnavailableException(plan.redaction.apply(reason), e);
        }
    }

    private RevCommit buildCommit(RevWalk walk, ObjectId head, Plan plan) throws IOException {
        RevObject object = walk.parseAny(head);
        RevObject peeled = walk.peel(object);
        if (!(peeled instanceof RevCommit commit)) {
            throw new BuildRepositoryRejectedException("the build branch " + plan.buildBranch + " of "
                    + plan.build.display() + " points to a " + Constants.typeString(peeled.getType()) + ", not a commit");
        }
        walk.parseHeaders(commit);
        return commit;
    }

    /** A commit with the source commit's tree and parents [build head, source commit]. */
    private ObjectId writeMerge(Repository repository, Plan plan, RevCommit head, RevCommit commit) throws IOException {
        CommitBuilder merge = new CommitBuilder();
        merge.setTreeId(commit.getTree());
        merge.setParentIds(head, commit);
        merge.setAuthor(plan.committer);
        merge.setCommitter(plan.committer);
        merge.setMessage(mergeMessage(plan, commit));
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            ObjectId id = inserter.insert(merge);
            inserter.flush();
            return id;
        }
    }

    private static String mergeMessage(Plan plan, ObjectId commit) {
        String delivery = plan.deliveryId == null ? "" : " (gitbridge delivery " + plan.deliveryId + ")";
        return "Sync " + plan.sourceRef + " at " + commit.name() + delivery + "\n\n"
                + "The tree is exactly that of " + commit.name() + ": changes made only on\n"
                + "the build branch are replaced by the source.\n";
    }

    /**
     * Pushes {@code newHead} (the source commit, or a merge of it) to the build branch, requiring the branch to still
     * be at {@code oldHead}.
     */
    private SyncResult push(Repository repository, Plan plan, ObjectId source, ObjectId newHead, ObjectId oldHead,
            Status status) throws IOException {
        RemoteRefUpdate update = new RemoteRefUpdate(repository, null, newHead, plan.buildRef(), false, null,
                oldHead == null ? ObjectId.zeroId() : oldHead);
        try (Transport transport = Transport.open(repository, plan.build.uri());
                GuardedHttp guard = GuardedHttp.install(transport, plan.policy, plan.build,
                        plan.buildCredentials != null, timeout)) {
            transport.setCredentialsProvider(SingleAttemptCredentials.of(plan.buildCredentials, plan.build.uri()));
            transport.setTimeout(Math.toIntExact(timeout.toSeconds()));
            transport.push(NullProgressMonitor.INSTANCE, List.of(update));
        } catch (NotSupportedException e) {
            throw new UrlNotAllowedException("the build repository " + plan.build.display() + " cannot be pushed to");
        } catch (TransportException e) {
            throw new BuildRepositoryRejectedException(plan.redaction.apply(pushFailure(plan, e)), e);
        }
        switch (update.getStatus()) {
            case OK, UP_TO_DATE -> {
                updateCacheRefQuietly(repository, newHead);
                LOG.debug("pushed {} to {} ({})", newHead.name(), plan.buildRef(), status);
                return new SyncResult(status, source, newHead, oldHead);
            }
            case REJECTED_REMOTE_CHANGED -> throw new BuildRepositoryRejectedException(pushRefused(plan)
                    + " because the branch changed during the sync (expected " + describe(oldHead)
                    + "); the retry reads it again");
            default -> {
                String reason = update.getMessage() != null
                        ? update.getMessage()
                        : update.getStatus().name().toLowerCase(Locale.ROOT).replace('_', ' ');
                throw new BuildRepositoryRejectedException(plan.redaction.apply(pushRefused(plan) + " (" + reason + ")"
                        + (mayBeAConcurrentChange(update) ? "; if the branch changed during the sync, the retry reads it"
                        + " again" : "")));
            }
        }
    }

    /**
     * True when the server's refusal may mean that another writer moved the branch (its compare-and-swap failed), which
     * a retry resolves; false for a rule of the server (a protected branch, a hook), which only the admin can change.
     */
    private static boolean mayBeAConcurrentChange(RemoteRefUpdate update) {
        String message = update.getMessage() == null ? "" : update.getMessage().toLowerCase(Locale.ROOT);
        return update.getStatus() == RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD
                || message.equals(JGitText.get().invalidOldIdSent.toLowerCase(Locale.ROOT))
                || message.contains("lock");
    }

    private static String pushRefused(Plan plan) {
        return "the build repository " + plan.build.display() + " refused the push to branch " + plan.buildBranch;
    }

    /** Why a push failed in transport: refused for access, in words an admin can act on, or not reached at all. */
    private static String pushFailure(Plan plan, TransportException e) {
        Optional<String> refusal = guardRefusal(e, BUILD, plan.build);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        return accessDenial(e).map(denial -> pushRefused(plan) + ": " + switch (denial) {
            case NOT_FOUND -> "the repository was not found";
            case TOKEN_REJECTED -> plan.buildCredentials == null
                    ? "it requires credentials, and none are set; set the hook's buildToken"
                    : "it rejected the token; the hook's buildToken must be allowed to push";
            case NO_CREDENTIALS -> "it requires credentials, and none are set; set the hook's buildToken";
            case FORBIDDEN -> "access denied (HTTP 403); the hook's buildToken must be allowed to push";
        }).orElseGet(() -> "cannot push to the build repository " + plan.build.display() + ": "
                + transportMessage(e, plan));
    }

    private FetchSession openFetch(Repository repository, RepositoryUrl url, CredentialsProvider credentials,
            String refName) throws TransportException {
        return FetchSession.open(repository, url, urlPolicy, credentials, timeout, List.of(refName));
    }

    /**
     * What an admin should hear when gitbridge itself refused a connection: a redirect to another host with
     * credentials, or a host whose address the URL policy refuses at connect time; empty otherwise. Names the other
     * host only, never what was (not) sent to it.
     */
    private static Optional<String> guardRefusal(TransportException e, String role, RepositoryUrl url) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof GuardedHttp.RedirectRefusedException redirect) {
                return Optional.of("the " + role + " repository " + url.display() + " redirected to another host ("
                        + redirect.target() + "); gitbridge does not follow it with credentials");
            }
            if (cause instanceof HostRefusedException refused) {
                return Optional.of("the " + role + " repository " + url.display() + " was not contacted: its host "
                        + refused.host() + " " + refused.reason());
            }
        }
        return Optional.empty();
    }

    private SourceUnavailableException sourceFailure(Plan plan, String action, TransportException e) {
        String reason = guardRefusal(e, SOURCE, plan.source)
                .or(() -> accessProblem(e, SOURCE, plan.source, plan.sourceCredentials))
                .orElseGet(() -> action + " the source repository " + plan.source.display() + ": "
                        + transportMessage(e, plan));
        return new SourceUnavailableException(plan.redaction.apply(reason), e);
    }

    private static String commitNotFound(Plan plan, ObjectId commit, boolean refExists) {
        String where = refExists
                ? "it is not on " + plan.sourceRef + " and could not be fetched by id"
                : plan.sourceRef + " does not exist there and the commit could not be fetched by id";
        return "commit " + commit.name() + " not found on source " + plan.source.display() + " (" + where + ")";
    }

    /** The source ref of a sync of its head is missing: for a branch, the hook names a branch the source lacks. */
    private static String refNotFound(Plan plan) {
        String what = plan.sourceRef.startsWith(Constants.R_HEADS)
                ? "branch " + plan.sourceRef.substring(Constants.R_HEADS.length())
                : plan.sourceRef;
        return what + " was not found on the source repository " + plan.source.display() + "; check the hook's branch";
    }

    /** What an admin should hear when the failure is about access rather than content; empty otherwise. */
    private static Optional<String> accessProblem(TransportException e, String role, RepositoryUrl url,
            CredentialsProvider credentials) {
        String repository = "the " + role + " repository " + url.display();
        return accessDenial(e).map(denial -> switch (denial) {
            case NOT_FOUND -> repository + " was not found"
                    + (credentials == null ? "" : " (or the token cannot see it)");
            case TOKEN_REJECTED -> credentials == null
                    ? repository + " requires credentials, and none are set"
                    : repository + " rejected the token; check the hook's " + tokenField(role);
            case NO_CREDENTIALS -> repository + " requires credentials, and none are set";
            case FORBIDDEN -> repository + " refused access (HTTP 403)";
        });
    }

    /** The hook field holding the token for the repository in {@code role}. */
    private static String tokenField(String role) {
        return role.equals(SOURCE) ? "token" : "buildToken";
    }

    /** How a server turned a request down for access, read from JGit's exception; empty for other failures. */
    private static Optional<Denial> accessDenial(TransportException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof NoRemoteRepositoryException) {
            return Optional.of(Denial.NOT_FOUND);
        }
        if (message.endsWith(JGitText.get().notAuthorized)) {
            return Optional.of(Denial.TOKEN_REJECTED);
        }
        if (message.endsWith(JGitText.get().noCredentialsProvider)) {
            return Optional.of(Denial.NO_CREDENTIALS);
        }
        if (message.contains(" not permitted on ")) {
            return Optional.of(Denial.FORBIDDEN);
        }
        return Optional.empty();
    }

    /** The ways a server turns a request down for access. */
    private enum Denial {
        NOT_FOUND, TOKEN_REJECTED, NO_CREDENTIALS, FORBIDDEN
    }

    /** The transport's own message without the URL it starts with; the caller names the repository. */
    private static String transportMessage(TransportException e, Plan plan) {
        String message = String.valueOf(e.getMessage());
        for (RepositoryUrl url : List.of(plan.source, plan.build)) {
            String prefix = url.uri().toString() + ": ";
            if (message.startsWith(prefix)) {
                message = message.substring(prefix.length());
            }
        }
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message = message + " (" + cause.getMessage() + ")";
        }
        return message;
    }

    private static String describe(ObjectId head) {
        return head == null ? "no branch" : head.name();
    }

    private static void updateCacheRef(Repository repository, String name, ObjectId id) throws IOException {
        RefUpdate update = repository.updateRef(CachedRepository.REFS + name);
        update.setNewObjectId(id);
        update.setForceUpdate(true);
        update.disableRefLog();
        switch (update.update()) {
            case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> {
            }
            default -> throw new IOException("cannot update " + CachedRepository.REFS + name + ": " + update.getResult());
        }
    }

    private void updateCacheRefQuietly(Repository repository, ObjectId newHead) {
        try {
            updateCacheRef(repository, BUILD, newHead);
        } catch (IOException e) {
            // The push happened; the cache only loses a negotiation hint and catches up on the next fetch.
            LOG.warn("cannot record the pushed build head in {}: {}", workDir, e.toString());
        }
    }

    private void deleteCache(DamagedCache damage) {
        try {
            CachedRepository.delete(workDir);
        } catch (IOException e) {
            SyncException failure = new SyncException("the sync's work repository is damaged and cannot be deleted", e);
            failure.addSuppressed(damage.getCause());
            throw failure;
        }
    }

    /** Checks the settings and derives what the sync needs. */
    private Plan plan() {
        require(sourceUrl, "source URL");
        require(sourceRef, "source ref");
        require(buildUrl, "build URL");
        require(buildBranch, "build branch");
        if (commit != null && !ObjectId.isId(commit)) {
            throw new SyncException("'" + commit + "' is not a full commit id (40 hex digits)");
        }
        if (!sourceRef.startsWith(Constants.R_REFS) || !Repository.isValidRefName(sourceRef)) {
            throw new SyncException("'" + sourceRef + "' is not a full ref name such as refs/heads/main");
        }
        if (!Repository.isValidRefName(Constants.R_HEADS + buildBranch)) {
            throw new SyncException("'" + buildBranch + "' is not a valid branch name");
        }
        RepositoryUrl source = RepositoryUrl.parse(sourceUrl, SOURCE, urlPolicy, sourceCredentials != null);
        RepositoryUrl build = RepositoryUrl.parse(buildUrl, BUILD, urlPolicy, buildCredentials != null);
        CredentialsProvider sourceAuth = credentials(sourceCredentials, source);
        CredentialsProvider buildAuth = credentials(buildCredentials, build);
        List<Redaction.Credential> secrets = new ArrayList<>();
        for (RepositoryUrl url : List.of(source, build)) {
            secrets.add(new Redaction.Credential(url.user(), url.password()));
        }
        secrets.add(credential(sourceAuth, source));
        secrets.add(credential(buildAuth, build));
        Redaction redaction = Redaction.of(secrets);
        return new Plan(source, sourceAuth, commit == null ? null : ObjectId.fromString(commit), sourceRef, build,
                buildAuth, buildBranch, deliveryId,
                committer != null ? committer : new PersonIdent(COMMITTER_NAME, COMMITTER_EMAIL), redaction, urlPolicy);
    }

    private static void require(Object value, String name) {
        if (value == null) {
            throw new IllegalStateException(name + " is not set");
        }
    }

    /** The given credentials, else those that were in the URL (which the transport never sees). */
    private static CredentialsProvider credentials(CredentialsProvider given, RepositoryUrl url) {
        if (given != null || url.user() == null) {
            return given;
        }
        return new UsernamePasswordCredentialsProvider(url.user(), url.password() == null ? "" : url.password());
    }

    /** The user and password the credentials would send, so messages can be scrubbed of them; nulls when unknown. */
    private static Redaction.Credential credential(CredentialsProvider credentials, RepositoryUrl url) {
        Redaction.Credential none = new Redaction.Credential(null, null);
        if (credentials == null || credentials.isInteractive()) {
            return none;
        }
        CredentialItem.Username user = new CredentialItem.Username();
        CredentialItem.Password password = new CredentialItem.Password();
        try {
            if (credentials.supports(user, password) && credentials.get(url.uri(), user, password)
                    && password.getValue() != null) {
                return new Redaction.Credential(user.getValue(), new String(password.getValue()));
            }
        } catch (UnsupportedCredentialItem e) {
            // Nothing to scrub that we can know of.
        }
        return none;
    }

    /** The validated inputs of one call. */
    private record Plan(
            RepositoryUrl source,
            CredentialsProvider sourceCredentials,
            ObjectId commit, // null: the head the source ref has
            String sourceRef,
            RepositoryUrl build,
            CredentialsProvider buildCredentials,
            String buildBranch,
            String deliveryId,
            PersonIdent committer,
            Redaction redaction,
            UrlPolicy policy) {

        String buildRef() {
            return Constants.R_HEADS + buildBranch;
        }
    }

    /** A local failure in the work repository; the caller deletes it and tries once more. */
    private static final class DamagedCache extends RuntimeException {
        DamagedCache(Throwable cause) {
            super(cause);
        }
    }
}
