package io.gitbridge.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitbridge.hook.Hook;
import io.gitbridge.provider.HookEvents;
import io.gitbridge.provider.Providers;
import io.gitbridge.sync.GitHookSyncer;
import io.gitbridge.sync.SyncRequest;
import io.gitbridge.sync.SyncResult;
import io.gitbridge.sync.internal.CachedRepository;
import io.gitbridge.testkit.git.FastImportHistory;
import io.gitbridge.testkit.git.GitHttpServer;
import io.gitbridge.testkit.git.GitRepos;
import io.gitbridge.testkit.git.WorkingClone;
import io.gitbridge.testkit.s3.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The work-repository store against a real S3-compatible server (S3Proxy as a child process, see
 * {@link S3ProxyServer}) and a real smart-HTTP git server that counts what each fetch of the source transfers: a sync
 * on a fresh container (an empty work root) restores the hook's objects and fetches only what changed; a damaged or
 * missing stored object costs a full fetch, never the sync.
 */
class WorkRepositoryStoreIT {

    private static final String BUCKET = "gitbridge-work";
    private static final String HOOK = "hk_store";
    private static final int HISTORY = 200;
    private static final int FILES = 40;
    private static final int FILE_BYTES = 4096;

    private static S3ProxyServer s3proxy;
    private static S3Client s3;

    @TempDir
    Path tmp;

    private Path workRoot;
    private Path source;
    private Path build;
    private GitHttpServer git;
    private WorkRepositoryStore store;
    private GitHookSyncer syncer;
    private Hook hook;
    private long seed = 100;

    @BeforeAll
    static void startS3() throws IOException {
        s3proxy = S3ProxyServer.start(Files.createTempDirectory("s3proxy"));
        s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(s3proxy.endpoint()).forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .build();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    @BeforeEach
    void setUp() {
        Path repos = tmp.resolve("repos");
        source = GitRepos.createBare(repos.resolve("source.git"));
        build = GitRepos.createBare(repos.resolve("build.git"));
        FastImportHistory.append(source, HISTORY, FILES, FILE_BYTES, seed++, false);
        git = GitHttpServer.start(repos);
        workRoot = tmp.resolve("work");
        store = storeWith(StoreSettings.DEFAULT_CONSOLIDATE_AFTER);
        syncer = new GitHookSyncer(Providers.standard(), workRoot, true, Clock.systemUTC()).withStore(store);
        hook = Hook.builder().id(HOOK).project("project").provider("github")
                .sourceRepo(git.url("source.git").toString()).branch("main").events(new HookEvents(true, false))
                .secret("webhook-secret").buildRepo(git.url("build.git").toString()).buildBranch("main")
                .createdAt(Instant.EPOCH).updatedAt(Instant.EPOCH).build();
    }

    @AfterEach
    void tearDown() {
        git.close();
        List<String> left = s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream()
                .map(o -> o.key()).toList();
        if (!left.isEmpty()) {
            new S3ObjectStore(s3, BUCKET).delete(left);
        }
    }

    @Test
    void freshContainer_restoresTheHooksObjects_andFetchesOnlyWhatChanged() throws IOException {
        long firstSync = fetched(() -> assertThat(sync().status()).isEqualTo(SyncResult.Status.CREATED));
        ObjectId buildOnly = commitOnBuild("platform.txt", "the platform's own file\n");
        ObjectId pushed = pushOneCommit();
        freshContainer();

        SyncResult[] fresh = new SyncResult[1];
        long freshSync = fetched(() -> fresh[0] = sync());
        SyncResult result = fresh[0];

        assertThat(result.status()).isEqualTo(SyncResult.Status.MERGED);
        assertThat(GitRepos.parents(build, result.buildHead())).containsExactly(buildOnly, pushed);
        Map<String, String> expected = new java.util.HashMap<>(GitRepos.files(source, pushed));
        expected.put("platform.txt", "the platform's own file\n");
        assertThat(GitRepos.files(build, result.buildHead())).isEqualTo(expected);
        // A full clone of 200 commits of 4 KB random files is over 500 KB; one new commit is one 4 KB blob, one
        // tree, one commit plus negotiation.
        assertThat(firstSync).isGreaterThan(500_000);
        assertThat(freshSync).isLessThan(2 * FILE_BYTES).isLessThan(firstSync / 50);
        assertThat(manifest().packs()).hasSize(2);
    }

    @Test
    void save_uploadsOnlyThePackOfWhatIsNew_andConsolidatesWhenPacksPileUp() throws IOException {
        store = storeWith(2);
        syncer = new GitHookSyncer(Providers.standard(), workRoot, true, Clock.systemUTC()).withStore(store);
        sync();
        Manifest first = manifest();
        assertThat(first.packs()).hasSize(1);
        long full = first.packs().get(0).packBytes();

        pushOneCommit();
        sync();
        Manifest second = manifest();
        assertThat(second.packs()).hasSize(2).startsWith(first.packs().get(0));
        assertThat(second.packs().get(1).packBytes()).isLessThan(2 * FILE_BYTES).isLessThan(full / 50);
        assertThat(second.base()).isEqualTo(first.base());

        pushOneCommit();
        sync();
        Manifest third = manifest();
        assertThat(third.packs()).hasSize(1);
        assertThat(storedKeys()).containsExactlyInAnyOrder(keyOf("manifest"),
                keyOf("pack-" + third.packs().get(0).name() + ".pack"),
                keyOf("pack-" + third.packs().get(0).name() + ".idx"));
        assertThat(third.refs()).containsEntry("source", GitRepos.requireHead(source, "main"));
    }

    @Test
    void unchangedSync_uploadsNothing() throws IOException {
        sync();
        Manifest first = manifest();

        SyncResult again = sync();

        assertThat(again.status()).isEqualTo(SyncResult.Status.UP_TO_DATE);
        assertThat(manifest()).isEqualTo(first);
        assertThat(store.save(HOOK, workDir(), System.nanoTime()).status()).isEqualTo(SaveResult.Status.UNCHANGED);
    }

    @Test
    void damagedPack_failsTheRestore_fetchesEverything_andTheNextSaveReplacesIt() throws IOException {
        sync();
        Manifest stored = manifest();
        String packKey = keyOf("pack-" + stored.packs().get(0).name() + ".pack");
        byte[] original = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(packKey)).asByteArray();
        byte[] damaged = original.clone();
        damaged[damaged.length / 2] ^= 0x55;
        s3.putObject(b -> b.bucket(BUCKET).key(packKey), RequestBody.fromBytes(damaged));
        ObjectId pushed = pushOneCommit();
        Path workDir = workDir();
        freshContainer();

        RestoreResult restore = store.restore(HOOK, workDir);

        assertThat(restore.status()).isEqualTo(RestoreResult.Status.FAILED);
        assertThat(restore.reason()).contains(packKey).contains("is damaged");
        assertThat(workDir).doesNotExist();
        assertThat(workRoot.resolve(workDir.getFileName() + ".restoring")).doesNotExist();
        long fetched = fetched(() -> assertThat(sync().status()).isEqualTo(SyncResult.Status.FAST_FORWARD));
        assertThat(GitRepos.requireHead(build, "main")).isEqualTo(pushed);
        assertThat(fetched).isGreaterThan(500_000);
        Manifest replaced = manifest();
        assertThat(replaced.packs()).hasSize(1);
        assertThat(storedKeys()).doesNotContain(packKey);

        pushOneCommit();
        freshContainer();
        assertThat(fetched(() -> assertThat(sync().status()).isEqualTo(SyncResult.Status.FAST_FORWARD)))
                .isLessThan(3 * FILE_BYTES);
    }

    @Test
    void freshContainer_restoresABigPackInParts() throws IOException {
        sync();
        ObjectId pushed = pushOneCommit();
        Path workDir = workDir();
        Manifest stored = manifest();
        freshContainer();
        WorkRepositoryStore parted = partedStore();

        RestoreResult restore = parted.restore(HOOK, workDir);

        assertThat(restore.status()).isEqualTo(RestoreResult.Status.RESTORED);
        assertThat(restore.bytes()).isEqualTo(stored.bytes()).isGreaterThan(8 * 64 * 1024);
        for (Manifest.StoredPack pack : stored.packs()) {
            byte[] original = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(keyOfQuietly("pack-" + pack.name()
                    + ".pack"))).asByteArray();
            assertThat(workDir.resolve("objects/pack/pack-" + pack.name() + ".pack")).hasBinaryContent(original);
        }
        syncer = new GitHookSyncer(Providers.standard(), workRoot, true, Clock.systemUTC()).withStore(parted);
        assertThat(fetched(() -> assertThat(sync().status()).isEqualTo(SyncResult.Status.FAST_FORWARD)))
                .isLessThan(3 * FILE_BYTES);
        assertThat(GitRepos.requireHead(build, "main")).isEqualTo(pushed);
    }

    @Test
    void truncatedPack_failsARestoreInParts() throws IOException {
        sync();
        String packKey = keyOf("pack-" + manifest().packs().get(0).name() + ".pack");
        byte[] original = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(packKey)).asByteArray();
        s3.putObject(b -> b.bucket(BUCKET).key(packKey),
                RequestBody.fromBytes(java.util.Arrays.copyOf(original, original.length - 1000)));
        Path workDir = workDir();
        freshContainer();
        WorkRepositoryStore parted = partedStore();

        RestoreResult restore = parted.restore(HOOK, workDir);

        assertThat(restore.status()).isEqualTo(RestoreResult.Status.FAILED);
        assertThat(restore.reason()).contains(packKey);
        assertThat(workDir).doesNotExist();
    }

    @Test
    void missingIndex_failsTheRestore_andTheSyncStillPublishes() throws IOException {
        sync();
        String indexKey = keyOf("pack-" + manifest().packs().get(0).name() + ".idx");
        s3.deleteObject(b -> b.bucket(BUCKET).key(indexKey));
        ObjectId pushed = pushOneCommit();
        Path workDir = workDir();
        freshContainer();

        RestoreResult restore = store.restore(HOOK, workDir);
        assertThat(restore.status()).isEqualTo(RestoreResult.Status.FAILED);
        assertThat(restore.reason()).contains(indexKey).contains("missing");
        assertThat(workDir).doesNotExist();

        assertThat(sync().status()).isEqualTo(SyncResult.Status.FAST_FORWARD);
        assertThat(GitRepos.requireHead(build, "main")).isEqualTo(pushed);
    }

    @Test
    void damagedManifest_failsTheRestore_andTheSyncStillPublishes() throws IOException {
        sync();
        String manifestKey = keyOf("manifest");
        s3.putObject(b -> b.bucket(BUCKET).key(manifestKey), RequestBody.fromString("not a manifest\n"));
        ObjectId pushed = pushOneCommit();
        Path workDir = workDir();
        freshContainer();

        RestoreResult restore = store.restore(HOOK, workDir);
        assertThat(restore.status()).isEqualTo(RestoreResult.Status.FAILED);
        assertThat(restore.reason()).contains("not a work-store manifest");

        assertThat(sync().status()).isEqualTo(SyncResult.Status.FAST_FORWARD);
        assertThat(GitRepos.requireHead(build, "main")).isEqualTo(pushed);
        assertThat(manifest().refs()).containsEntry("source", pushed);
    }

    @Test
    void unreachableStore_neverFailsTheSync() throws IOException {
        StoreSettings nowhere = StoreSettings.of(BUCKET, "us-east-1",
                Optional.of(java.net.URI.create("http://127.0.0.1:9"))).withTimeouts(Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(200));
        GitHookSyncer offline = new GitHookSyncer(Providers.standard(), workRoot, true, Clock.systemUTC())
                .withStore(new WorkRepositoryStore(S3ObjectStore.create(nowhere), nowhere, Clock.systemUTC()));

        SyncResult result = offline.sync(hook, SyncRequest.headOf(HOOK, "delivery-1", "refs/heads/main"));

        assertThat(result.status()).isEqualTo(SyncResult.Status.CREATED);
        assertThat(GitRepos.requireHead(build, "main")).isEqualTo(GitRepos.requireHead(source, "main"));
    }

    @Test
    void restore_findsNothingStored_forAHookNeverSaved() {
        RestoreResult restore = store.restore(HOOK, workRoot.resolve(HOOK + "-000000000000"));

        assertThat(restore.status()).isEqualTo(RestoreResult.Status.NOTHING_STORED);
    }

    @Test
    void forget_deletesEveryObjectOfTheHook_andNoOtherHooks() throws IOException {
        sync();
        s3.putObject(b -> b.bucket(BUCKET).key(StoreSettings.DEFAULT_PREFIX + "hk_other/x/manifest"),
                RequestBody.fromString("other"));

        int deleted = store.forget(HOOK);

        assertThat(deleted).isEqualTo(3);
        assertThat(storedKeys()).containsExactly(StoreSettings.DEFAULT_PREFIX + "hk_other/x/manifest");
    }

    @Test
    void forget_refusesAKeyThatIsNoHookId() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.forget("../other"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a hook id: 8 characters");
    }

    private WorkRepositoryStore storeWith(int consolidateAfter) {
        StoreSettings settings = StoreSettings.of(BUCKET, "us-east-1", Optional.of(s3proxy.endpoint()))
                .withConsolidateAfter(consolidateAfter);
        return new WorkRepositoryStore(new S3ObjectStore(s3, BUCKET), settings, Clock.fixed(Instant.now(),
                ZoneOffset.UTC));
    }

    /** A store that downloads in parts of 64 KiB, so a test pack of about 600 KB comes in ten. */
    private static WorkRepositoryStore partedStore() {
        return new WorkRepositoryStore(new S3ObjectStore(s3, BUCKET),
                StoreSettings.of(BUCKET, "us-east-1", Optional.of(s3proxy.endpoint())), Clock.systemUTC(), 64 * 1024);
    }

    private SyncResult sync() {
        return syncer.sync(hook, SyncRequest.headOf(HOOK, "delivery-" + seed, "refs/heads/main"));
    }

    /** Bytes the source's upload-pack answered while {@code action} ran. */
    private long fetched(Runnable action) {
        long before = git.uploadPackBytes("source.git");
        action.run();
        return git.uploadPackBytes("source.git") - before;
    }

    private ObjectId pushOneCommit() {
        FastImportHistory.append(source, 1, FILES, FILE_BYTES, seed++, true);
        return GitRepos.requireHead(source, "main");
    }

    private ObjectId commitOnBuild(String path, String content) {
        try (WorkingClone platform = GitRepos.cloneOf(build, tmp.resolve("platform"))) {
            ObjectId commit = platform.commit(Map.of(path, content), "platform change");
            platform.push("main");
            return commit;
        }
    }

    /** What a new container sees: an empty work root. */
    private void freshContainer() throws IOException {
        CachedRepository.delete(workRoot);
    }

    private Path workDir() throws IOException {
        try (Stream<Path> dirs = Files.list(workRoot)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(HOOK + "-")).findFirst().orElseThrow();
        }
    }

    private String keyOf(String name) throws IOException {
        return store.keyBase(HOOK, workDir()) + name;
    }

    private String keyOfQuietly(String name) {
        try {
            return keyOf(name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Manifest manifest() throws IOException {
        String key = keyOf("manifest");
        return Manifest.decode(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
    }

    private List<String> storedKeys() {
        return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().map(o -> o.key()).toList();
    }
}
