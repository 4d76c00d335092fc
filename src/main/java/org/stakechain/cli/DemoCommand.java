package org.stakechain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.consensus.Verdict;
import org.stakechain.consensus.lottery.ForgerLottery;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.Hex;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.Signature;
import org.stakechain.crypto.keystore.Keystore;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.StateTransition;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.ChainState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.ledger.validators.Validator;
import org.stakechain.ledger.validators.ValidatorSet;
import org.stakechain.network.Network;
import org.stakechain.network.NetworkConfig;
import org.stakechain.network.NetworkListener;
import org.stakechain.network.wire.HostPort;
import org.stakechain.network.wire.NodeId;
import org.stakechain.node.NodeConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The seed notebook's story, live: four validator nodes (charles, edwin, oliver, sonia) as separate processes on
 * 127.0.0.1, and a narrator that watches them through their HTTP API and tells what happens in the seeds' words.
 *
 * <p>The narrator only uses the core API ({@code /api/v1/status}, {@code /blocks/{h}}, {@code /accounts/{a}},
 * {@code POST /transactions}) and what it can compute itself: it knows the genesis, so it replays the forger
 * lottery from the block headers (the beacon is a hash chain of the forgers' reveals, which every header carries)
 * and checks each draw against the forger named in the header.
 *
 * <p>The double-sign is injected from outside the nodes: the narrator knows oliver's deterministic demo key, signs
 * two conflicting ATTEST votes for one height and round, and delivers them to the nodes as a peer of the p2p
 * network. No node is changed to misbehave; the honest nodes catch the equivocation themselves and report it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start a local demo network (charles, edwin, oliver, sonia as separate node processes) and "
                + "narrate it: erick refused as a validator, the forger lottery, confirmations to 75%%, rewards, "
                + "a transfer, and a double-signing validator slashed on every node.",
                "Runs until Ctrl-C, or stops after --blocks N final blocks (exit 0 when the whole story happened)."})
final class DemoCommand implements Callable<Integer> {
    static final String MARKER = ".stakechain-demo";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FEE = 1_000;
    /** Blocks the story may take beyond --blocks before the demo gives up and exits non-zero. */
    static final int STORY_GRACE_BLOCKS = 25;

    @Option(names = "--dir", defaultValue = "demo-data",
            description = "Data directory for the demo network (wiped at start only if the demo made it). "
                    + "Default: ${DEFAULT-VALUE}.")
    Path dir;

    @Option(names = "--blocks", paramLabel = "N", description = "Stop after N final blocks (default: run until Ctrl-C).")
    Integer blocks;

    @Option(names = "--no-browser", description = "Do not open the explorer in a browser.")
    boolean noBrowser;

    @Option(names = "--slot-millis", defaultValue = "500", description = "Time per block. Default: ${DEFAULT-VALUE}.")
    long slotMillis;

    @Option(names = "--epoch-length", defaultValue = "10",
            description = "Blocks per epoch (validator set changes, e.g. a jailed validator leaving, take effect at "
                    + "epoch ends). Default: ${DEFAULT-VALUE}.")
    long epochLength;

    @Option(names = "--double-sign-at", defaultValue = "4",
            description = "Final height after which oliver double-signs (0: never). Default: ${DEFAULT-VALUE}.")
    long doubleSignAt;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<NodeProc> nodes = new ArrayList<>();
    private Genesis genesis;
    private ChainParams params;
    private long startNanos;
    private volatile boolean stopping;

    /** One validator node: its name, its key, its ports, its process. */
    static final class NodeProc {
        final String name;
        final KeyPair key;
        final int p2pPort;
        final int httpPort;
        Process process;

        NodeProc(String name, KeyPair key, int p2pPort, int httpPort) {
            this.name = name;
            this.key = key;
            this.p2pPort = p2pPort;
            this.httpPort = httpPort;
        }

        String url() {
            return "http://127.0.0.1:" + httpPort;
        }
    }

    @Override
    public Integer call() throws Exception {
        startNanos = System.nanoTime();
        out = spec.commandLine().getOut();
        if (blocks != null && blocks < 1) {
            throw new IllegalArgumentException("--blocks must be at least 1");
        }
        if (slotMillis < 100 || epochLength < 2) {
            throw new IllegalArgumentException("--slot-millis must be at least 100 and --epoch-length at least 2");
        }
        prepareDir();
        writeNetwork();
        Thread hook = new Thread(() -> {
            stopping = true; // Ctrl-C or SIGTERM: the narrator falls silent, the nodes are stopped by PID
            stopAll();
        }, "demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        onInterrupt();
        int code;
        try {
            startNodes();
            code = new Story().run();
        } finally {
            stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down (Ctrl-C)
            }
        }
        return code;
    }

    /**
     * Ctrl-C (SIGINT) or SIGTERM: the narrator stops at the next poll, stops the nodes by PID and exits 0. Where the
     * JDK does not offer signal handlers the shutdown hook does the same, and the exit code is the signal's.
     */
    @SuppressWarnings("removal")
    private void onInterrupt() {
        for (String name : List.of("INT", "TERM")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> stopping = true);
            } catch (IllegalArgumentException | LinkageError e) {
                // not on this platform: the shutdown hook stops the nodes
            }
        }
    }

    // ------------------------------------------------------------------ the network folder

    private void prepareDir() throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException(dir + " is a file; pick another --dir");
            }
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                throw new IllegalArgumentException(dir + " exists and was not made by the demo; the demo wipes its "
                        + "folder at start, so it will not touch this one: pick another --dir");
            }
            if (!empty) {
                deleteTree(dir);
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "made by `stakechain demo`; wiped at its next start\n");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void writeNetwork() throws IOException {
        params = ChainParams.defaults(DemoGenesis.CHAIN_ID).withSlotMillis(slotMillis).withEpochLength(epochLength);
        genesis = DemoGenesis.create(params, System.currentTimeMillis());
        Files.writeString(dir.resolve("genesis.json"), genesis.toJson(), StandardCharsets.UTF_8);
        List<Integer> ports = freePorts(2 * DemoGenesis.VALIDATORS.size());
        for (int i = 0; i < DemoGenesis.VALIDATORS.size(); i++) {
            String name = DemoGenesis.VALIDATORS.get(i);
            nodes.add(new NodeProc(name, DemoGenesis.key(name), ports.get(2 * i), ports.get(2 * i + 1)));
        }
        SecureRandom random = new SecureRandom();
        for (NodeProc n : nodes) {
            Path nodeDir = dir.resolve(n.name);
            Files.createDirectories(nodeDir);
            // demo keys are derived from public names: the keystore protects nothing, so it is quick to open
            Files.writeString(nodeDir.resolve("password.txt"), "demo\n", StandardCharsets.UTF_8);
            Files.writeString(nodeDir.resolve("validator.keystore.json"),
                    Keystore.encrypt(n.key, "demo".toCharArray(), Keystore.TEST_ITERATIONS, random),
                    StandardCharsets.UTF_8);
            List<HostPort> boot = new ArrayList<>();
            for (NodeProc o : nodes) {
                if (o != n) {
                    boot.add(new HostPort("127.0.0.1", o.p2pPort));
                }
            }
            NodeConfig config = new NodeConfig(Path.of("data"), Path.of("../genesis.json"),
                    Optional.of(Path.of("validator.keystore.json")), Optional.of(Path.of("password.txt")),
                    "127.0.0.1", n.p2pPort, boot, "127.0.0.1", n.httpPort, 25);
            Files.writeString(nodeDir.resolve(TestnetCommand.NODE_CONFIG), config.toJson(), StandardCharsets.UTF_8);
        }
    }

    /** Free ports now; another program could take one before a node binds it, which that node then reports. */
    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            while (held.size() < count) {
                held.add(new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")));
            }
            List<Integer> ports = new ArrayList<>();
            for (ServerSocket s : held) {
                ports.add(s.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    // ------------------------------------------------------------------ the node processes

    private void startNodes() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        for (NodeProc n : nodes) {
            startNode(n, java, classpath);
        }
        // what a reader needs to poke at the running demo (docs/concepts.md): names, URLs, PIDs, configs
        com.fasterxml.jackson.databind.node.ObjectNode manifest = JSON.createObjectNode();
        manifest.put("chainId", DemoGenesis.CHAIN_ID);
        manifest.put("genesis", "genesis.json");
        manifest.put("demoPid", ProcessHandle.current().pid());
        com.fasterxml.jackson.databind.node.ArrayNode list = manifest.putArray("nodes");
        for (NodeProc n : nodes) {
            list.addObject().put("name", n.name).put("pid", n.process.pid()).put("httpUrl", n.url())
                    .put("p2pAddress", "ws://127.0.0.1:" + n.p2pPort + "/p2p")
                    .put("config", n.name + "/" + TestnetCommand.NODE_CONFIG).put("log", n.name + "/node.log")
                    .put("validator", n.key.address().text());
        }
        Files.writeString(dir.resolve("demo.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest)
                + "\n", StandardCharsets.UTF_8);
    }

    private void startNode(NodeProc n, String java, String classpath) throws IOException {
        Path config = dir.resolve(n.name).resolve(TestnetCommand.NODE_CONFIG);
        File log = dir.resolve(n.name).resolve("node.log").toFile();
        // same jar, same `node --config` as `testnet run`; C1 only: the demo's nodes start fast on 2 cores
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(NodeJvm.FLAGS);
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(classDataSharing(classpath, n == nodes.get(0)));
        cmd.addAll(List.of("-cp", classpath, StakechainCommand.class.getName(), "node", "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        pb.environment().putAll(NodeJvm.ENVIRONMENT);
        n.process = pb.start();
    }

    /**
     * Startup speed: a node spends most of its start loading classes. When the demo runs from the jar, the first
     * demo run has its first node record the classes it loads into a class-data-sharing archive next to the jar
     * (written when the node exits); later runs map that archive into all four nodes, about a second less CPU
     * each. Named after the jar's size and time, so a rebuilt jar gets a new archive; a stale or broken archive is
     * ignored by the JVM.
     */
    private static List<String> classDataSharing(String classpath, boolean recorder) {
        if (classpath.contains(File.pathSeparator) || !classpath.endsWith(".jar")) {
            return List.of();
        }
        try {
            Path jar = Path.of(classpath).toAbsolutePath();
            String stamp = Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
            Path archive = jar.resolveSibling("stakechain-demo-" + stamp + ".jsa");
            if (Files.isRegularFile(archive)) {
                return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
            }
            if (recorder && Files.isWritable(jar.getParent())) {
                try (Stream<Path> old = Files.list(jar.getParent())) { // archives of earlier builds of the jar
                    for (Path p : old.filter(p -> p.getFileName().toString().matches("stakechain-demo-.*\\.jsa"))
                            .toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                return List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
            }
        } catch (IOException | RuntimeException e) {
            // no archive: the nodes start a little slower
        }
        return List.of();
    }

    /** SIGTERM to every node by its PID, then up to 15 s to close their stores; SIGKILL after that. */
    private synchronized void stopAll() {
        for (NodeProc n : nodes) {
            if (n.process != null && n.process.isAlive()) {
                n.process.destroy();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (NodeProc n : nodes) {
            if (n.process == null) {
                continue;
            }
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !n.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    n.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                n.process.destroyForcibly();
            }
        }
    }

    // ------------------------------------------------------------------ HTTP

    private Optional<JsonNode> get(NodeProc n, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(n.url() + path))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
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

    /** POSTs a signed transaction; the answer's JSON (202 pending, or an error with its detail). */
    private JsonNode submit(NodeProc n, Transaction tx) throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("tx", Hex.encode(tx.encode())).toString();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(n.url() + "/api/v1/transactions"))
                .timeout(Duration.ofSeconds(3)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode j = JSON.readTree(r.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) j).put("httpStatus", r.statusCode());
        return j;
    }

    private long finalHeight(NodeProc n) {
        return get(n, "/api/v1/status").map(s -> s.path("finalHeight").asLong(-1)).orElse(-1L);
    }

    private String seconds() {
        return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private static String pct(long part, long total) {
        return String.format("%.1f%%", 100.0 * part / total);
    }

    private String nameOf(String address) {
        for (String name : List.of("charles", "edwin", "oliver", "sonia", "erick", "treasury")) {
            if (DemoGenesis.key(name).address().text().equals(address)) {
                return name;
            }
        }
        return address;
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    // ------------------------------------------------------------------ the story

    /** The narrator: follows node 1's final blocks and drives the story's events at their heights. */
    final class Story {
        private final NodeProc first = nodes.get(0);
        private final Map<String, Long> balances = new LinkedHashMap<>();
        /** The narrator's own replay of what the lottery needs: beacon, seeds, the validator set. */
        private Hash beacon;
        private Hash lotterySeed;
        private Hash nextLotterySeed;
        private ValidatorSet validators;
        private ValidatorSet previousValidators;
        private final List<Address> jailedSinceEpoch = new ArrayList<>();

        private boolean erickRefused;
        private boolean transferFinal;
        private boolean sawTicket;
        private boolean sawQuorum;
        private boolean slashed;
        private boolean slashedOnEveryNode;
        private long slashHeight = -1;
        private long finalsAfterSlash;
        private boolean doubleSigned;
        private String finder;
        private long lastTarget;
        private Hash erickRegisterTx;
        private Hash transferTx;
        private long transferAmount = Coins.of(25);
        private Network peer;

        int run() throws Exception {
            ChainState g = genesis.initialState().chain();
            beacon = g.beacon();
            lotterySeed = g.lotterySeed();
            nextLotterySeed = g.nextLotterySeed();
            validators = g.validators();
            previousValidators = g.validators();

            say("== stakechain demo: the notebook's story, live (nodes started " + seconds() + " after the command) ==");
            say("network folder " + dir.toAbsolutePath() + " (node logs in " + dir.resolve("<name>/node.log") + ")");
            say("genesis " + genesis.hash().shortHex() + ": slot " + slotMillis + " ms, epoch " + epochLength
                    + " blocks, minimum stake " + Coins.format(params.minimumStake()) + ", 75% of stake to finalize");
            for (NodeProc n : nodes) {
                say(String.format("  started %-8s pid %-7d %s  p2p ws://127.0.0.1:%d/p2p", n.name, n.process.pid(),
                        n.url(), n.p2pPort));
            }
            tickets();
            waitForNodes();
            String explorer = first.url() + "/";
            say("explorer: " + explorer + "   (every node serves one; Ctrl-C stops the network)");
            if (!noBrowser) {
                openBrowser(explorer);
            }
            for (String name : List.of("charles", "edwin", "oliver", "sonia", "erick", "treasury")) {
                balances.put(name, balanceOf(first, name));
            }

            long narrated = 0;
            long stopAt = blocks == null ? Long.MAX_VALUE : blocks;
            while (true) {
                long h = finalHeight(first);
                if (stopping) {
                    say("");
                    say("Ctrl-C: stopping the four nodes (SIGTERM to each PID)");
                    if (peer != null) {
                        peer.stop();
                    }
                    return 0;
                }
                if (h < 0) {
                    if (!first.process.isAlive()) {
                        say("FAILED: node " + first.name + " exited with code " + first.process.exitValue()
                                + "; see " + dir.resolve(first.name).resolve("node.log"));
                        return 1;
                    }
                    Thread.sleep(100);
                    continue;
                }
                while (narrated < h) {
                    narrated++;
                    narrateBlock(narrated);
                    drive(narrated);
                }
                boolean done = storyComplete();
                if (narrated >= stopAt && (done || narrated >= stopAt + STORY_GRACE_BLOCKS)) {
                    return finish(done);
                }
                Thread.sleep(100);
            }
        }

        private void tickets() {
            long total = validators.totalStake();
            say("");
            say("-- the lottery: every staked coin is one ticket (" + total / Coins.UNITS_PER_COIN + " tickets) --");
            for (String name : DemoGenesis.VALIDATORS) {
                long stake = validators.stakeOf(DemoGenesis.key(name).publicKey());
                say(String.format("  %-8s %4d tickets  %4d/%d = %5s  chance to be the forger (forjador) of a block",
                        name, stake / Coins.UNITS_PER_COIN, stake / Coins.UNITS_PER_COIN,
                        total / Coins.UNITS_PER_COIN, pct(stake, total)));
            }
            say(String.format("  %-8s %4d coins: below the minimum of %s, no tickets", "erick",
                    DemoGenesis.notebookCoins("erick"), Coins.format(params.minimumStake())));
            say("  every block the others are attestors (testigos): they attest, then confirm; final at 75% of stake");
            say("");
        }

        private void waitForNodes() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (NodeProc n : nodes) {
                while (get(n, "/api/v1/status").isEmpty()) {
                    if (!n.process.isAlive()) {
                        throw new IllegalStateException("node " + n.name + " exited with code "
                                + n.process.exitValue() + "; see " + dir.resolve(n.name).resolve("node.log"));
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("node " + n.name + " did not answer within 60 s");
                    }
                    Thread.sleep(50);
                }
            }
            say("all four nodes answer (" + seconds() + " after the command); waiting for the first final block");
        }

        // ---------------------------------------------------------- one final block

        private void narrateBlock(long height) throws InterruptedException {
            JsonNode b = null;
            for (int i = 0; i < 50 && b == null; i++) {
                b = get(first, "/api/v1/blocks/" + height).orElse(null);
                if (b == null) {
                    Thread.sleep(50);
                }
            }
            if (b == null) {
                say("block " + height + ": could not be read from " + first.name);
                return;
            }
            int round = b.path("round").asInt();
            String forger = b.path("forger").asText();
            say("");
            say("block " + height + (height == 1 ? "  (first final block " + seconds() + " after the command)" : ""));

            // the lottery, replayed by the narrator from the genesis and the headers
            ForgerLottery.Draw draw = ForgerLottery.of(validators).draw(height, round, lotterySeed);
            if (draw.forger().address().text().equals(forger)) {
                sawTicket = true;
                say(String.format("  forger (forjador): %s drew ticket %d of %d%s", nameOf(forger), draw.coinTicket(),
                        draw.totalCoinTickets(), round > 0 ? " in round " + round
                                + " (the earlier rounds' forgers did not get a block final in time)" : ""));
            } else {
                say("  forger (forjador): " + nameOf(forger) + " (round " + round + "; the narrator's replay of the "
                        + "lottery disagrees, so no ticket shown)");
            }
            int txCount = b.path("transactions").size();
            say("  " + nameOf(forger) + " checked " + txCount + " transaction" + (txCount == 1 ? "" : "s")
                    + ", built the block, signed it and sent it to the attestors (testigos)");

            // confirmations climbing to 75%
            ValidatorSet set = validators; // the set of this block's epoch: the replay moves on after the block
            long total = set.totalStake();
            JsonNode confs = b.path("certificate").path("confirmations");
            if (confs.isArray() && confs.size() > 0) {
                say("  the attestors attested, then confirmed; confirmations by stake (final at 75% = "
                        + (3 * total + 3) / 4 / Coins.UNITS_PER_COIN + " of " + total / Coins.UNITS_PER_COIN
                        + " tickets):");
                long signed = 0;
                boolean crossed = false;
                for (JsonNode c : confs) {
                    String who = c.path("validator").asText();
                    long stake = set.find(Address.parse(who)).map(Validator::stake).orElse(0L);
                    signed += stake;
                    say(String.format("    + %-8s %4d  -> %4d/%d = %5s %s", nameOf(who), stake / Coins.UNITS_PER_COIN,
                            signed / Coins.UNITS_PER_COIN, total / Coins.UNITS_PER_COIN, pct(signed, total),
                            bar(signed, total)));
                    if (!crossed && params.isQuorum(signed, total)) {
                        crossed = true;
                        say("      ---------------- 75% reached: the block is final ----------------");
                    }
                }
                if (crossed) {
                    sawQuorum = true;
                }
            }
            say("  final: " + b.path("hash").asText().substring(0, 16) + "…  state root "
                    + b.path("stateRoot").asText().substring(0, 16) + "…");

            // the transactions this block carried, with their receipts
            List<Address> slashedHere = new ArrayList<>();
            for (JsonNode t : b.path("transactions")) {
                String type = t.path("type").asText();
                boolean ok = t.path("receipt").path("success").asBoolean(false);
                String failure = t.path("receipt").path("failure").asText("");
                String sender = nameOf(t.path("sender").asText());
                String what = switch (type) {
                    case "TRANSFER" -> sender + " sends " + t.path("amount").asText() + " to "
                            + nameOf(t.path("to").asText());
                    case "STAKE" -> sender + " stakes " + t.path("amount").asText();
                    case "UNSTAKE" -> sender + " unstakes " + t.path("amount").asText();
                    case "REGISTER_VALIDATOR" -> sender + " asks to become a validator";
                    case "SLASH_EVIDENCE" -> sender + " reports " + nameOf(t.path("offender").asText())
                            + " for signing two conflicting messages at height " + t.path("evidenceHeight").asText()
                            + " round " + t.path("evidenceRound").asText();
                    default -> sender + " " + type;
                };
                say("  tx " + type + ": " + what + (ok ? "  [ok]" : "  [refused: " + failure + "]"));
                String hash = t.path("hash").asText();
                if (erickRegisterTx != null && hash.equals(erickRegisterTx.hex())) {
                    if (!ok) {
                        erickRefused = true;
                        say("  => erick is refused as a validator: " + failure);
                    } else {
                        say("  => unexpected: erick was registered");
                    }
                }
                if (transferTx != null && hash.equals(transferTx.hex()) && ok) {
                    transferFinal = true;
                }
                if ("SLASH_EVIDENCE".equals(type) && ok) {
                    Address offender = Address.parse(t.path("offender").asText());
                    slashedHere.add(offender);
                    slashed = true;
                    slashHeight = height;
                    long cut = ChainParams.share(validators.find(offender).map(Validator::stake).orElse(0L),
                            params.slashFractionBps());
                    say("  => " + nameOf(offender.text()) + " is SLASHED and jailed: " + Coins.format(cut) + " of his "
                            + "stake cut, " + Coins.format(ChainParams.share(cut, params.finderFeeBps()))
                            + " of it paid to " + sender + " as the finder's fee, the rest burned"
                            + (sender.equals(nameOf(offender.text())) ? " (his own node saw the two votes first and "
                            + "reported them, as every honest node does)" : ""));
                    finder = sender;
                }
            }
            rewards(height);

            // advance the narrator's replay: the beacon, and at an epoch end the seeds and the validator set
            beacon = StateTransition.nextBeacon(beacon, Signature.parse(b.path("beaconReveal").asText()));
            jailedSinceEpoch.addAll(slashedHere);
            if (params.isEpochEnd(height)) {
                lotterySeed = nextLotterySeed;
                nextLotterySeed = beacon;
                List<Validator> next = new ArrayList<>();
                for (Validator v : validators.validators()) {
                    if (!jailedSinceEpoch.contains(v.address())) {
                        next.add(v);
                    }
                }
                previousValidators = validators;
                validators = ValidatorSet.of(next);
                if (!jailedSinceEpoch.isEmpty()) {
                    StringBuilder s = new StringBuilder("  epoch end: the jailed leave the validator set; tickets now:");
                    for (Validator v : validators.validators()) {
                        s.append(' ').append(nameOf(v.address().text())).append(' ')
                                .append(v.stake() / Coins.UNITS_PER_COIN);
                    }
                    say(s.toString());
                }
                jailedSinceEpoch.clear();
            }
            if (slashed && height > slashHeight) {
                finalsAfterSlash++;
            }
        }

        private String bar(long signed, long total) {
            int width = 20;
            int filled = (int) (width * signed / total);
            int line = (int) (width * 3 / 4);
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < width; i++) {
                s.append(i == line ? '|' : i < filled ? '#' : '.');
            }
            return s.append(']').toString();
        }

        private void rewards(long height) {
            StringBuilder s = new StringBuilder();
            for (String name : DemoGenesis.VALIDATORS) {
                long now = balanceOf(first, name);
                long before = balances.getOrDefault(name, now);
                if (now != before && now >= 0) {
                    s.append(String.format("  %s %s%s", name, now - before > 0 ? "+" : "-",
                            Coins.format(Math.abs(now - before))));
                }
                balances.put(name, now);
            }
            if (s.length() > 0) {
                say("  rewards arriving (spendable balances):" + s);
            }
        }

        private boolean jailedOnFirst(String name) {
            return get(first, "/api/v1/accounts/" + DemoGenesis.key(name).address().text())
                    .map(a -> a.path("jailed").asBoolean()).orElse(false);
        }

        private long balanceOf(NodeProc n, String name) {
            return get(n, "/api/v1/accounts/" + DemoGenesis.key(name).address().text())
                    .map(a -> a.path("balanceUnits").asLong(-1)).orElse(-1L);
        }

        // ---------------------------------------------------------- the story's events

        private void drive(long height) throws Exception {
            if (height == 1) {
                erickTries();
                userTransfer();
            }
            if (doubleSignAt > 0 && height >= doubleSignAt && !doubleSigned) {
                doubleSign(height);
            }
            if (doubleSigned && !slashed && finalHeight(first) > lastTarget + 4 && !jailedOnFirst("oliver")) {
                // the votes arrived too late for their height (or were lost): the chain is past it with no slashing
                say("  (the chain passed height " + lastTarget + " and oliver is not jailed; he double-signs again)");
                doubleSign(height);
            }
            if (slashed && !slashedOnEveryNode && finalsAfterSlash >= 0) {
                checkEveryNode();
            }
        }

        private void erickTries() throws Exception {
            KeyPair erick = DemoGenesis.key("erick");
            long stake = Coins.of(80);
            say("");
            say("-- erick has " + DemoGenesis.notebookCoins("erick") + " coins; he stakes 80 (keeping 10 for the "
                    + "validator fee) and asks to become a validator --");
            Transaction stakeTx = Transaction.sign(params.chainId(), erick, 0, FEE, new TxPayload.Stake(stake));
            Transaction register = Transaction.sign(params.chainId(), erick, 1, FEE, new TxPayload.RegisterValidator());
            JsonNode a = submit(first, stakeTx);
            JsonNode r = submit(first, register);
            say("  STAKE 80: " + a.path("status").asText(a.path("error").asText()) + "; REGISTER_VALIDATOR: "
                    + r.path("status").asText(r.path("error").asText()) + " (the receipt tells when the block is final)");
            if (r.path("httpStatus").asInt() / 100 != 2) {
                erickRefused = true;
                say("  => erick is refused as a validator: " + r.path("detail").asText());
            } else {
                erickRegisterTx = register.hash();
            }
        }

        private void userTransfer() throws Exception {
            KeyPair treasury = DemoGenesis.key("treasury");
            Transaction tx = Transaction.sign(params.chainId(), treasury, 0, FEE,
                    new TxPayload.Transfer(DemoGenesis.key("erick").address(), transferAmount));
            JsonNode a = submit(nodes.get(1), tx);
            say("-- a user pays: treasury sends " + Coins.format(transferAmount) + " coins to erick (submitted to "
                    + nodes.get(1).name + "; every node shares the pool): " + a.path("status").asText(
                            a.path("error").asText()) + " --");
            if (a.path("httpStatus").asInt() / 100 == 2) {
                transferTx = tx.hash();
            }
        }

        /**
         * oliver misbehaves on purpose: the narrator signs, with oliver's demo key, two different ATTEST votes for
         * the same height and round and hands them to the nodes as a p2p peer.
         */
        private void doubleSign(long height) throws Exception {
            if (peer == null) {
                List<HostPort> boot = new ArrayList<>();
                for (NodeProc n : nodes) {
                    boot.add(new HostPort("127.0.0.1", n.p2pPort));
                }
                NetworkConfig cfg = NetworkConfig.builder(params.chainId(), genesis.hash(),
                                KeyPair.generate(new SecureRandom()))
                        .bootnodes(boot).peerExchange(false).build();
                peer = new Network(cfg, new SilentPeer(), Clock.systemUTC(), new Random()).start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (peer.peers().size() < nodes.size() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            }
            long target = finalHeight(first) + 2;
            lastTarget = target;
            KeyPair oliver = DemoGenesis.key("oliver");
            Random r = new Random();
            byte[] x = new byte[32];
            byte[] y = new byte[32];
            r.nextBytes(x);
            r.nextBytes(y);
            Vote one = Vote.sign(VoteKind.ATTEST, params.chainId(), target, 0, Optional.of(Hash.wrap(x)), oliver);
            Vote two = Vote.sign(VoteKind.ATTEST, params.chainId(), target, 0, Optional.of(Hash.wrap(y)), oliver);
            int sent = peer.broadcast(new ConsensusMessage.VoteMessage(one));
            peer.broadcast(new ConsensusMessage.VoteMessage(two));
            doubleSigned = true;
            say("");
            say("-- oliver double-signs ON PURPOSE: two different ATTEST votes for height " + target + " round 0 "
                    + "(blocks " + one.blockHash().get().shortHex() + " and " + two.blockHash().get().shortHex()
                    + "), signed with his key, sent as a p2p peer to " + sent + " nodes --");
        }

        private void checkEveryNode() throws InterruptedException {
            Address oliver = DemoGenesis.key("oliver").address();
            say("");
            say("-- every node's own view of oliver (GET /api/v1/accounts/" + oliver.text().substring(0, 12) + "…) --");
            int agree = 0;
            for (NodeProc n : nodes) {
                JsonNode a = null;
                for (int i = 0; i < 40; i++) {
                    a = get(n, "/api/v1/accounts/" + oliver.text()).orElse(null);
                    if (a != null && a.path("jailed").asBoolean()) {
                        break;
                    }
                    Thread.sleep(100);
                }
                if (a == null) {
                    say(String.format("  %-8s no answer", n.name));
                    continue;
                }
                boolean jailed = a.path("jailed").asBoolean();
                if (jailed) {
                    agree++;
                }
                say(String.format("  %-8s (height %d): oliver jailed=%s, staked %s of %d, slashed %s", n.name,
                        a.path("height").asLong(), jailed, a.path("staked").asText(),
                        DemoGenesis.notebookCoins("oliver"), a.path("slashed").asText()));
            }
            if (agree == nodes.size()) {
                slashedOnEveryNode = true;
                say("  => caught and slashed on every node; the chain keeps finalizing without his vote counting");
            }
        }

        private boolean storyComplete() {
            return erickRefused && transferFinal && sawTicket && sawQuorum
                    && (doubleSignAt == 0 || (slashed && slashedOnEveryNode && finalsAfterSlash >= 3));
        }

        private int finish(boolean done) {
            if (peer != null) {
                peer.stop();
            }
            say("");
            say("-- the story, checked --");
            say("  erick refused as a validator ........ " + yes(erickRefused));
            say("  forgers drawn, tickets shown ........ " + yes(sawTicket));
            say("  confirmations reached 75% ........... " + yes(sawQuorum));
            say("  transfer treasury -> erick final .... " + yes(transferFinal));
            if (doubleSignAt > 0) {
                say("  oliver slashed, on every node ....... " + yes(slashed && slashedOnEveryNode));
                say("  final blocks after the slashing ..... " + finalsAfterSlash);
            }
            say(done ? "demo complete; stopping the nodes" : "FAILED: the story did not complete; see the node logs in "
                    + dir);
            return done ? 0 : 1;
        }

        private String yes(boolean b) {
            return b ? "yes" : "NO";
        }
    }

    private void openBrowser(String url) {
        try {
            if (java.awt.Desktop.isDesktopSupported()
                    && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
                java.awt.Desktop.getDesktop().browse(URI.create(url));
                return;
            }
        } catch (Exception | LinkageError ignored) {
            // headless: try the platform's opener
        }
        for (String opener : List.of("xdg-open", "open")) {
            try {
                Process p = new ProcessBuilder(opener, url).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return;
                }
            } catch (IOException e) {
                // not on this system
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        say("(could not open a browser; open " + url + " yourself)");
    }

    /** The narrator as a p2p peer: it only sends; everything it receives it ignores. */
    private static final class SilentPeer implements NetworkListener {
        @Override
        public CompletionStage<List<Verdict>> onTransactions(NodeId p, List<Transaction> transactions) {
            List<Verdict> v = new ArrayList<>();
            transactions.forEach(t -> v.add(Verdict.IGNORE));
            return CompletableFuture.completedFuture(v);
        }

        @Override
        public CompletionStage<Verdict> onConsensusMessage(NodeId p, ConsensusMessage message) {
            return CompletableFuture.completedFuture(Verdict.IGNORE);
        }

        @Override
        public List<ConsensusMessage.Decided> onSyncRequest(NodeId p, long fromHeight, int maxCount) {
            return List.of();
        }

        @Override
        public void onSyncResponse(NodeId p, List<ConsensusMessage.Decided> decided) {
        }
    }
}
