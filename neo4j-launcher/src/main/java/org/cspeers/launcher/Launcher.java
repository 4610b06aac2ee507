package org.cspeers.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.kernel.internal.Version;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.logging.log4j.Log4jLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;

/**
 * Runs Neo4j Community embedded with only a Bolt connector, for cs-peers.
 *
 * <p>Usage: {@code Launcher --home DIR --port N --password-file FILE [--data-dir DIR]
 * [--logs-dir DIR] [--ready-file FILE] [--pagecache 512m] [--plugins-dir DIR]
 * [--unrestricted-procedures gds.*]}.
 *
 * <p>Procedures are only registered from jars in the plugins directory (also in embedded
 * mode), so OpenGDS's jars, which are on the classpath already, are linked there too.
 *
 * <p>The password is read from a file (never from the command line, where {@code ps} would
 * show it). It is applied only when the DBMS is created for the first time, exactly as
 * {@code neo4j-admin dbms set-initial-password} does it: by writing {@code auth.ini} into the
 * auth store directory before the system database exists.
 *
 * <p>Once Bolt accepts connections the launcher writes the ready file (atomically, JSON) and
 * prints one line starting with {@code READY}. SIGTERM runs a shutdown hook that shuts the DBMS
 * down cleanly and removes the ready file.
 */
public final class Launcher {
    private static final String INITIAL_USER = "neo4j";

    private Launcher() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        try {
            run(parse(args), out);
        } catch (Throwable t) {
            out.println("FAILED: " + t);
            t.printStackTrace(out);
            out.flush();
            System.exit(1);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (!key.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("bad argument: " + key);
            }
            opts.put(key.substring(2), args[++i]);
        }
        return opts;
    }

    private static String required(Map<String, String> opts, String key) {
        String value = opts.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing --" + key);
        }
        return value;
    }

    private static void run(Map<String, String> opts, PrintStream out) throws Exception {
        Path home = Path.of(required(opts, "home")).toAbsolutePath();
        Path data = Path.of(opts.getOrDefault("data-dir", home.resolve("data").toString())).toAbsolutePath();
        Path logs = Path.of(opts.getOrDefault("logs-dir", home.resolve("logs").toString())).toAbsolutePath();
        int port = Integer.parseInt(required(opts, "port"));
        Path passwordFile = Path.of(required(opts, "password-file"));
        Path readyFile = opts.containsKey("ready-file") ? Path.of(opts.get("ready-file")).toAbsolutePath() : null;
        long pageCache = ByteUnit.parse(opts.getOrDefault("pagecache", "512m"));

        if (readyFile != null) {
            Files.deleteIfExists(readyFile);
        }
        String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();

        Map<Setting<?>, Object> settings = new HashMap<>();
        settings.put(GraphDatabaseSettings.data_directory, data);
        settings.put(GraphDatabaseSettings.logs_directory, logs);
        settings.put(GraphDatabaseSettings.auth_enabled, true);
        settings.put(GraphDatabaseSettings.pagecache_memory, pageCache);
        settings.put(GraphDatabaseSettings.udc_enabled, false);
        settings.put(GraphDatabaseSettings.default_listen_address, new SocketAddress("127.0.0.1"));
        settings.put(BoltConnector.enabled, true);
        settings.put(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port));
        settings.put(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port));
        settings.put(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED);
        // Shut Bolt down quickly: by the time these waits run the databases are already stopped.
        settings.put(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1));
        settings.put(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1));
        settings.put(HttpConnector.enabled, false);
        settings.put(HttpsConnector.enabled, false);
        if (opts.containsKey("plugins-dir")) {
            settings.put(GraphDatabaseSettings.plugin_dir, Path.of(opts.get("plugins-dir")).toAbsolutePath());
        }
        String unrestricted = opts.get("unrestricted-procedures");
        if (unrestricted != null) {
            settings.put(GraphDatabaseSettings.procedure_unrestricted, java.util.List.of(unrestricted.split(",")));
        }

        Config config = Config.newBuilder()
                .set(GraphDatabaseSettings.neo4j_home, home)
                .set(settings)
                .build();
        if (!Files.exists(data.resolve("databases").resolve("system"))) {
            writeInitialPassword(config, password);
            out.println("Initial password for user '" + INITIAL_USER + "' set (first start).");
        }

        out.println("Starting Neo4j " + Version.getNeo4jVersion() + " on bolt://127.0.0.1:" + port);
        out.flush();
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(settings)
                .setUserLogProvider(new Log4jLogProvider(out))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Shutting down Neo4j…");
            out.flush();
            try {
                service.shutdown();
                if (readyFile != null) {
                    Files.deleteIfExists(readyFile);
                }
                out.println("STOPPED");
            } catch (Throwable t) {
                out.println("Shutdown failed: " + t);
                t.printStackTrace(out);
            } finally {
                out.flush();
                stopped.countDown();
            }
        }, "cs-peers-neo4j-shutdown"));

        if (!service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).isAvailable(120_000)) {
            throw new IllegalStateException("the default database did not become available");
        }
        waitForBolt(port);

        long pid = ProcessHandle.current().pid();
        String version = Version.getNeo4jVersion();
        if (readyFile != null) {
            String json = String.format("{\"pid\": %d, \"port\": %d, \"version\": \"%s\"}%n", pid, port, version);
            Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(tmp, readyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        out.println("READY bolt://127.0.0.1:" + port + " pid=" + pid + " version=" + version);
        out.flush();

        stopped.await();
    }

    /** Writes auth.ini the way {@code neo4j-admin dbms set-initial-password} does. */
    private static void writeInitialPassword(Config config, String password) throws Exception {
        if (password.length() < config.get(GraphDatabaseSettings.auth_minimum_password_length)) {
            throw new IllegalArgumentException("the password is too short");
        }
        Path file = CommunitySecurityModule.getInitialUserRepositoryFile(config);
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try (DefaultFileSystemAbstraction fs = new DefaultFileSystemAbstraction()) {
            FileUserRepository repository =
                    new FileUserRepository(fs, file, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
            repository.start();
            SystemGraphCredential credential = SystemGraphCredential.createCredentialForPassword(
                    password.getBytes(StandardCharsets.UTF_8), new SecureHasher());
            repository.create(new User(INITIAL_USER, null, credential, false, false));
            repository.shutdown();
        }
    }

    private static void waitForBolt(int port) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 300; attempt++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IOException("Bolt is not accepting connections on port " + port, last);
    }
}
