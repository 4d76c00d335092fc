package org.stakechain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "block", mixinStandardHelpOptions = true, sortOptions = false,
        description = "A final block by height, by hash, or \"latest\": forger, confirmations, transactions.")
final class BlockCommand extends CliCommand {
    @Parameters(paramLabel = "HEIGHT|HASH|latest")
    String id;

    @Option(names = "--json", description = "Print the node's JSON answer.")
    boolean json;

    @Mixin
    NodeOptions node;

    @Override
    public Integer call() {
        String key;
        if (id.matches("\\d{1,18}")) {
            key = id;
        } else if ("latest".equals(id)) {
            key = null;
        } else {
            key = CliInput.hash(id, "block height or hash (a number, 64 hex digits, or \"latest\")");
        }
        NodeClient client = node.client(environment());
        if (key == null) {
            key = Long.toString(client.status().path("finalHeight").asLong());
        }
        NodeClient.Reply r = client.get("/api/v1/blocks/" + key);
        if (r.status() == 400) {
            throw CliException.usage(r.detail());
        }
        if (r.status() != 200) {
            throw CliException.rejected(r.detail());
        }
        JsonNode b = r.body();
        if (json) {
            printJson(b);
            return ExitCodes.OK;
        }
        out().println("height    " + b.path("height").asLong() + "  (round " + b.path("round").asInt() + ")");
        out().println("hash      " + b.path("hash").asText());
        out().println("previous  " + b.path("previousHash").asText());
        out().println("time      " + Instant.ofEpochMilli(b.path("timestampMillis").asLong()));
        out().println("forger    " + b.path("forger").asText());
        out().println("confirmed by " + b.path("certificate").path("confirmations").size() + " validator(s)");
        out().println("state     " + b.path("stateRoot").asText());
        JsonNode txs = b.path("transactions");
        out().println("transactions " + txs.size());
        for (JsonNode t : txs) {
            out().println("  " + t.path("hash").asText() + "  " + t.path("type").asText()
                    + (t.has("amount") ? " " + t.path("amount").asText() : "")
                    + (t.has("to") ? " -> " + t.path("to").asText() : "")
                    + (t.path("receipt").path("success").asBoolean(true) ? "" : "  FAILED: "
                            + t.path("receipt").path("failure").asText()));
        }
        return ExitCodes.OK;
    }
}
