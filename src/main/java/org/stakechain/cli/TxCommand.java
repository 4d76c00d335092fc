package org.stakechain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tx", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The status of a transaction: pending, final (with its height and receipt), rejected (with "
                + "the reason) or unknown.",
                "--wait polls until it is final, up to --timeout; exit 1 when it failed, is unknown or timed out."})
final class TxCommand extends CliCommand {
    static final Duration POLL = Duration.ofMillis(250);

    @Parameters(paramLabel = "HASH", description = "The transaction hash (64 hex digits), as send printed it.")
    String hash;

    @Option(names = "--wait", description = "Poll until the transaction is final.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long --wait waits (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--json", description = "Print the node's JSON answer.")
    boolean json;

    @Mixin
    NodeOptions node;

    @Override
    public Integer call() {
        String h = CliInput.hash(hash, "transaction hash");
        if (timeoutSeconds <= 0) {
            throw CliException.usage("--timeout must be a positive number of seconds");
        }
        NodeClient client = node.client(environment());
        if (await) {
            return await(this, client, h, Duration.ofSeconds(timeoutSeconds), json);
        }
        NodeClient.Reply r = client.get("/api/v1/transactions/" + h);
        return report(this, r, json, false);
    }

    /** Polls until final or the bound passes; prints the outcome and returns the exit code. */
    static int await(CliCommand cmd, NodeClient client, String hash, Duration timeout, boolean json) {
        long deadline = System.nanoTime() + timeout.toNanos();
        NodeClient.Reply r;
        while (true) {
            r = client.get("/api/v1/transactions/" + hash);
            String status = r.body().path("status").asText();
            if ("final".equals(status) || "rejected".equals(status) || r.status() == 400) {
                return report(cmd, r, json, true);
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        report(cmd, r, json, true);
        throw CliException.rejected("transaction " + hash + " is still " + r.body().path("status").asText()
                + " after " + timeout.toSeconds() + " s; "
                + ("unknown".equals(r.body().path("status").asText())
                        ? "the node does not know it: it may have been rejected or evicted, or sent to another node"
                        : "the chain may be stalled: check ./stakechain block latest")
                + ", or wait longer with --timeout");
    }

    private static int report(CliCommand cmd, NodeClient.Reply r, boolean json, boolean waited) {
        JsonNode b = r.body();
        if (r.status() == 400) {
            throw CliException.usage(r.detail());
        }
        if (json) {
            cmd.printJson(b);
        }
        String status = b.path("status").asText();
        if ("final".equals(status)) {
            boolean ok = b.path("receipt").path("success").asBoolean(true);
            if (!json) {
                cmd.out().println(b.path("hash").asText() + "  final at height " + b.path("height").asLong()
                        + (ok ? "" : ", FAILED: " + b.path("receipt").path("failure").asText()));
                describe(cmd, b.path("transaction"));
                cmd.out().println("block     " + b.path("blockHash").asText());
            }
            if (!ok) {
                throw CliException.rejected("the transaction is final but did not take effect: "
                        + b.path("receipt").path("failure").asText() + " (its fee was paid)");
            }
            return ExitCodes.OK;
        }
        if ("rejected".equals(status)) {
            throw CliException.rejected("transaction " + b.path("hash").asText() + " was rejected by the node ("
                    + b.path("reason").asText() + "): " + b.path("detail").asText());
        }
        if ("pending".equals(status)) {
            if (!json) {
                cmd.out().println(b.path("hash").asText() + "  pending");
                describe(cmd, b.path("transaction"));
            }
            return waited ? ExitCodes.REJECTED : ExitCodes.OK;
        }
        if (waited) {
            return ExitCodes.REJECTED;
        }
        throw CliException.rejected("transaction " + b.path("hash").asText() + " is unknown to the node: "
                + r.detail());
    }

    private static void describe(CliCommand cmd, JsonNode t) {
        if (t.isMissingNode()) {
            return;
        }
        StringBuilder s = new StringBuilder(t.path("type").asText());
        if (t.has("amount")) {
            s.append(' ').append(t.path("amount").asText()).append(" coins");
        }
        if (t.has("to")) {
            s.append(" to ").append(t.path("to").asText());
        }
        cmd.out().println("type      " + s);
        cmd.out().println("from      " + t.path("sender").asText() + " (nonce " + t.path("nonce").asLong() + ", fee "
                + t.path("fee").asText() + ")");
    }
}
