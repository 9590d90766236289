package io.gitbridge.embedded;

import com.almworks.sqlite4java.SQLiteConnection;
import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;
import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.AbstractLocalDynamoDBServerHandler;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.shared.access.LocalDBClient;
import com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteDBAccess;
import com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteLibraryLoader;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.cli.ParseException;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * DynamoDB Local in server mode inside this JVM, listening on 127.0.0.1 with one database shared
 * by every credential and region ({@code -sharedDb}), either in memory or in a directory whose
 * tables survive a restart.
 *
 * <p>In a directory, the SQLite database runs in write-ahead-log mode with {@code synchronous=NORMAL}: every
 * answered write is in the database's files (it survives a kill -9 of this JVM), but commits are not fsynced one
 * by one. DynamoDB Local's default (rollback journal, {@code synchronous=FULL}) fsyncs the journal and the database
 * on every write on its single SQLite thread, which spent about a third of its time waiting on the disk under the
 * local runner's load generator (docs/benchmarks.md). A power cut of the machine may lose the last writes; a crash of the process
 * may not.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    /** DynamoDB Local's command line rejects port 0; the connector is rebound before start. */
    private static final int PLACEHOLDER_PORT = ServerRunner.DEFAULT_PORT;

    private final DynamoDBProxyServer server;
    private final URI endpoint;
    /** The queue whose thread holds the database file's one SQLite connection; null in memory. */
    private final SQLiteQueue database;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedDynamoDb(DynamoDBProxyServer server, URI endpoint, SQLiteQueue database) {
        this.server = server;
        this.endpoint = endpoint;
        this.database = database;
    }

    /**
     * Starts DynamoDB Local on 127.0.0.1 and returns once it accepts requests.
     *
     * @param port the TCP port, or 0 for a free one (see {@link #endpoint()})
     * @param dataDir the directory holding the database, created if missing, so that data
     *     survives a restart with the same directory; {@code null} keeps everything in memory
     * @throws EmbeddedServiceException if DynamoDB Local has no native SQLite library for this
     *     platform, or the server cannot start (for example, the port is taken)
     */
    public static EmbeddedDynamoDb start(int port, Path dataDir) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) to 65535, was " + port);
        }
        QuietLogging.apply();
        loadNativeSqlite();

        DynamoDBProxyServer server = ServerRunner.createServer(commandLine(port, dataDir));
        ServerConnector connector = bindToLoopback(jettyOf(server), port);
        try {
            server.start();
        } catch (Exception e) {
            stopAfterFailedStart(server, e);
            throw new EmbeddedServiceException("DynamoDB Local failed to start on " + LOOPBACK + ":" + port, e);
        }
        // DynamoDBProxyServer.start() reports a SocketException on stderr and returns normally.
        if (connector.getLocalPort() <= 0) {
            throw new EmbeddedServiceException("DynamoDB Local did not bind " + LOOPBACK + ":" + port);
        }
        SQLiteQueue database = null;
        if (dataDir != null) {
            try {
                database = writeAheadLog(server);
            } catch (RuntimeException e) {
                stopAfterFailedStart(server, e);
                throw e;
            }
        }
        return new EmbeddedDynamoDb(server, URI.create("http://" + LOOPBACK + ":" + connector.getLocalPort()),
                database);
    }

    /** Returns the endpoint to give an SDK client's {@code endpointOverride}, with the real port. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Stops the server and releases its port and database, returning once the database file is closed (in WAL
     * mode, closing checkpoints the log under a lock that a new start on the same directory must not meet); calling
     * it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.stop();
            if (database != null) {
                database.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedServiceException("interrupted while DynamoDB Local closed its database", e);
        } catch (Exception e) {
            throw new EmbeddedServiceException("DynamoDB Local failed to stop cleanly", e);
        }
    }

    /**
     * Loads the native SQLite library that DynamoDB Local carries in its jar for Linux, macOS and
     * Windows; it would otherwise load on the first request and fail there with an HTTP 500.
     */
    private static void loadNativeSqlite() {
        try {
            SQLiteLibraryLoader.initialize();
        } catch (Exception e) {
            throw new EmbeddedServiceException("DynamoDB Local has no native SQLite library for "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                    + "; -Dorg.sqlite.lib.path=<directory> names a directory that holds one", e);
        }
    }

    private static CommandLineInput commandLine(int port, Path dataDir) {
        List<String> args = new ArrayList<>(List.of(
                "-port", Integer.toString(port == 0 ? PLACEHOLDER_PORT : port),
                "-sharedDb",
                "-disableTelemetry"));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            args.add("-dbPath");
            args.add(createDirectories(dataDir).toString());
        }
        try {
            CommandLineInput input = new CommandLineInput(args.toArray(String[]::new));
            if (!input.init()) {
                throw new EmbeddedServiceException("DynamoDB Local rejected its arguments " + args);
            }
            return input;
        } catch (ParseException e) {
            throw new EmbeddedServiceException("DynamoDB Local rejected its arguments " + args, e);
        }
    }

    private static Path createDirectories(Path dataDir) {
        try {
            return Files.createDirectories(dataDir.toAbsolutePath());
        } catch (IOException e) {
            throw new EmbeddedServiceException("cannot create DynamoDB Local's data directory " + dataDir, e);
        }
    }

    /**
     * Returns the Jetty server that DynamoDBProxyServer keeps private: its constructor binds all
     * interfaces at a fixed port, and reaching its connector is the only way to choose otherwise.
     */
    private static Server jettyOf(DynamoDBProxyServer server) {
        try {
            Field field = DynamoDBProxyServer.class.getDeclaredField("server");
            field.setAccessible(true);
            return (Server) field.get(server);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new EmbeddedServiceException("this DynamoDB Local version no longer keeps its Jetty "
                    + "server in DynamoDBProxyServer.server, which gitbridge needs to bind " + LOOPBACK, e);
        }
    }

    /** The SQLite pragmas for a database kept in a directory; see the class comment for why. */
    static final List<String> FILE_PRAGMAS = List.of("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL");

    /**
     * Runs {@link #FILE_PRAGMAS} on the one SQLite connection the server's shared database uses (DynamoDB Local opens
     * it on the first request and runs every statement on that connection's queue thread, so the pragmas hold for
     * everything the server does). DynamoDB Local has no option for it: the connection is reached by reflection.
     */
    private static SQLiteQueue writeAheadLog(DynamoDBProxyServer server) {
        SQLiteQueue queue;
        try {
            Object handler = field(DynamoDBProxyServer.class, "serverHandler").get(server);
            Object requests = field(AbstractLocalDynamoDBServerHandler.class, "primaryHandler").get(handler);
            // With -sharedDb every credential and region maps to the one shared database; this creates it.
            Method sharedDatabase = requests.getClass().getDeclaredMethod("getHandler", String.class);
            sharedDatabase.setAccessible(true);
            Object client = sharedDatabase.invoke(requests, "gitbridge");
            Object access = field(LocalDBClient.class, "dbAccess").get(client);
            queue = (SQLiteQueue) field(SQLiteDBAccess.class, "queue").get(access);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new EmbeddedServiceException("this DynamoDB Local version no longer keeps its SQLite queue where"
                    + " gitbridge looks for it (DynamoDBProxyServer.serverHandler.primaryHandler.getHandler(..)"
                    + ".dbAccess.queue), which gitbridge needs to set the database's journal mode", e);
        }
        SQLiteJob<String> job = queue.execute(new SQLiteJob<String>() {
            @Override
            protected String job(SQLiteConnection connection) throws Throwable {
                for (String pragma : FILE_PRAGMAS) {
                    connection.exec(pragma);
                }
                var mode = connection.prepare("PRAGMA journal_mode");
                try {
                    return mode.step() ? mode.columnString(0) : null;
                } finally {
                    mode.dispose();
                }
            }
        });
        String journal = job.complete();
        if (!"wal".equalsIgnoreCase(journal)) {
            throw new EmbeddedServiceException("DynamoDB Local's SQLite database did not switch to WAL mode: "
                    + journal, job.getError());
        }
        return queue;
    }

    private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private static ServerConnector bindToLoopback(Server jetty, int port) {
        Connector[] connectors = jetty.getConnectors();
        if (connectors.length != 1 || !(connectors[0] instanceof ServerConnector connector)) {
            throw new EmbeddedServiceException("expected DynamoDB Local to have one ServerConnector, found "
                    + List.of(connectors));
        }
        connector.setHost(LOOPBACK);
        connector.setPort(port);
        return connector;
    }

    private static void stopAfterFailedStart(DynamoDBProxyServer server, Exception failure) {
        try {
            server.stop();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
