package org.stakechain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bench reads "tx" events without a JSON tree when they have the node's layout, and as JSON otherwise. */
class FinalityFollowerTest {
    static final String HASH = "0123456789abcdef".repeat(4);

    @Test
    void theNodesLayoutIsReadDirectly() throws Exception {
        assertThat(FinalityFollower.TxEvent.parse("{\"hash\":\"" + HASH + "\",\"height\":7,\"status\":\"final\","
                + "\"failure\":null}")).isEqualTo(new FinalityFollower.TxEvent(HASH, 7));
        assertThat(FinalityFollower.TxEvent.parse("{\"hash\":\"" + HASH + "\",\"height\":123456789012,\"status\":"
                + "\"final\",\"failure\":\"INSUFFICIENT_FUNDS: \\\"x\\\"\"}"))
                .isEqualTo(new FinalityFollower.TxEvent(HASH, 123456789012L));
    }

    @Test
    void anyOtherLayoutIsParsedAsJson() throws Exception {
        assertThat(FinalityFollower.TxEvent.parse("{\"height\": 9, \"hash\": \"" + HASH + "\"}"))
                .isEqualTo(new FinalityFollower.TxEvent(HASH, 9));
        assertThat(FinalityFollower.TxEvent.parse("{\"hash\":\"" + HASH + "\",\"height\":12x}".replace("12x", "\"12\"")))
                .isEqualTo(new FinalityFollower.TxEvent(HASH, 12));
        assertThat(FinalityFollower.TxEvent.parse("{\"hash\":\"abc\",\"height\":3}"))
                .isEqualTo(new FinalityFollower.TxEvent("abc", 3));
    }
}
