package org.stakechain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void bytesGiveWhatTheStringGives() throws Exception {
        List<String> events = List.of(
                "{\"hash\":\"" + HASH + "\",\"height\":7,\"status\":\"final\",\"failure\":null}",
                "{\"hash\":\"" + HASH + "\",\"height\":123456789012}",
                "{\"hash\":\"" + HASH + "\",\"height\":1234567890123456789}", // 19 digits: the JSON path
                "{\"height\": 9, \"hash\": \"" + HASH + "\"}",
                "{\"hash\":\"abc\",\"height\":3}",
                "{\"hash\":\"" + HASH.substring(0, 63) + "\u00e9\",\"height\":5}"); // not ASCII: the JSON path
        for (String e : events) {
            byte[] padded = ("xx" + e + "yy").getBytes(StandardCharsets.UTF_8);
            int to = padded.length - 2;
            assertThat(FinalityFollower.TxEvent.parse(padded, 2, to)).as(e)
                    .isEqualTo(FinalityFollower.TxEvent.parse(e));
        }
    }

    @Test
    void wordsAreReadWhereTheNodesLayoutIsAndOnlyThere() throws Exception {
        List<String> events = List.of(
                "{\"hash\":\"" + HASH + "\",\"height\":7,\"status\":\"final\",\"failure\":null}",
                "{\"hash\":\"" + HASH + "\",\"height\":123456789012}",
                "{\"hash\":\"" + HASH + "\",\"height\":1234567890123456789}", // 19 digits: the JSON path
                "{\"height\": 9, \"hash\": \"" + HASH + "\"}",
                "{\"hash\":\"abc\",\"height\":3}",
                "{\"hash\":\"" + HASH.toUpperCase() + "\",\"height\":4}", // not the node's lowercase
                "{\"hash\":\"" + HASH.substring(0, 63) + "\u00e9\",\"height\":5}");
        for (String e : events) {
            byte[] padded = ("xx" + e + "yy").getBytes(StandardCharsets.UTF_8);
            int to = padded.length - 2;
            long[] words = new long[4];
            long height = FinalityFollower.TxEvent.parseWords(padded, 2, to, words);
            FinalityFollower.TxEvent json = FinalityFollower.TxEvent.parse(e);
            boolean direct = e.startsWith("{\"hash\":\"" + HASH + "\",\"height\":") && json.height() < 1L << 60;
            assertThat(height).as(e).isEqualTo(direct ? json.height() : -1);
            if (direct) {
                assertThat(words).as(e).containsExactly(FinalityTracker.words(json.hash()));
            }
        }
        byte[] noHeight = ("{\"hash\":\"" + HASH + "\",\"height\":}").getBytes(StandardCharsets.US_ASCII);
        assertThat(FinalityFollower.TxEvent.parseWords(noHeight, 0, noHeight.length, new long[4])).isEqualTo(-1);
    }

    @Test
    void linesEndInLfCrLfOrCrAcrossReadsOfAnySize() throws Exception {
        String text = "event: tx\ndata: {}\r\n\r\n: heartbeat\r\revent:block\rdata:" + "x".repeat(200_000)
                + "\n\nlast unterminated";
        List<String> expected = List.of("event: tx", "data: {}", "", ": heartbeat", "", "event:block",
                "data:" + "x".repeat(200_000), "");
        for (int chunk : new int[] {1, 2, 3, 7, 1 << 16, 1 << 20}) {
            assertThat(lines(new Chunked(text.getBytes(StandardCharsets.UTF_8), chunk))).as("chunk " + chunk)
                    .isEqualTo(expected);
        }
    }

    @Test
    void eventNamesAreTrimmed() {
        byte[] b = "event:  tx \t".getBytes(StandardCharsets.US_ASCII);
        assertThat(FinalityFollower.eventOf(b, 6, b.length)).isEqualTo(1);
        byte[] block = "event:block".getBytes(StandardCharsets.US_ASCII);
        assertThat(FinalityFollower.eventOf(block, 6, block.length)).isEqualTo(2);
        byte[] other = "event: txs".getBytes(StandardCharsets.US_ASCII);
        assertThat(FinalityFollower.eventOf(other, 6, other.length)).isEqualTo(3);
    }

    private static List<String> lines(InputStream in) throws IOException {
        FinalityFollower.Lines lines = new FinalityFollower.Lines(in);
        List<String> out = new ArrayList<>();
        while (lines.next()) {
            out.add(new String(lines.buffer(), lines.start(), lines.length(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A stream that gives at most {@code chunk} bytes a read, as a network stream may. */
    private static final class Chunked extends InputStream {
        private final ByteArrayInputStream in;
        private final int chunk;

        Chunked(byte[] bytes, int chunk) {
            this.in = new ByteArrayInputStream(bytes);
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, chunk));
        }
    }
}
