package org.stakechain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.keystore.Keystore;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.network.wire.HostPort;
import org.stakechain.node.NodeConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A local network of separate node processes on 127.0.0.1: write it once ({@code init}), run it ({@code run}). */
@Command(name = "testnet", mixinStandardHelpOptions = true, description = "Create and run a local test network.",
        subcommands = {TestnetCommand.Init.class, TestnetCommand.Run.class})
final class TestnetCommand implements Runnable {
    static final String MANIFEST = "testnet.json";
    static final String NODE_CONFIG = "node.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Write a genesis, one folder per node (config, keystore, password, data dir), a funded "
                    + "treasury keystore, and testnet.json listing every node.",
                    "Ports are free ports on 127.0.0.1 picked now."})
    static final class Init implements Callable<Integer> {
        @Option(names = "--validators", required = true, description = "How many validator nodes (1..100).")
        int validators;

        @Option(names = "--followers", defaultValue = "0",
                description = "Extra nodes without a validator key (they follow the chain). Default: 0.")
        int followers;

        @Option(names = "--dir", required = true, description = "An empty or missing folder to write into.")
        Path dir;

        @Option(names = "--chain-id", defaultValue = "stakechain-testnet", description = "Default: ${DEFAULT-VALUE}.")
        String chainId;

        @Option(names = "--slot-millis", defaultValue = "1000", description = "Time per block. Default: ${DEFAULT-VALUE}.")
        long slotMillis;

        @Option(names = "--stake", defaultValue = "1000", description = "Coins each validator stakes. Default: ${DEFAULT-VALUE}.")
        long stakeCoins;

        @Option(names = "--stakes", split = ",", paramLabel = "COINS",
                description = "Coins each validator stakes, one per validator in order (e.g. 240,260,250,250): "
                        + "unequal stakes. Overrides --stake.")
        List<Long> stakes;

        @Option(names = "--epoch-length", description = "Blocks per epoch (default: the chain default).")
        Long epochLength;

        @Option(names = "--funded-accounts", defaultValue = "0",
                description = {"Also fund this many accounts (" + BenchAccounts.COINS_EACH + " coins each) whose keys "
                        + "derive from --accounts-seed, for `bench`. Anyone can derive them: test networks only. "
                        + "Default: 0."})
        int fundedAccounts;

        @Option(names = "--accounts-seed", defaultValue = "1", description = "Seed of the funded accounts' keys. "
                + "Default: ${DEFAULT-VALUE}.")
        long accountsSeed;

        @Option(names = "--kdf-iterations", defaultValue = "" + Keystore.DEFAULT_ITERATIONS, hidden = true,
                description = "PBKDF2 iterations for the keystores (tests lower it to start fast).")
        int kdfIterations;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (validators < 1 || validators > 100 || followers < 0 || followers > 100) {
                throw new IllegalArgumentException("--validators must be 1..100 and --followers 0..100");
            }
            if (fundedAccounts < 0 || fundedAccounts > 1_000_000) {
                throw new IllegalArgumentException("--funded-accounts must be 0..1000000");
            }
            if (stakes != null && stakes.size() != validators) {
                throw new IllegalArgumentException("--stakes lists " + stakes.size() + " stakes for " + validators
                        + " validators");
            }
            if (Files.exists(dir) && (!Files.isDirectory(dir) || Files.list(dir).findAny().isPresent())) {
                throw new IllegalArgumentException(dir + " exists and is not an empty folder; pick another --dir");
            }
            Files.createDirectories(dir);
            SecureRandom random = new SecureRandom();
            int total = validators + followers;
            List<Integer> ports = freePorts(2 * total);
            List<KeyPair> keys = new ArrayList<>();
            List<Genesis.GenesisAccount> accounts = new ArrayList<>();
            List<Genesis.GenesisValidator> genesisValidators = new ArrayList<>();
            for (int i = 1; i <= validators; i++) {
                KeyPair k = KeyPair.generate(random);
                keys.add(k);
                accounts.add(new Genesis.GenesisAccount("node-" + i, k.address(), Coins.of(100)));
                long stake = stakes != null ? stakes.get(i - 1) : stakeCoins;
                genesisValidators.add(new Genesis.GenesisValidator("node-" + i, k.publicKey(), Coins.of(stake)));
            }
            KeyPair treasury = KeyPair.generate(random);
            accounts.add(new Genesis.GenesisAccount("treasury", treasury.address(), Coins.of(1_000_000)));
            List<KeyPair> funded = BenchAccounts.keys(accountsSeed, fundedAccounts);
            for (int i = 0; i < funded.size(); i++) {
                accounts.add(new Genesis.GenesisAccount("bench-" + i, funded.get(i).address(),
                        Coins.of(BenchAccounts.COINS_EACH)));
            }
            ChainParams d = ChainParams.defaults(chainId).withSlotMillis(slotMillis);
            ChainParams params = epochLength != null ? d.withEpochLength(epochLength) : d;
            Genesis genesis = new Genesis(params, System.currentTimeMillis(), accounts, genesisValidators);
            Files.writeString(dir.resolve("genesis.json"), genesis.toJson(), StandardCharsets.UTF_8);
            writeKeystore(dir.resolve("treasury.keystore.json"), dir.resolve("treasury.password"), treasury, random);

            List<HostPort> p2p = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                p2p.add(new HostPort("127.0.0.1", ports.get(2 * i)));
            }
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("chainId", chainId);
            manifest.put("genesis", "genesis.json");
            manifest.put("genesisHash", genesis.hash().hex());
            if (fundedAccounts > 0) {
                manifest.putObject("fundedAccounts").put("count", fundedAccounts).put("seed", accountsSeed)
                        .put("coinsEach", BenchAccounts.COINS_EACH);
            }
            manifest.putObject("treasury").put("address", treasury.address().text())
                    .put("keystore", "treasury.keystore.json").put("passwordFile", "treasury.password");
            ArrayNode nodes = manifest.putArray("nodes");
            for (int i = 1; i <= total; i++) {
                String name = "node-" + i;
                Path nodeDir = dir.resolve(name);
                Files.createDirectories(nodeDir);
                boolean validator = i <= validators;
                List<HostPort> boot = new ArrayList<>(p2p);
                boot.remove(i - 1);
                int httpPort = ports.get(2 * (i - 1) + 1);
                NodeConfig config = new NodeConfig(Path.of("data"), Path.of("../genesis.json"),
                        validator ? Optional.of(Path.of("validator.keystore.json")) : Optional.empty(),
                        validator ? Optional.of(Path.of("password.txt")) : Optional.empty(),
                        "127.0.0.1", p2p.get(i - 1).port(), boot, "127.0.0.1", httpPort, 25);
                if (validator) {
                    writeKeystore(nodeDir.resolve("validator.keystore.json"), nodeDir.resolve("password.txt"),
                            keys.get(i - 1), random);
                }
                Files.writeString(nodeDir.resolve(NODE_CONFIG), config.toJson(), StandardCharsets.UTF_8);
                ObjectNode n = nodes.addObject();
                n.put("name", name);
                n.put("httpUrl", "http://127.0.0.1:" + httpPort);
                n.put("p2pAddress", "ws://" + p2p.get(i - 1) + "/p2p");
                n.put("config", name + "/" + NODE_CONFIG);
                n.put("dataDir", name + "/data");
                n.put("log", name + "/node.log");
                if (validator) {
                    n.put("validator", keys.get(i - 1).address().text());
                } else {
                    n.putNull("validator");
                }
            }
            Files.writeString(dir.resolve(MANIFEST), JSON.writeValueAsString(manifest) + "\n", StandardCharsets.UTF_8);
            PrintWriter out = spec.commandLine().getOut();
            out.println("wrote a testnet of " + validators + " validators" + (followers > 0 ? " and " + followers
                    + " followers" : "") + " to " + dir);
            out.println("  genesis   " + dir.resolve("genesis.json") + " (hash " + genesis.hash().shortHex() + ")");
            out.println("  treasury  " + treasury.address() + " holds 1000000 coins; keystore "
                    + dir.resolve("treasury.keystore.json"));
            for (JsonNode n : nodes) {
                out.printf("  %-8s %s  p2p %s%n", n.get("name").asText(), n.get("httpUrl").asText(),
                        n.get("p2pAddress").asText());
            }
            out.println("run it: ./stakechain testnet run --dir " + dir);
            return 0;
        }

        private void writeKeystore(Path keystore, Path passwordFile, KeyPair key, SecureRandom random)
                throws IOException {
            byte[] pw = new byte[18];
            random.nextBytes(pw);
            String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(pw);
            Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
            ownerOnly(passwordFile);
            Files.writeString(keystore, Keystore.encrypt(key, password.toCharArray(), kdfIterations, random),
                    StandardCharsets.UTF_8);
            ownerOnly(keystore);
        }

        private static void ownerOnly(Path file) throws IOException {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not POSIX: the folder's permissions apply
            }
        }

        /** Free ports now; another program could take one before the node binds it, which the node then reports. */
        private static List<Integer> freePorts(int count) throws IOException {
            List<ServerSocket> held = new ArrayList<>();
            Set<Integer> ports = new HashSet<>();
            try {
                while (ports.size() < count) {
                    ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                    held.add(s);
                    ports.add(s.getLocalPort());
                }
            } finally {
                for (ServerSocket s : held) {
                    s.close();
                }
            }
            List<Integer> out = new ArrayList<>();
            for (ServerSocket s : held) {
                out.add(s.getLocalPort());
            }
            return out;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Start every node of a testnet as its own process (logs in DIR/node-i/node.log).",
                    "Ctrl-C or SIGTERM stops them all; exits when they have all exited."})
    static final class Run implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "A folder written by `testnet init`.")
        Path dir;

        @Option(names = "--only", split = ",", description = "Start only these nodes (names, comma-separated).")
        List<String> only;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Path manifestFile = dir.resolve(MANIFEST);
            if (!Files.exists(manifestFile)) {
                throw new IllegalArgumentException(manifestFile + " does not exist; create the testnet first: "
                        + "./stakechain testnet init --validators 4 --dir " + dir);
            }
            JsonNode manifest = JSON.readTree(Files.readString(manifestFile, StandardCharsets.UTF_8));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // absolute, so the nodes find the classes whatever their working directory
            String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .map(e -> Path.of(e).toAbsolutePath().toString())
                    .collect(Collectors.joining(File.pathSeparator));
            List<Process> processes = new ArrayList<>();
            List<String> names = new ArrayList<>();
            PrintWriter out = spec.commandLine().getOut();
            Thread hook = new Thread(() -> stopAll(processes), "testnet-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            for (JsonNode n : manifest.path("nodes")) {
                String name = n.path("name").asText();
                if (only != null && !only.contains(name)) {
                    continue;
                }
                Path config = dir.resolve(n.path("config").asText());
                File log = dir.resolve(n.path("log").asText(name + "/node.log")).toFile();
                List<String> cmd = new ArrayList<>(List.of(java));
                cmd.addAll(NodeJvm.FLAGS);
                cmd.addAll(List.of("-cp", classpath, StakechainCommand.class.getName(), "node", "--config",
                        config.toString()));
                ProcessBuilder pb = new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
                pb.environment().putAll(NodeJvm.ENVIRONMENT);
                Process p = pb.start();
                processes.add(p);
                names.add(name);
                out.printf("started %-8s pid %-7d %s  log %s%n", name, p.pid(), n.path("httpUrl").asText(), log);
            }
            out.println("treasury " + manifest.path("treasury").path("address").asText() + ": keystore "
                    + dir.resolve(manifest.path("treasury").path("keystore").asText()));
            out.println("Ctrl-C stops the network.");
            out.flush();
            int failed = 0;
            for (int i = 0; i < processes.size(); i++) {
                int code = processes.get(i).waitFor();
                if (code != 0 && code != 143 && code != 130) {
                    failed++;
                }
                out.println(names.get(i) + " exited with code " + code);
                out.flush();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
            return failed == 0 ? 0 : 1;
        }

        /** SIGTERM to every node, then up to 20 s for them to close their stores; SIGKILL after that. */
        private static void stopAll(List<Process> processes) {
            for (Process p : processes) {
                if (p.isAlive()) {
                    p.destroy();
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (Process p : processes) {
                try {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                }
            }
        }
    }
}
