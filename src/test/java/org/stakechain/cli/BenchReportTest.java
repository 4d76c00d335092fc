package org.stakechain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's arithmetic: medians over repeated runs, and the openssl yardstick read from its output. */
class BenchReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode run(double tps, long p50, long lost, double rss, double cpu) {
        ObjectNode o = JSON.createObjectNode().put("mode", "load").put("finalized_tps", tps)
                .put("latency_p50_ms", p50).put("latency_p95_ms", p50 * 2).put("latency_p99_ms", p50 * 3)
                .put("blocks_per_s", 2.0).put("submit_tps", tps * 2).put("lost", lost).put("max_rss_mb", rss);
        o.putArray("nodes").addObject().put("cpu_pct", cpu).put("peak_rss_mb", rss);
        return o;
    }

    @Test
    void mediansOfAnOddAndAnEvenNumberOfValues() {
        assertThat(BenchCommand.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(BenchCommand.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(BenchCommand.median(new double[] {7})).isEqualTo(7);
    }

    @Test
    void repeatedRunsReportTheirMediansTheTotalLostAndTheHighestRss() {
        ObjectNode m = BenchCommand.medians(List.of(run(900, 300, 0, 250, 40), run(500, 900, 2, 310, 45),
                run(700, 400, 0, 280, 50)));
        assertThat(m.path("mode").asText()).isEqualTo("repeat");
        assertThat(m.path("repeat").asInt()).isEqualTo(3);
        assertThat(m.path("finalized_tps").asDouble()).isEqualTo(700);
        assertThat(m.path("latency_p50_ms").asDouble()).isEqualTo(400);
        assertThat(m.path("latency_p99_ms").asDouble()).isEqualTo(1200);
        assertThat(m.path("lost").asLong()).as("lost adds up: one lost transfer in any run is a failure").isEqualTo(2);
        assertThat(m.path("max_rss_mb").asDouble()).isEqualTo(310);
        assertThat(m.path("max_node_cpu_pct_median").asDouble()).isEqualTo(45);
        assertThat(m.path("runs")).hasSize(3);
    }

    @Test
    void theVerifyRateIsTheLastColumnOfOpensslsEd25519Line() {
        String output = """
                version: 3.0.17
                CPUINFO: OPENSSL_ia32cap=0xfffa32034f8bffff:0x1cd19e6ffb
                                              sign    verify    sign/s verify/s
                 253 bits EdDSA (Ed25519)   0.0001s   0.0003s   9908.7   3839.5
                """;
        assertThat(OpensslSpeed.parse(output)).isEqualTo(3839.5);
        assertThat(OpensslSpeed.parse("no such algorithm\n")).isZero();
        assertThat(OpensslSpeed.parse(" 253 bits EdDSA (Ed25519) n/a\n")).isZero();
    }
}
