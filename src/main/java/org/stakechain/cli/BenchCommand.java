package org.stakechain.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stakechain bench}: a local network of validator processes under a load of pre-signed transfers, measured
 * from outside as a user sees it: submit over the public API, done when final on every node. How to read its
 * table: docs/performance.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start a local network, submit pre-signed transfers over the HTTP API at a fixed rate (or as "
                + "fast as accepted), wait until each is final on every node, and print throughput, latency, "
                + "blocks/s, CPU and peak RSS per node. See docs/performance.md."})
final class BenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> DEFAULT_SWEEP = List.of("250", "500", "1000", "2000", "4000", "max");

    @Option(names = "--validators", defaultValue = "4", description = "Validator nodes, each its own process. "
            + "Default: ${DEFAULT-VALUE}.")
    int validators;

    @Option(names = "--accounts", defaultValue = "1000", description = "Funded accounts in the genesis (keys derived "
            + "from --seed); transfers are spread over them. Default: ${DEFAULT-VALUE}.")
    int accounts;

    @Option(names = "--txs", defaultValue = "5000", description = "Transfers to submit (per rate with --sweep, "
            + "where fixed rates send rate x --step-seconds instead). Default: ${DEFAULT-VALUE}.")
    int txs;

    @Option(names = "--rate", defaultValue = "max", description = "Offered transactions per second, or max (as "
            + "fast as the nodes accept). Default: ${DEFAULT-VALUE}.")
    String rate;

    @Option(names = "--sweep", description = "Run rising offered rates on one network, one row each.")
    boolean sweep;

    @Option(names = "--sweep-rates", split = ",", description = "The rates of --sweep. Default: 250,500,1000,2000,"
            + "4000,max.")
    List<String> sweepRates;

    @Option(names = "--step-seconds", defaultValue = "10", description = "With --sweep: seconds of load per fixed "
            + "rate. Default: ${DEFAULT-VALUE}.")
    int stepSeconds;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0", description = "First send N transfers as "
            + "fast as accepted and wait until they are final, unmeasured: the nodes' JIT compilers and heaps settle "
            + "before the measured run. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--idle", paramLabel = "SECONDS", description = "No load: run the network this long and report "
            + "each node's CPU and RSS.")
    Integer idleSeconds;

    @Option(names = "--timeout", defaultValue = "60", description = "Seconds to wait, after the last submission, for "
            + "every transaction to be final on every node (what is not is reported lost), and without any "
            + "transaction taken before submitting gives up. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Option(names = "--slot-millis", defaultValue = "250", description = "The chain's slot. Default: ${DEFAULT-VALUE}.")
    long slotMillis;

    @Option(names = "--node-jvm-opts", description = "JVM options of each node process (space-separated). "
            + "Default: the flags every node runs with (NodeJvm, docs/operations.md).")
    String nodeJvmOpts;

    @Option(names = "--clients", defaultValue = "4", description = "Client threads submitting. Default: "
            + "${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--batch-size", defaultValue = "200", description = "Transactions per request to "
            + "/api/v1/transactions/batch (at most 1000); 1 = one request each to /api/v1/transactions. Default: "
            + "${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--submit-format", defaultValue = "binary", description = "How batches are sent: binary "
            + "(application/octet-stream, framed canonical encodings, compact answer) or json (hex strings, one "
            + "result per entry), for A/B comparisons. Default: ${DEFAULT-VALUE}.")
    String submitFormat;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the accounts' keys. Default: "
            + "${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--dir", description = "Folder for the network (empty or missing). Default: a temporary folder, "
            + "deleted afterwards.")
    Path dir;

    @Option(names = "--keep", description = "Keep the network's folder (logs, data) afterwards.")
    boolean keep;

    @Option(names = "--repeat", defaultValue = "1", description = "Measure on this many fresh networks, one after "
            + "another, and report the medians (and every run). Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--bound", description = "Run `openssl speed ed25519` before and after, and report the "
            + "verify bound: cores x verifies/s / validators (issue 6's yardstick), and the measured ratio to it.")
    boolean bound;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (validators < 1 || validators > 16 || accounts < 2 || accounts > 1_000_000 || txs < 1 || clients < 1
                || batchSize < 1 || batchSize > 1000 || timeoutSeconds < 1 || slotMillis < 50 || warmup < 0
                || repeat < 1 || repeat > 20) {
            throw new IllegalArgumentException("--validators 1..16, --accounts 2..1000000, --txs, --clients and "
                    + "--timeout positive, --batch-size 1..1000, --slot-millis at least 50, --warmup not negative, --repeat 1..20");
        }
        if (repeat > 1 && sweep) {
            throw new IllegalArgumentException("--repeat takes a single rate (or --idle), not --sweep");
        }
        format(submitFormat); // a wrong value is refused before any network is written
        List<String> rates = sweep ? (sweepRates == null ? DEFAULT_SWEEP : sweepRates) : List.of(rate);
        for (String r : rates) {
            parseRate(r);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter log = spec.commandLine().getErr();
        double[] openssl = new double[2];
        if (bound) {
            openssl[0] = OpensslSpeed.ed25519VerifiesPerSecond(log);
        }
        List<ObjectNode> results = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            if (repeat > 1) {
                log.printf("run %d of %d (a fresh network)%n", i + 1, repeat);
                log.flush();
            }
            results.add(runOnce(rates, repeat > 1 && dir != null ? dir.resolve("run-" + (i + 1)) : dir, log));
        }
        if (bound) {
            openssl[1] = OpensslSpeed.ed25519VerifiesPerSecond(log);
        }
        ObjectNode result = repeat == 1 ? results.get(0) : medians(results);
        if (bound) {
            addBound(result, openssl);
        }
        if (json) {
            out.println(result.toString());
        } else {
            printTable(out, result);
        }
        out.flush();
        return result.path("lost").asLong(0) == 0 ? 0 : 1;
    }

    /** One network: written, started, measured, stopped. */
    private ObjectNode runOnce(List<String> rates, Path where, PrintWriter log) throws Exception {
        boolean temporary = where == null;
        Path root = temporary ? Files.createTempDirectory("stakechain-bench-") : where;
        long t0 = System.nanoTime();
        BenchNetwork network = BenchNetwork.init(root, validators, accounts, seed, slotMillis);
        log.printf("wrote a network of %d validators and %d funded accounts to %s in %.1f s%n", validators, accounts,
                root, (System.nanoTime() - t0) / 1e9);
        log.flush();
        try (network) {
            network.start(nodeJvmOpts == null ? NodeJvm.FLAGS
                    : Arrays.stream(nodeJvmOpts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
            network.awaitReady(Duration.ofSeconds(180));
            log.printf("network ready: %s%n", network.nodes.stream()
                    .map(n -> n.name() + " pid " + n.pid() + " " + n.url()).toList());
            log.flush();
            return idleSeconds != null ? idle(network, idleSeconds) : load(network, rates, log);
        } finally {
            if (temporary && !keep) {
                BenchNetwork.deleteTree(root);
            } else {
                log.println("network folder kept: " + root);
                log.flush();
            }
        }
    }

    /**
     * {@code --repeat}: every run's object under {@code runs}, and at the top the median of each figure that
     * matters (finalized tx/s, latencies, blocks/s, idle CPU), the total lost and the highest RSS.
     */
    static ObjectNode medians(List<ObjectNode> results) {
        ObjectNode o = JSON.createObjectNode().put("mode", "repeat").put("repeat", results.size());
        for (String field : List.of("finalized_tps", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms",
                "blocks_per_s", "submit_tps")) {
            if (results.get(0).has(field)) {
                o.put(field, median(results.stream().mapToDouble(r -> r.path(field).asDouble()).toArray()));
            }
        }
        o.put("lost", results.stream().mapToLong(r -> r.path("lost").asLong()).sum());
        o.put("max_rss_mb", results.stream().mapToDouble(r -> r.path("max_rss_mb").asDouble(
                maxNodeField(r, "peak_rss_mb"))).max().orElse(0));
        o.put("max_node_cpu_pct_median", median(results.stream()
                .mapToDouble(r -> maxNodeField(r, "cpu_pct")).toArray()));
        ArrayNode runs = o.putArray("runs");
        results.forEach(runs::add);
        return o;
    }

    private static double maxNodeField(ObjectNode r, String field) {
        double max = 0;
        for (var n : r.path("nodes")) {
            max = Math.max(max, n.path(field).asDouble());
        }
        return max;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? 0 : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Issue 6's bound: every node verifies every signature once, the machine's cores shared by the validators. */
    private void addBound(ObjectNode result, double[] openssl) {
        int cores = Runtime.getRuntime().availableProcessors();
        double verifies = (openssl[0] + openssl[1]) / 2;
        double boundTps = cores * verifies / validators;
        result.putArray("openssl_verify_per_s").add(round1(openssl[0])).add(round1(openssl[1]));
        result.put("cores", cores).put("bound_tps", round1(boundTps)).put("target_tps", round1(1.5 * boundTps));
        if (boundTps > 0) {
            result.put("finalized_vs_bound", Math.round(result.path("finalized_tps").asDouble() / boundTps * 100) / 100.0);
        }
    }

    /** {@code --submit-format}: binary or json. */
    static BenchSubmitter.Format format(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "binary" -> BenchSubmitter.Format.BINARY;
            case "json" -> BenchSubmitter.Format.JSON;
            default -> throw new IllegalArgumentException("--submit-format is binary or json, not \"" + text + "\"");
        };
    }

    /** A rate: a positive number per second, or max (0 here). */
    static double parseRate(String text) {
        if (text.trim().equalsIgnoreCase("max")) {
            return 0;
        }
        try {
            double r = Double.parseDouble(text.trim());
            if (r > 0 && r <= 1_000_000) {
                return r;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new IllegalArgumentException("a rate is a number of transactions per second (1..1000000) or max, not \""
                + text + "\"");
    }

    private ObjectNode idle(BenchNetwork network, int seconds) throws InterruptedException {
        double[] cpu0 = network.nodes.stream().mapToDouble(n -> ProcStats.cpuSeconds(n.pid())).toArray();
        long h0 = network.finalHeight(network.nodes.get(0));
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L); // the measurement is the wait
        double wall = (System.nanoTime() - start) / 1e9;
        long h1 = network.finalHeight(network.nodes.get(0));
        ObjectNode o = JSON.createObjectNode().put("mode", "idle").put("validators", validators)
                .put("accounts", accounts).put("slot_millis", slotMillis).put("seconds", round1(wall))
                .put("blocks_per_s", round1((h1 - h0) / wall)).put("lost", 0);
        nodeStats(network, o, cpu0, null, 0, wall);
        return o;
    }

    private ObjectNode load(BenchNetwork network, List<String> rates, PrintWriter log) throws Exception {
        long t0 = System.nanoTime();
        List<KeyPair> keys = BenchAccounts.keys(seed, accounts);
        log.printf("derived %d account keys in %.1f s%n", accounts, (System.nanoTime() - t0) / 1e9);
        log.flush();
        ChainParams params = ChainParams.defaults(network.chainId);
        long[] nonces = new long[accounts];
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4, r -> {
                    Thread t = new Thread(r, "bench-http");
                    t.setDaemon(true);
                    return t;
                })).build();
        // tx events from one node, block events from all: see FinalityTracker
        List<String> urls = network.nodes.stream().map(BenchNetwork.NodeProcess::url).toList();
        long[] startHeights = network.nodes.stream().mapToLong(network::finalHeight).toArray();
        FinalityTracker tracker = new FinalityTracker(urls.size(), 0, startHeights,
                FinalityFollower.blocksOver(urls));
        List<FinalityFollower> followers = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            followers.add(new FinalityFollower(i, urls.get(i), i == tracker.followed(), tracker));
        }
        ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-reconcile");
            t.setDaemon(true);
            return t;
        });
        reconciler.scheduleWithFixedDelay(() -> {
            try {
                for (int i = 0; i < urls.size(); i++) {
                    tracker.reconcile(i, network.finalHeight(network.nodes.get(i)), System::nanoTime);
                }
            } catch (RuntimeException e) {
                log.println("reconcile: " + e); // and again in a second: an exception would end the schedule
                log.flush();
            }
        }, 1, 1, TimeUnit.SECONDS);
        BenchSubmitter submitter = new BenchSubmitter(network.nodes.stream().map(BenchNetwork.NodeProcess::url)
                .toList(), http, clients, batchSize, format(submitFormat));
        ArrayNode runs = JSON.createArrayNode();
        try {
            // step -1 is the warm-up, when asked for
            for (int step = warmup > 0 ? -1 : 0; step < rates.size(); step++) {
                boolean warming = step < 0;
                String r = warming ? "max" : rates.get(step);
                double offered = parseRate(r);
                int count = warming ? warmup
                        : sweep && offered > 0 ? (int) Math.max(1, Math.round(offered * stepSeconds)) : txs;
                if (count > accounts * 60L) {
                    throw new IllegalArgumentException(count + " transfers over " + accounts + " accounts is more "
                            + "than 60 per account (the pool holds at most 64 nonces ahead per sender): raise "
                            + "--accounts");
                }
                long s0 = System.nanoTime();
                List<Transaction> signed = sign(keys, nonces, count, params);
                log.printf("%s: signed %d transfers in %.1f s; submitting%n", warming ? "warm-up" : "rate " + r, count,
                        (System.nanoTime() - s0) / 1e9);
                log.flush();
                BenchRound round = new BenchRound(signed, network.nodes.size(),
                        batchSize == 1 || format(submitFormat) == BenchSubmitter.Format.JSON);
                tracker.follow(round);
                ObjectNode row = runRound(network, submitter, round, offered, tracker);
                row.put("rate", r);
                if (tracker.fork() != null) {
                    log.printf("%n*** FORK *** %s%n%n", tracker.fork());
                    log.flush();
                    throw new CliException(1, "FORK: " + tracker.fork() + " (the nodes disagree on a final block; "
                            + "see their logs)");
                }
                log.printf("%s: %s%n", warming ? "warm-up (not reported)" : "rate " + r, row);
                log.flush();
                if (warming) {
                    if (row.path("lost").asLong() != 0) {
                        throw new IllegalStateException("the warm-up lost " + row.path("lost").asLong()
                                + " transfers: see the nodes' logs");
                    }
                    continue;
                }
                row.put("warmup_txs", warmup);
                runs.add(row);
            }
        } finally {
            reconciler.shutdownNow();
            followers.forEach(FinalityFollower::close);
        }
        if (!sweep) {
            return (ObjectNode) runs.get(0);
        }
        ObjectNode o = JSON.createObjectNode().put("mode", "sweep");
        ObjectNode best = (ObjectNode) runs.get(0);
        long lost = 0;
        double rss = 0;
        for (var row : runs) {
            if (row.path("finalized_tps").asDouble() > best.path("finalized_tps").asDouble()) {
                best = (ObjectNode) row;
            }
            lost += row.path("lost").asLong();
            rss = Math.max(rss, row.path("max_rss_mb").asDouble());
        }
        o.put("finalized_tps", best.path("finalized_tps").asDouble())
                .put("latency_p50_ms", best.path("latency_p50_ms").asLong())
                .put("latency_p95_ms", best.path("latency_p95_ms").asLong())
                .put("latency_p99_ms", best.path("latency_p99_ms").asLong())
                .put("lost", lost).put("max_rss_mb", rss);
        o.set("runs", runs);
        return o;
    }

    /** Transfers from account i % N to the next account, continuing each account's nonces; on every core. */
    private List<Transaction> sign(List<KeyPair> keys, long[] nonces, int count, ChainParams params) {
        int n = keys.size();
        long[] base = nonces.clone();
        List<Transaction> signed = IntStream.range(0, count).parallel().mapToObj(i -> {
            int from = i % n;
            long nonce = base[from] + i / n;
            return Transaction.sign(params.chainId(), keys.get(from), nonce, params.minimumFee(),
                    new TxPayload.Transfer(keys.get((from + 1) % n).address(), 1_000));
        }).toList();
        for (int i = 0; i < count; i++) {
            nonces[i % n]++;
        }
        return signed;
    }

    private ObjectNode runRound(BenchNetwork network, BenchSubmitter submitter, BenchRound round, double rate,
                                FinalityTracker tracker) throws InterruptedException {
        double[] cpu0 = network.nodes.stream().mapToDouble(n -> ProcStats.cpuSeconds(n.pid())).toArray();
        double clientCpu0 = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        long[] verified0 = network.nodes.stream().mapToLong(network::signatureVerifications).toArray();
        long h0 = network.finalHeight(network.nodes.get(0));
        BenchSubmitter.Result sent = submitter.submit(round, rate, TimeUnit.SECONDS.toNanos(timeoutSeconds));
        boolean all = round.remaining.await(timeoutSeconds, TimeUnit.SECONDS);
        long end = System.nanoTime();
        long h1 = network.finalHeight(network.nodes.get(0));
        long[] latencies = IntStream.range(0, round.size()).filter(round::isDone)
                .mapToLong(i -> round.doneNanos[i] - round.offeredNanos[i]).sorted().toArray();
        long lastDone = IntStream.range(0, round.size()).filter(round::isDone).mapToLong(i -> round.doneNanos[i])
                .max().orElse(end);
        double window = Math.max(1e-3, ((all ? lastDone : end) - sent.startNanos()) / 1e9);
        int finalized = latencies.length;
        ObjectNode o = JSON.createObjectNode().put("mode", "load").put("validators", validators)
                .put("accounts", accounts).put("txs", round.size()).put("slot_millis", slotMillis)
                .put("submit_format", batchSize == 1 ? "single" : format(submitFormat).name().toLowerCase(Locale.ROOT))
                .put("offered_tps", round1(rate > 0 ? rate : round.size() / Math.max(1e-3, sent.seconds())))
                .put("submit_tps", round1(round.size() / Math.max(1e-3, sent.seconds())))
                .put("finalized", finalized)
                .put("finalized_tps", round1(finalized / window))
                .put("latency_p50_ms", percentileMs(latencies, 50))
                .put("latency_p95_ms", percentileMs(latencies, 95))
                .put("latency_p99_ms", percentileMs(latencies, 99))
                .put("latency_max_ms", latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1_000_000)
                .put("blocks_per_s", round1((h1 - h0) / Math.max(1e-3, (end - sent.startNanos()) / 1e9)))
                .put("lost", round.size() - finalized)
                .put("unsent", sent.unsent()).put("rejected", sent.rejected()).put("retried", sent.retried())
                .put("http_errors", sent.errors())
                .put("blocks_read", tracker.blocksRead())
                .put("seconds", round1(window));
        if (!sent.rejections().isEmpty()) {
            ArrayNode why = o.putArray("rejections");
            sent.rejections().forEach(why::add);
        }
        nodeStats(network, o, cpu0, verified0, finalized, (end - sent.startNanos()) / 1e9);
        o.put("client_cpu_pct", round1(100 * (ProcStats.cpuSeconds(ProcessHandle.current().pid()) - clientCpu0)
                / Math.max(1e-3, (end - sent.startNanos()) / 1e9)));
        return o;
    }

    private static void nodeStats(BenchNetwork network, ObjectNode o, double[] cpu0, long[] verified0, int finalized,
                                  double wall) {
        ArrayNode nodes = o.putArray("nodes");
        double maxRss = 0;
        for (int i = 0; i < network.nodes.size(); i++) {
            BenchNetwork.NodeProcess n = network.nodes.get(i);
            double cpu = ProcStats.cpuSeconds(n.pid());
            double peak = ProcStats.peakRssMb(n.pid());
            maxRss = Math.max(maxRss, peak);
            nodes.addObject().put("name", n.name()).put("pid", n.pid())
                    .put("cpu_pct", round1(cpu < 0 || cpu0[i] < 0 ? -1 : 100 * (cpu - cpu0[i]) / wall))
                    .put("rss_mb", round1(ProcStats.rssMb(n.pid()))).put("peak_rss_mb", round1(peak));
            long verified = verified0 == null ? -1 : network.signatureVerifications(n);
            if (verified0 != null && verified >= 0 && verified0[i] >= 0 && finalized > 0) {
                // >1 means some transactions were verified more than once here (resubmitted after a 503, ...)
                ((ObjectNode) nodes.get(i)).put("verified_per_final_tx",
                        round2((verified - verified0[i]) / (double) finalized));
            }
        }
        o.put("max_rss_mb", round1(maxRss));
    }

    private static long percentileMs(long[] sortedNanos, int p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))] / 1_000_000;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void printTable(PrintWriter out, ObjectNode result) {
        if ("repeat".equals(result.path("mode").asText())) {
            int i = 0;
            for (var run : result.path("runs")) {
                out.printf(Locale.ROOT, "run %d:%n", ++i);
                printTable(out, (ObjectNode) run);
            }
            out.printf(Locale.ROOT, "median of %d runs: %.0f final tx/s, p50 %.0f ms, p99 %.0f ms, %.1f blocks/s; "
                            + "lost %d in all; highest peak RSS %.0f MB%n", result.path("repeat").asInt(),
                    result.path("finalized_tps").asDouble(), result.path("latency_p50_ms").asDouble(),
                    result.path("latency_p99_ms").asDouble(), result.path("blocks_per_s").asDouble(),
                    result.path("lost").asLong(), result.path("max_rss_mb").asDouble());
            printBound(out, result);
            return;
        }
        if ("idle".equals(result.path("mode").asText())) {
            out.printf(Locale.ROOT, "idle %d validators, slot %d ms, %.0f s: %.1f blocks/s%n",
                    result.path("validators").asInt(), result.path("slot_millis").asLong(),
                    result.path("seconds").asDouble(), result.path("blocks_per_s").asDouble());
            out.printf(Locale.ROOT, "%-8s %8s %8s %10s%n", "node", "cpu %", "rss MB", "peak MB");
            for (var n : result.path("nodes")) {
                out.printf(Locale.ROOT, "%-8s %8.1f %8.1f %10.1f%n", n.path("name").asText(),
                        n.path("cpu_pct").asDouble(), n.path("rss_mb").asDouble(), n.path("peak_rss_mb").asDouble());
            }
            return;
        }
        List<com.fasterxml.jackson.databind.JsonNode> rows = new ArrayList<>();
        if (result.has("runs")) {
            result.path("runs").forEach(rows::add);
        } else {
            rows.add(result);
        }
        out.printf(Locale.ROOT, "%7s %9s %7s %7s %9s %7s %7s %7s %8s %6s %8s  %-24s %s%n", "rate", "offered/s",
                "sent/s", "txs",
                "final/s", "p50 ms", "p95 ms", "p99 ms", "blocks/s", "lost", "retried", "cpu % per node",
                "peak rss MB per node");
        for (var r : rows) {
            StringBuilder cpu = new StringBuilder();
            StringBuilder rss = new StringBuilder();
            for (var n : r.path("nodes")) {
                cpu.append(cpu.length() == 0 ? "" : " ").append(Math.round(n.path("cpu_pct").asDouble()));
                rss.append(rss.length() == 0 ? "" : " ").append(Math.round(n.path("peak_rss_mb").asDouble()));
            }
            out.printf(Locale.ROOT, "%7s %9.0f %7.0f %7d %9.0f %7d %7d %7d %8.1f %6d %8d  %-24s %s%n",
                    r.path("rate").asText(), r.path("offered_tps").asDouble(), r.path("submit_tps").asDouble(),
                    r.path("txs").asInt(),
                    r.path("finalized_tps").asDouble(), r.path("latency_p50_ms").asLong(),
                    r.path("latency_p95_ms").asLong(), r.path("latency_p99_ms").asLong(),
                    r.path("blocks_per_s").asDouble(), r.path("lost").asLong(), r.path("retried").asLong(),
                    cpu, rss);
        }
        out.printf(Locale.ROOT, "(client: %s%% of a core in the last row; latency = first offer to final on every "
                + "node)%n", rows.get(rows.size() - 1).path("client_cpu_pct").asText());
        printBound(out, result);
    }

    private static void printBound(PrintWriter out, ObjectNode result) {
        if (result.has("bound_tps")) {
            out.printf(Locale.ROOT, "openssl speed ed25519: %s verify/s before and after; bound %s cores x verify/s "
                            + "/ validators = %.0f tx/s, target 1.5 x bound = %.0f tx/s; finalized %.2f x bound%n",
                    result.path("openssl_verify_per_s").toString(), result.path("cores").asText(),
                    result.path("bound_tps").asDouble(), result.path("target_tps").asDouble(),
                    result.path("finalized_vs_bound").asDouble());
        }
    }
}
