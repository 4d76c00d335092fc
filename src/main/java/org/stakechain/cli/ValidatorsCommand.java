package org.stakechain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "validators", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The validators: stake, share of the lottery tickets, jailed, slashed, active.")
final class ValidatorsCommand extends CliCommand {
    @Option(names = "--json", description = "Print the node's JSON answer.")
    boolean json;

    @Mixin
    NodeOptions node;

    @Override
    public Integer call() {
        NodeClient client = node.client(environment());
        NodeClient.Reply r = client.get("/api/v1/validators");
        if (r.status() == 404) {
            throw CliException.rejected("the node at " + client.url() + " has no /api/v1/validators (" + r.detail()
                    + "); is it an older stakechain? upgrade it");
        }
        if (r.status() != 200) {
            throw CliException.rejected(r.detail());
        }
        JsonNode v = r.body();
        if (json) {
            printJson(v);
            return ExitCodes.OK;
        }
        out().println("height " + v.path("height").asLong() + ", total stake " + v.path("totalStake").asText()
                + " coins, " + v.path("validators").size() + " validator(s)");
        out().printf("%-50s %14s %8s  %s%n", "ADDRESS", "STAKE", "SHARE", "STATE");
        for (JsonNode x : v.path("validators")) {
            int bps = x.path("shareBps").asInt();
            String state = x.path("active").asBoolean() ? "active" : "inactive";
            if (x.path("jailed").asBoolean()) {
                state += ", jailed";
            }
            if (!"0".equals(x.path("slashed").asText("0"))) {
                state += ", slashed " + x.path("slashed").asText();
            }
            out().printf("%-50s %14s %7d.%02d%%  %s%n", x.path("address").asText(), x.path("stake").asText(),
                    bps / 100, bps % 100, state);
        }
        return ExitCodes.OK;
    }
}
