package org.stakechain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.stakechain.crypto.keystore.Keystore;
import picocli.CommandLine;

/**
 * The bench's network: written by {@code testnet init} (with the funded accounts), each node its own OS process
 * started here with the bench's JVM options, and stopped here by the handles this process holds.
 */
final class BenchNetwork implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One node process. */
    record NodeProcess(String name, String url, Process process) {
        long pid() {
            return process.pid();
        }
    }

    final Path dir;
    final String chainId;
    final List<NodeProcess> nodes = new ArrayList<>();
    private final Thread stopHook = new Thread(this::stopNodes, "bench-stop");

    private BenchNetwork(Path dir, String chainId) {
        this.dir = dir;
        this.chainId = chainId;
    }

    /** Writes the testnet into {@code dir} (empty or missing); returns what {@code testnet init} printed on failure. */
    static BenchNetwork init(Path dir, int validators, int accounts, long seed, long slotMillis) {
        String chainId = "stakechain-bench";
        CommandLine cl = new CommandLine(new TestnetCommand.Init());
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        int code = cl.execute("--validators", "" + validators, "--dir", dir.toString(), "--chain-id", chainId,
                "--slot-millis", "" + slotMillis, "--funded-accounts", "" + accounts, "--accounts-seed", "" + seed,
                "--kdf-iterations", "" + Keystore.TEST_ITERATIONS);
        if (code != 0) {
            throw new IllegalStateException("testnet init failed:\n" + out);
        }
        return new BenchNetwork(dir, chainId);
    }

    /** Starts every node of the manifest with {@code jvmOptions}; logs go to DIR/node-i/node.log. */
    void start(List<String> jvmOptions) throws IOException {
        JsonNode manifest = JSON.readTree(Files.readString(dir.resolve(TestnetCommand.MANIFEST), StandardCharsets.UTF_8));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
        Runtime.getRuntime().addShutdownHook(stopHook);
        for (JsonNode n : manifest.path("nodes")) {
            String name = n.path("name").asText();
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", classpath, StakechainCommand.class.getName(), "node", "--config",
                    dir.resolve(n.path("config").asText()).toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name).resolve("node.log").toFile()));
            builder.environment().putAll(NodeJvm.ENVIRONMENT);
            Process p = builder.start();
            nodes.add(new NodeProcess(name, n.path("httpUrl").asText(), p));
        }
    }

    /**
     * Waits until every node serves its API, sees all its peers, and a block is final: the network forges.
     * Throws with the node logs' location if that takes longer than {@code timeout}.
     */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (NodeProcess n : nodes) {
            while (true) {
                if (!n.process().isAlive()) {
                    throw new IllegalStateException(n.name() + " exited with code " + n.process().exitValue()
                            + "; see " + dir.resolve(n.name()).resolve("node.log"));
                }
                JsonNode s = status(n);
                if (s != null && s.path("peers").asInt() >= nodes.size() - 1 && s.path("finalHeight").asLong() >= 1) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(n.name() + " not ready after " + timeout.toSeconds() + " s; see "
                            + dir.resolve(n.name()).resolve("node.log"));
                }
                Thread.sleep(200); // polling a separate process: nothing to wait on but its answers
            }
        }
    }

    /** {@code /api/v1/status} of a node, or null if it does not answer. */
    JsonNode status(NodeProcess n) {
        String body = get(n, "/api/v1/status");
        try {
            return body == null ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Transaction signatures the node has verified since it started ({@code /metrics}), or -1 if it does not
     * answer: compared with the transactions finalized, it shows how often one transaction is verified again.
     */
    long signatureVerifications(NodeProcess n) {
        String body = get(n, "/metrics");
        if (body == null) {
            return -1;
        }
        long count = 0;
        try {
            for (String line : body.split("\n")) {
                if (line.startsWith("stakechain_signature_verification_seconds_count")) {
                    count += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        } catch (NumberFormatException e) {
            return -1;
        }
        return count;
    }

    /** The body of a GET of {@code path} on the node when it answers 200, else null. */
    private String get(NodeProcess n, String path) {
        try {
            // kept-alive blocking connections (BenchHttp): polled every second per node while the bench measures
            BenchHttp.Response r = pools.computeIfAbsent(n.url(), u -> new BenchHttp.Pool(u, 5_000, 5_000)).get(path);
            return r.status() == 200 ? new String(r.body(), StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private final java.util.concurrent.ConcurrentHashMap<String, BenchHttp.Pool> pools =
            new java.util.concurrent.ConcurrentHashMap<>();

    long finalHeight(NodeProcess n) {
        JsonNode s = status(n);
        return s == null ? -1 : s.path("finalHeight").asLong(-1);
    }

    /** SIGTERM to every node, then up to 20 s for each to close its store; SIGKILL after that. */
    private void stopNodes() {
        for (NodeProcess n : nodes) {
            if (n.process().isAlive()) {
                n.process().destroy();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (NodeProcess n : nodes) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !n.process().waitFor(left, TimeUnit.NANOSECONDS)) {
                    n.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                n.process().destroyForcibly();
            }
        }
    }

    @Override
    public void close() {
        pools.values().forEach(BenchHttp.Pool::close);
        stopNodes();
        try {
            Runtime.getRuntime().removeShutdownHook(stopHook);
        } catch (IllegalStateException | IllegalArgumentException ignored) {
            // shutting down already, or never started
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
