package org.stakechain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI smoke of {@code stakechain bench}: four validator processes, a few hundred transfers at 100/s,
 * {@code --json}. Checks that nothing is lost and the JSON's shape; never speed (CI machines vary).
 */
class BenchIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void aSmallBenchLosesNothingAndPrintsItsFiguresAsJson() throws Exception {
        Path network = dir.resolve("bench");
        // a modest fixed rate keeps blocks small: under --rate max the network of main stalls today (see
        // docs/performance.md, "Known problems"); this smoke checks the bench's machinery and zero loss
        CliRun.Result r = new CliRun().run("bench", "--validators", "4", "--accounts", "200", "--txs", "300",
                "--rate", "100", "--timeout", "90", "--dir", network.toString(), "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out().trim());
        assertThat(o.path("lost").asLong()).as(r.toString()).isZero();
        assertThat(o.path("finalized").asInt()).isEqualTo(300);
        assertThat(o.path("rejected").asInt()).isZero();
        assertThat(o.path("submit_format").asText()).isEqualTo("binary"); // the default since issue 6
        for (String field : new String[] {"finalized_tps", "offered_tps", "latency_p50_ms", "latency_p95_ms",
                "latency_p99_ms", "blocks_per_s", "max_rss_mb"}) {
            assertThat(o.path(field).isNumber()).as(field + " in " + o).isTrue();
        }
        assertThat(o.path("latency_p50_ms").asLong()).isLessThanOrEqualTo(o.path("latency_p99_ms").asLong());
        assertThat(o.path("nodes")).hasSize(4);
        for (JsonNode n : o.path("nodes")) {
            assertThat(n.path("cpu_pct").isNumber()).isTrue();
            assertThat(n.path("peak_rss_mb").isNumber()).isTrue();
            // each transfer is verified once on each node (at admission, or ahead of checking a proposal): nothing
            // here is refused for room and offered again. Not exactly 1: a node that fell behind and synced checks
            // the blocks it fetched by another path, which this counter does not see
            assertThat(n.path("verified_per_final_tx").asDouble(-1)).as(n.toString()).isBetween(0.9, 1.1);
        }
        // --dir given: the folder (logs, data) stays for a look afterwards
        assertThat(Files.exists(network.resolve("testnet.json"))).isTrue();
    }
}
