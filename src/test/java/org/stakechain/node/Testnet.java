package org.stakechain.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stakechain.cli.StakechainCommand;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.keystore.Keystore;

/**
 * A testnet written by {@code testnet init} into a temporary folder, whose nodes run as real OS processes started
 * with {@code java -cp <the test class path> org.stakechain.cli.StakechainCommand node --config ...}. Talks to them
 * through their HTTP API only. {@link #close()} kills every process it started, by PID.
 */
public final class Testnet implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public final Path dir;
    public final JsonNode manifest;
    public final String chainId;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final List<Process> everyProcess = new ArrayList<>();
    /** The log of each name's last start and where that start's output begins in it. */
    private final Map<String, LogStart> logStarts = new LinkedHashMap<>();
    /** Ports each name's running process logged as bound (configs with port 0), found by {@link #boundPorts}. */
    private final Map<String, BoundPorts> boundPorts = new LinkedHashMap<>();
    /** Names whose configs say port 0 ({@link #bindFreePorts}). */
    private final Set<String> selfBound = new HashSet<>();

    private record LogStart(Path log, long offset) {
    }

    /** What a node logged once listening: {@code http} is -1 without an API. */
    public record BoundPorts(String host, int p2p, int http) {
    }

    private static final Pattern RUNNING = Pattern.compile(
            "node running: p2p ws://([^:/]+):(\\d+)/p2p(?:, API http://[^:/]+:(\\d+)/)?");

    private Testnet(Path dir) {
        this.dir = dir;
        try {
            this.manifest = JSON.readTree(Files.readString(dir.resolve("testnet.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.chainId = manifest.path("chainId").asText();
    }

    /** {@code extra}: more {@code testnet init} options, e.g. {@code "--stakes", "240,260,250,250"}. */
    public static Testnet init(Path dir, int validators, int followers, long slotMillis, String... extra) {
        List<String> args = new ArrayList<>(List.of("testnet", "init", "--validators", "" + validators,
                "--followers", "" + followers, "--dir", dir.toString(), "--slot-millis", "" + slotMillis,
                "--kdf-iterations", "" + Keystore.TEST_ITERATIONS, "--chain-id", "it-testnet"));
        args.addAll(List.of(extra));
        int code = StakechainCommand.commandLine().execute(args.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException("testnet init failed with " + code);
        }
        return new Testnet(dir);
    }

    public List<String> names() {
        List<String> out = new ArrayList<>();
        manifest.path("nodes").forEach(n -> out.add(n.path("name").asText()));
        return out;
    }

    public JsonNode node(String name) {
        for (JsonNode n : manifest.path("nodes")) {
            if (n.path("name").asText().equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /**
     * Rewrites the configs of {@code names} to port 0 for P2P and the API: each node binds free ports itself and
     * logs them, and {@link #url}, {@link #p2pAddress} read them from its log. No port is then picked by
     * {@code testnet init}, released, and taken by another socket before the node binds it. Only for nodes that
     * dial others through addresses known beforehand (proxies): the others' bootnodes name the manifest's ports.
     */
    public void bindFreePorts(List<String> names) {
        try {
            for (String n : names) {
                ObjectNode config = (ObjectNode) JSON.readTree(Files.readString(configOf(n)));
                config.with("p2p").put("port", 0);
                config.with("http").put("port", 0);
                Files.writeString(configOf(n), JSON.writeValueAsString(config));
                synchronized (this) {
                    selfBound.add(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The node's API. For a node that binds its own ports ({@link #bindFreePorts}) the port its running process
     * logged, or port 1 (refused: nothing listens there) while it has not; else the manifest's.
     */
    public String url(String name) {
        Optional<BoundPorts> bound = boundPorts(name);
        if (bound.isPresent() && bound.get().http() > 0) {
            return "http://" + bound.get().host() + ":" + bound.get().http();
        }
        return isSelfBound(name) ? "http://127.0.0.1:1" : node(name).path("httpUrl").asText();
    }

    /** The node's P2P address as {@code ws://host:port/p2p}, by the same rule as {@link #url}. */
    public String p2pAddress(String name) {
        Optional<BoundPorts> bound = boundPorts(name);
        if (bound.isPresent()) {
            return "ws://" + bound.get().host() + ":" + bound.get().p2p() + "/p2p";
        }
        return isSelfBound(name) ? "ws://127.0.0.1:1/p2p" : node(name).path("p2pAddress").asText();
    }

    private synchronized boolean isSelfBound(String name) {
        return selfBound.contains(name);
    }

    /**
     * The ports the process last started under {@code name} logged once it listened ({@code node running: ...}),
     * or empty while it has not got that far. A config with port 0 lets the node bind a free port itself: no port
     * is picked, released and then taken by someone else before the node binds it.
     */
    public Optional<BoundPorts> boundPorts(String name) {
        LogStart start;
        synchronized (this) {
            BoundPorts known = boundPorts.get(name);
            if (known != null) {
                return Optional.of(known);
            }
            start = logStarts.get(name);
        }
        if (start == null) {
            return Optional.empty();
        }
        String since;
        try (RandomAccessFile f = new RandomAccessFile(start.log().toFile(), "r")) {
            long length = Math.min(f.length() - start.offset(), 1 << 20); // the line comes early in a start's output
            if (length <= 0) {
                return Optional.empty();
            }
            byte[] bytes = new byte[(int) length];
            f.seek(start.offset());
            f.readFully(bytes);
            since = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        Matcher m = RUNNING.matcher(since);
        if (!m.find()) {
            return Optional.empty();
        }
        BoundPorts found = new BoundPorts(m.group(1), Integer.parseInt(m.group(2)),
                m.group(3) == null ? -1 : Integer.parseInt(m.group(3)));
        synchronized (this) {
            if (logStarts.get(name) == start) { // not restarted meanwhile
                boundPorts.put(name, found);
            }
        }
        return Optional.of(found);
    }

    public Path configOf(String name) {
        return dir.resolve(node(name).path("config").asText());
    }

    public Path logOf(String name) {
        return dir.resolve(name).resolve("node.log");
    }

    // ------------------------------------------------------------------ processes

    public Process start(String name) {
        return startWithConfig(name, configOf(name), logOf(name));
    }

    /** Starts {@code node --config config} as a separate JVM, its output appended to {@code log}. */
    public Process startWithConfig(String name, Path config, Path log) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xss512k", "-cp", System.getProperty("java.class.path"), StakechainCommand.class.getName(), "node",
                "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            long offset = Files.exists(log) ? Files.size(log) : 0;
            Process p = pb.start();
            synchronized (this) {
                processes.put(name, p);
                everyProcess.add(p);
                logStarts.put(name, new LogStart(log, offset));
                boundPorts.remove(name);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last process started under {@code name} (alive or not). */
    public synchronized Process process(String name) {
        Process p = processes.get(name);
        if (p == null) {
            throw new IllegalArgumentException(name + " was never started");
        }
        return p;
    }

    public synchronized boolean isRunning(String name) {
        Process p = processes.get(name);
        return p != null && p.isAlive();
    }

    public void startAll(List<String> names) {
        names.forEach(this::start);
    }

    /** SIGKILL: the process gets no chance to clean up. */
    public void kill(String name) {
        Process p = processes.get(name);
        p.destroyForcibly();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + p.pid() + ") survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then waits for the shutdown hook to finish. */
    public int terminate(String name) throws InterruptedException {
        Process p = processes.get(name);
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not stop within 20 s of SIGTERM");
        }
        return p.exitValue();
    }

    @Override
    public synchronized void close() {
        for (Process p : everyProcess) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        for (Process p : everyProcess) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ HTTP API

    public static Optional<JsonNode> get(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(JSON.readTree(r.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public static HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    public Optional<JsonNode> status(String name) {
        return get(url(name) + "/api/v1/status");
    }

    /** The node's final height, or -1 if it does not answer. */
    public long height(String name) {
        return status(name).map(s -> s.path("finalHeight").asLong()).orElse(-1L);
    }

    public Optional<JsonNode> block(String name, long height) {
        return get(url(name) + "/api/v1/blocks/" + height);
    }

    public KeyPair treasury() {
        try {
            String password = Files.readString(dir.resolve(manifest.path("treasury").path("passwordFile").asText()))
                    .trim();
            return Keystore.decrypt(Files.readString(dir.resolve(manifest.path("treasury").path("keystore").asText())),
                    password.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ waiting

    /** Polls {@code condition} until it holds; fails naming {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        await(what, timeout, condition, () -> "");
    }

    /** As above; on a timeout the message ends with {@code detail}, asked then. */
    private static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> detail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what
                        + detail.get());
            }
            LockSupport.parkNanos(200_000_000);
        }
    }

    /**
     * Waits until {@code name} has final height {@code height}. Fails at once if its process has exited (a port taken
     * between {@code testnet init} and the start, a crash), and either way with the end of its log in the message:
     * a CI failure must say why without the test's temp dir, which is gone by then.
     */
    public void awaitHeight(String name, long height, Duration timeout) {
        await(name + " to reach final height " + height, timeout, () -> {
            Process p;
            synchronized (this) {
                p = processes.get(name);
            }
            if (p != null && !p.isAlive()) {
                throw new AssertionError(name + " (pid " + p.pid() + ") exited with " + p.exitValue()
                        + " before reaching final height " + height + "; its log ends:\n" + tail(name, 40));
            }
            return height(name) >= height;
        }, () -> " (it has " + height(name) + "); its log ends:\n" + tail(name, 40));
    }

    /** Every block 1..upTo has the same hash and state root on each of {@code names}. */
    public void assertSameChain(List<String> names, long upTo) {
        for (long h = 1; h <= upTo; h++) {
            String hash = null;
            String root = null;
            for (String n : names) {
                long height = h;
                JsonNode b = block(n, h).orElseThrow(() -> new AssertionError(n + " lacks final block " + height));
                if (hash == null) {
                    hash = b.path("hash").asText();
                    root = b.path("stateRoot").asText();
                } else if (!hash.equals(b.path("hash").asText()) || !root.equals(b.path("stateRoot").asText())) {
                    throw new AssertionError("block " + h + " differs: " + names.get(0) + " has " + hash + " (state "
                            + root + "), " + n + " has " + b.path("hash").asText() + " (state "
                            + b.path("stateRoot").asText() + ")");
                }
            }
        }
    }

    public String tail(String name, int lines) {
        try {
            List<String> all = Files.readAllLines(logOf(name));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public boolean logContains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
