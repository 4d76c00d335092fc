package org.stakechain.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench reads the node's compact batch answer without a JSON tree, as its tree reading read it. */
class CompactAnswerTest {
    private static CompactAnswer parse(String json) throws IOException {
        return CompactAnswer.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void allTaken() throws Exception {
        assertThat(parse("{\"accepted\":200,\"rejected\":0,\"retry\":0,\"refused\":[]}"))
                .isEqualTo(new CompactAnswer(200, 0, List.of()));
    }

    @Test
    void someRefusedForRoomSomeForGood() throws Exception {
        CompactAnswer a = parse("{\"accepted\":1,\"rejected\":1,\"retry\":2,\"retryAfterMs\":100,\"refused\":["
                + "{\"index\":0,\"error\":\"POOL_FULL\",\"feeToBeat\":\"0.002\"},"
                + "{\"index\":2,\"error\":\"POOL_FULL\",\"detail\":\"100 transactions already wait\"},"
                + "{\"index\":3,\"error\":\"NONCE_TOO_LOW\",\"detail\":\"nonce 0 is \\\"used\\\"\"}]}");
        assertThat(a).isEqualTo(new CompactAnswer(1, 100, List.of(
                new CompactAnswer.Refusal(0, "POOL_FULL", ""),
                new CompactAnswer.Refusal(2, "POOL_FULL", "100 transactions already wait"),
                new CompactAnswer.Refusal(3, "NONCE_TOO_LOW", "nonce 0 is \"used\""))));
    }

    @Test
    void nothingTakenAndBusyAnswers() throws Exception {
        CompactAnswer full = parse("{\"accepted\":0,\"rejected\":0,\"retry\":1,\"retryAfterMs\":100,\"refused\":"
                + "[{\"index\":0,\"error\":\"POOL_FULL\",\"feeToBeat\":\"0.001\"}],\"error\":\"POOL_FULL\","
                + "\"detail\":\"the pool is full\"}");
        assertThat(full).isEqualTo(new CompactAnswer(0, 100, List.of(new CompactAnswer.Refusal(0, "POOL_FULL", ""))));
        assertThat(parse("{\"error\":\"busy\",\"detail\":\"the node is admitting\",\"retryAfterMs\":250}"))
                .isEqualTo(new CompactAnswer(-1, 250, null));
    }

    @Test
    void unexpectedShapesReadAsTheTreeReadThem() throws Exception {
        assertThat(parse("{\"accepted\":\"5\",\"refused\":{\"index\":1},\"extra\":[1,{\"a\":[2]}]}"))
                .isEqualTo(new CompactAnswer(-1, 0, null));
        assertThat(parse("{\"accepted\":1,\"refused\":[7,{\"index\":\"1\",\"error\":3,\"detail\":null,"
                + "\"more\":{\"x\":[1]}}]}"))
                .isEqualTo(new CompactAnswer(1, 0, List.of(new CompactAnswer.Refusal(-1, "", ""),
                        new CompactAnswer.Refusal(-1, "", "null"))));
        assertThat(parse("[]")).isEqualTo(new CompactAnswer(-1, 0, null));
        assertThatThrownBy(() -> parse("<html>")).isInstanceOf(IOException.class);
    }
}
