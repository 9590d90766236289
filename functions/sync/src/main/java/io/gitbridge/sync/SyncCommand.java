package io.gitbridge.sync;

import static io.gitbridge.sync.SyncException.permanent;

import io.gitbridge.hook.MergeMode;
import io.gitbridge.net.AllowedNetworks;
import io.gitbridge.net.HostRefusedException;
import io.gitbridge.net.HostResolver;
import io.gitbridge.net.UrlPolicy;
import io.gitbridge.sync.SyncResult.Status;
import io.gitbridge.sync.internal.Ancestry;
import io.gitbridge.sync.internal.CachedRepository;
import io.gitbridge.sync.internal.FetchSession;
import io.gitbridge.sync.internal.GuardedHttp;
import io.gitbridge.sync.internal.Redaction;
import io.gitbridge.sync.internal.RepositoryUrl;
import io.gitbridge.sync.internal.SingleAttemptCredentials;
import io.gitbridge.sync.internal.SourceBranch;
import io.gitbridge.sync.internal.SyncedSource;
import io.gitbridge.sync.internal.TheirsMerge;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
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
 * <p>What a sync publishes follows one rule, whatever asked for it (a push, a CI success, a sync of the head, a
 * redelivery): the sync fetches the source branch (the source ref) and decides from what the branch holds now.
 * <ol>
 *   <li>The commit (without one: the branch head) must be reachable from the branch's current head. When it is not,
 *       nothing is pushed and the result says why, without failing:
 *       <ul>
 *         <li>{@link Status#SUPERSEDED} when the branch was rewritten away from it (a force push or reset after it
 *             was pushed), or the branch itself no longer exists;
 *         <li>{@link Status#NOT_ON_BRANCH} when it never was on the branch (a pull-request ref, a fork, another
 *             branch).
 *       </ul>
 *       {@link SourceBranch} tells the two apart, fetching the commit by id only for that; a commit that is not on
 *       the branch is never published.
 *   <li>A commit that is not the branch head and is an ancestor of (or is) the last source commit synced into the
 *       build branch is stale: {@link Status#UP_TO_DATE}, nothing pushed, so an out-of-order delivery never rolls the
 *       build back. The head itself, once synced, is also up to date.
 *   <li>The branch head that the build does not hold yet, also when the branch moved back or sideways (a force push,
 *       {@code reset --hard} and push), is followed: the build branch is created at it ({@link Status#CREATED}),
 *       fast-forwarded to it when the build head is its ancestor ({@link Status#FAST_FORWARD}), or gets a new commit
 *       on top with parents [build head, commit] whose tree the {@link MergeMode} decides ({@link Status#MERGED}).
 *       History of the build branch is never rewritten. Other commits of the branch newer than the last synced one
 *       are synced the same way.
 * </ol>
 * In {@link MergeMode#THEIRS} (the default) the new commit's tree is a {@link TheirsMerge} of the build head and the
 * commit, based on the last source commit synced (see {@link SyncedSource}; git's merge base when there is none):
 * the build branch's own changes stay, the source wins every conflict, and what the source changed since the last
 * sync, reverts included, is applied. In {@link MergeMode#MIRROR} the tree is exactly the commit's.
 *
 * <p>Every commit gitbridge writes names its source commit in a {@value SyncedSource#TRAILER} trailer, which is how
 * a later sync finds the last source commit synced. Every push states the build head it replaces
 * (compare-and-swap), so a concurrent change of the build branch is a {@link BuildRepositoryRejectedException}, never
 * overwritten. After a sync that pushed, the commit is reachable from the build branch.
 *
 * <p>Objects are kept in a bare repository in the work directory and reused by later calls with the same
 * directory (one per hook), so a warm caller fetches only what is new; the process keeps it open between calls
 * ({@link CachedRepository}), and each fetch offers the remote only the commits it is known to have
 * ({@link io.gitbridge.sync.internal.NegotiationView}), so a sync of one new commit does not read the history. A
 * damaged work repository is deleted and rebuilt once.
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
    /** The cache ref holding the last source commit synced into the build branch, a hint for {@link SyncedSource}. */
    private static final String SYNCED = "synced";

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
    private MergeMode mergeMode = MergeMode.THEIRS;
    private String lastSynced;
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

    /** How the build branch's own changes meet the source; default {@link MergeMode#THEIRS}. */
    public SyncCommand setMergeMode(MergeMode mode) {
        this.mergeMode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /**
     * A source commit (40 hex digits) the caller knows was synced into the build branch last, such as the hook's last
     * successful sync; optional, a hint for finding the last synced commit on the build branch ({@link SyncedSource}).
     * Ignored unless it is on the build branch's first-parent history.
     */
    public SyncCommand setLastSynced(String commit) {
        this.lastSynced = commit;
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
     * @return what was done to the build branch, or why nothing was published
     * @throws UrlNotAllowedException when a URL is not accepted by the policy
     * @throws SourceUnavailableException when the source repository cannot be read, or (for a sync of the head) does
     *         not have the source ref
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
        Optional<ObjectId> fetchedBefore = cacheRef(repository, SOURCE);
        Optional<ObjectId> tip = fetchSourceTip(repository, plan);
        if (tip.isEmpty()) {
            if (plan.commit == null) {
                throw permanent(new SourceUnavailableException(refNotFound(plan)));
            }
            return new SyncResult(Status.SUPERSEDED, plan.commit, null, null, null, plan.sourceRef + " no longer exists"
                    + " on the source repository " + plan.source.display() + ", so commit " + plan.commit.name()
                    + " is not on it any more; nothing was published");
        }
        Optional<ObjectId> buildHead = fetchBuildHead(repository, plan);
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit branchTip = sourceCommit(walk, tip.get(), plan);
            RevCommit head = buildHead.isEmpty() ? null : buildCommit(walk, buildHead.get(), plan);
            ObjectId wanted = plan.commit == null ? branchTip : plan.commit;
            Optional<RevCommit> onBranch = SourceBranch.commitOn(repository, walk, wanted, branchTip);
            if (onBranch.isEmpty()) {
                return offBranch(repository, walk, plan, wanted, head, fetchedBefore);
            }
            RevCommit commit = onBranch.get();
            if (head == null) {
                return synced(repository, push(repository, plan, commit, commit, null, Status.CREATED));
            }
            Optional<RevCommit> last = SyncedSource.find(walk, head, branchTip, remembered(repository, plan));
            boolean isTip = commit.equals(branchTip);
            // Held: the last synced commit itself, or (not for the head, which a rollback may have moved back) an
            // older one. Without a known last sync, anything the build branch already contains.
            if (last.isPresent() && (commit.equals(last.get()) || !isTip && Ancestry.isAncestor(walk, commit, last.get()))
                    || last.isEmpty() && Ancestry.isAncestor(walk, commit, head)) {
                RevCommit holds = last.orElse(commit);
                synced(repository, holds);
                return new SyncResult(Status.UP_TO_DATE, commit, head, head, holds, null);
            }
            if (Ancestry.isAncestor(walk, head, commit)) {
                return synced(repository, push(repository, plan, commit, commit, head, Status.FAST_FORWARD));
            }
            RevCommit base = last.isPresent() ? last.get() : mergeBase(repository, head, commit);
            ObjectId merge = writeMerge(repository, plan, head, commit, base);
            return synced(repository, push(repository, plan, commit, merge, head, Status.MERGED));
        }
    }

    /** Fetches the source ref and returns its head; empty when the source does not have the ref. */
    private Optional<ObjectId> fetchSourceTip(Repository repository, Plan plan) throws IOException {
        try (FetchSession session = openFetch(repository, plan.source, plan.sourceCredentials, plan.sourceRef,
                knownToSource(repository, plan))) {
            Optional<ObjectId> tip = session.advertised(plan.sourceRef);
            if (tip.isPresent()) {
                session.fetch(tip.get());
                updateCacheRef(repository, SOURCE, tip.get());
            }
            return tip;
        } catch (TransportException e) {
            throw sourceFailure(plan, "cannot fetch " + plan.sourceRef + " from", e);
        }
    }

    private RevCommit sourceCommit(RevWalk walk, ObjectId id, Plan plan) throws IOException {
        RevObject object = walk.peel(walk.parseAny(id));
        if (!(object instanceof RevCommit found)) {
            throw permanent(new SourceUnavailableException(plan.sourceRef + " on the source repository "
                    + plan.source.display() + " points to a " + Constants.typeString(object.getType()) + ", not a commit"));
        }
        walk.parseHeaders(found);
        return found;
    }

    /** Records why a commit that is not on the source branch is not published ({@link SourceBranch#whyNotOn}). */
    private SyncResult offBranch(Repository repository, RevWalk walk, Plan plan, ObjectId wanted, RevCommit head,
            Optional<ObjectId> fetchedBefore) throws IOException {
        SourceBranch.Verdict verdict = SourceBranch.whyNotOn(repository, walk, wanted, head, fetchedBefore,
                branchName(plan), plan.source.display(), id -> fetchById(repository, plan, id));
        ObjectId headId = head == null ? null : head.copy();
        return new SyncResult(verdict.superseded() ? Status.SUPERSEDED : Status.NOT_ON_BRANCH, wanted, headId, headId,
                cacheRef(repository, SYNCED).orElse(null), verdict.reason());
    }

    /** Asks the source for a commit by id: only an access problem is a failure; a refusal means it is not there. */
    private void fetchById(Repository repository, Plan plan, ObjectId commit) throws IOException {
        try (FetchSession session = openFetch(repository, plan.source, plan.sourceCredentials, plan.sourceRef,
                knownToSource(repository, plan))) {
            session.fetch(commit);
        } catch (TransportException e) {
            if (accessProblem(e, SOURCE, plan.source, plan.sourceCredentials).isPresent()) {
                throw sourceFailure(plan, "cannot ask for commit " + commit.name() + " at", e);
            }
            LOG.debug("commit {} cannot be fetched by id: {}", commit.name(), e.getMessage());
        }
    }

    private static String branchName(Plan plan) {
        return plan.sourceRef.startsWith(Constants.R_HEADS)
                ? "branch " + plan.sourceRef.substring(Constants.R_HEADS.length())
                : plan.sourceRef;
    }

    /** The commits known to have been synced last: the work repository's record and the caller's. */
    private Set<ObjectId> remembered(Repository repository, Plan plan) throws IOException {
        Set<ObjectId> remembered = new HashSet<>();
        cacheRef(repository, SYNCED).ifPresent(remembered::add);
        if (plan.lastSynced != null) {
            remembered.add(plan.lastSynced);
        }
        return remembered;
    }

    /** Remembers the source commit the build branch holds now; a lost hint only costs a longer search later. */
    private SyncResult synced(Repository repository, SyncResult result) {
        synced(repository, result.syncedSource());
        return result;
    }

    private void synced(Repository repository, ObjectId source) {
        try {
            updateCacheRef(repository, SYNCED, source);
        } catch (IOException e) {
            LOG.warn("cannot record the synced source commit in {}: {}", workDir, e.toString());
        }
    }

    private static Optional<ObjectId> cacheRef(Repository repository, String name) throws IOException {
        Ref ref = repository.exactRef(CachedRepository.REFS + name);
        return Optional.ofNullable(ref).map(Ref::getObjectId);
    }

    /** Git's merge base of the two commits; null when their histories are unrelated. */
    private static RevCommit mergeBase(Repository repository, RevCommit a, RevCommit b) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(a));
            walk.markStart(walk.parseCommit(b));
            return walk.next();
        }
    }

    /** Fetches the build branch; empty when the build repository does not have it. */
    private Optional<ObjectId> fetchBuildHead(Repository repository, Plan plan) throws IOException {
        try (FetchSession session = openFetch(repository, plan.build, plan.buildCredentials, plan.buildRef(),
                knownToBuild(repository))) {
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
            throw byDenial(new BuildRepositoryUnavailableException(plan.redaction.apply(reason), e), e);
        }
    }

    private RevCommit buildCommit(RevWalk walk, ObjectId head, Plan plan) throws IOException {
        RevObject object = walk.parseAny(head);
        RevObject peeled = walk.peel(object);
        if (!(peeled instanceof RevCommit commit)) {
            throw permanent(new BuildRepositoryRejectedException("the build branch " + plan.buildBranch + " of "
                    + plan.build.display() + " points to a " + Constants.typeString(peeled.getType()) + ", not a commit"));
        }
        walk.parseHeaders(commit);
        return commit;
    }

    /**
     * A commit with parents [build head, source commit] and the tree the merge mode gives, based on {@code base}
     * (null: none).
     */
    private ObjectId writeMerge(Repository repository, Plan plan, RevCommit head, RevCommit commit, RevCommit base)
            throws IOException {
        try (ObjectInserter inserter = repository.newObjectInserter();
                ObjectReader reader = repository.newObjectReader()) {
            ObjectId tree = plan.mergeMode == MergeMode.MIRROR
                    ? commit.getTree()
                    : new TheirsMerge(reader, inserter).merge(base == null ? null : base.getTree(), head.getTree(),
                            commit.getTree());
            CommitBuilder merge = new CommitBuilder();
            merge.setTreeId(tree);
            merge.setParentIds(head, commit);
            merge.setAuthor(plan.committer);
            merge.setCommitter(plan.committer);
            merge.setMessage(mergeMessage(plan, commit, base));
            ObjectId id = inserter.insert(merge);
            inserter.flush();
            return id;
        }
    }

    private static String mergeMessage(Plan plan, ObjectId commit, ObjectId base) {
        String delivery = plan.deliveryId == null ? "" : " (gitbridge delivery " + plan.deliveryId + ")";
        String body = plan.mergeMode == MergeMode.MIRROR
                ? "The tree is exactly that of " + commit.name() + ": changes made only on\n"
                        + "the build branch are replaced by the source.\n"
                : "Merged with the source winning every conflict"
                        + (base == null ? "" : " (base " + base.name() + ")") + ":\n"
                        + "changes made only on the build branch are kept.\n";
        return "Sync " + plan.sourceRef + " at " + commit.name() + delivery + "\n\n" + body + "\n"
                + SyncedSource.trailer(commit) + "\n";
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
            throw byDenial(new BuildRepositoryRejectedException(plan.redaction.apply(pushFailure(plan, e)), e), e);
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
                BuildRepositoryRejectedException refused = new BuildRepositoryRejectedException(plan.redaction.apply(
                        pushRefused(plan) + " (" + reason + ")" + (mayBeAConcurrentChange(update)
                        ? "; if the branch changed during the sync, the retry reads it again" : "")));
                throw mayBeAConcurrentChange(update) ? refused : permanent(refused);
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
            String refName, Set<ObjectId> common) throws IOException {
        return FetchSession.open(repository, url, urlPolicy, credentials, timeout, List.of(refName), common);
    }

    /**
     * The commits a fetch from the source offers as common (see {@link io.gitbridge.sync.internal.NegotiationView}):
     * the source head fetched last, the last source commit synced and the caller's hint of it. A source that no longer
     * has them (rewritten history) ignores them and sends the branch in full.
     */
    private Set<ObjectId> knownToSource(Repository repository, Plan plan) throws IOException {
        Set<ObjectId> common = remembered(repository, plan);
        cacheRef(repository, SOURCE).ifPresent(common::add);
        return common;
    }

    /** The commits a fetch from the build repository offers as common: its head seen last, which holds the last sync. */
    private static Set<ObjectId> knownToBuild(Repository repository) throws IOException {
        Set<ObjectId> common = new HashSet<>();
        cacheRef(repository, BUILD).ifPresent(common::add);
        cacheRef(repository, SYNCED).ifPresent(common::add);
        return common;
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
        String message = plan.redaction.apply(reason);
        // A 401 to credentials that were sent: the caller may hold a newer token (a revoked installation token).
        boolean rejected = plan.sourceCredentials != null
                && accessDenial(e).filter(denial -> denial == Denial.TOKEN_REJECTED).isPresent();
        return byDenial(rejected ? new SourceCredentialsRejectedException(message, e)
                : new SourceUnavailableException(message, e), e);
    }

    /** Marks {@code failure} permanent when the server turned the request down for access (the admin must act). */
    private static <E extends SyncException> E byDenial(E failure, TransportException e) {
        return accessDenial(e).isPresent() || refusedByGuard(e) ? permanent(failure) : failure;
    }

    /** True when gitbridge itself refused the connection (see {@link #guardRefusal}): only the admin can fix that. */
    private static boolean refusedByGuard(TransportException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof GuardedHttp.RedirectRefusedException || cause instanceof HostRefusedException) {
                return true;
            }
        }
        return false;
    }

    /** The source ref of a sync of its head is missing: for a branch, the hook names a branch the source lacks. */
    private static String refNotFound(Plan plan) {
        return branchName(plan) + " was not found on the source repository " + plan.source.display() + "; check the hook's branch";
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
            throw permanent(new SyncException("'" + commit + "' is not a full commit id (40 hex digits)"));
        }
        if (!sourceRef.startsWith(Constants.R_REFS) || !Repository.isValidRefName(sourceRef)) {
            throw permanent(new SyncException("'" + sourceRef + "' is not a full ref name such as refs/heads/main"));
        }
        if (!Repository.isValidRefName(Constants.R_HEADS + buildBranch)) {
            throw permanent(new SyncException("'" + buildBranch + "' is not a valid branch name"));
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
                committer != null ? committer : new PersonIdent(COMMITTER_NAME, COMMITTER_EMAIL), redaction, urlPolicy,
                mergeMode, lastSynced != null && ObjectId.isId(lastSynced) ? ObjectId.fromString(lastSynced) : null);
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
            UrlPolicy policy,
            MergeMode mergeMode,
            ObjectId lastSynced) { // null: none known

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
