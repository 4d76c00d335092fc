package org.stakechain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads one node's {@code /api/v1/events} stream for the bench and hands its events to the {@link FinalityTracker}:
 * {@code ?types=block,tx} on the followed node, {@code ?types=block} on the others (a block event per block instead
 * of a tx event per transaction: the node formats none and the bench parses none). Reconnects when the stream ends;
 * the tracker's reconcile fills what was missed meanwhile.
 */
final class FinalityFollower implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int node;
    private final String url;
    private final boolean transactions;
    private final FinalityTracker tracker;
    private final Thread thread;
    private volatile boolean running = true;
    /** The stream being read, closed by {@link #close} to end a blocked read. */
    private volatile BenchHttp.Stream stream;
    final AtomicLong reconnects = new AtomicLong();

    /** {@code transactions}: also the node's {@code tx} events (the followed node). */
    FinalityFollower(int node, String url, boolean transactions, FinalityTracker tracker) {
        this.node = node;
        this.url = url;
        this.transactions = transactions;
        this.tracker = tracker;
        this.thread = new Thread(this::follow, "bench-follow-" + node);
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        String types = transactions ? "block,tx" : "block";
        while (running) {
            // a blocking socket of its own (BenchHttp): no selector thread and executor hop per read of the stream
            try (BenchHttp.Stream s = BenchHttp.Stream.open(url, "/api/v1/events?types=" + types,
                    "text/event-stream", 5_000)) {
                stream = s;
                if (!running) {
                    return;
                }
                if (s.status() == 200) {
                    read(s.body());
                }
            } catch (IOException | RuntimeException e) {
                // the node closed the stream (or is stopping): reconnect; reconcile fills the gap
            } finally {
                stream = null;
            }
            if (running) {
                reconnects.incrementAndGet();
                try {
                    Thread.sleep(200); // back off before reconnecting to a node that just closed on us
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * Reads the stream's lines as bytes (the followed node sends a {@code tx} event per final transaction: no
     * String per line, no character decoding; a {@code tx} event of the node's layout makes one String, its hash).
     */
    private void read(InputStream in) throws IOException {
        Lines lines = new Lines(in);
        int event = NONE;
        while (running && lines.next()) {
            byte[] b = lines.buffer();
            int from = lines.start();
            int length = lines.length();
            if (length == 0) {
                event = NONE;
            } else if (startsWith(b, from, length, EVENT)) {
                event = eventOf(b, from + EVENT.length, from + length);
            } else if (event != NONE && startsWith(b, from, length, DATA)) {
                int start = skipSpaces(b, from + DATA.length, from + length);
                int end = trimEnd(b, start, from + length);
                onEvent(event, b, start, end);
            }
        }
    }

    private static final int NONE = 0;
    private static final int TX = 1;
    private static final int BLOCK = 2;
    private static final int OTHER = 3;
    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TX_NAME = "tx".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BLOCK_NAME = "block".getBytes(StandardCharsets.US_ASCII);

    /** The event named in {@code b[from..to)} after "event:", spaces around it ignored (String.trim's). */
    static int eventOf(byte[] b, int from, int to) {
        int start = skipSpaces(b, from, to);
        int end = trimEnd(b, start, to);
        if (Arrays.equals(b, start, end, TX_NAME, 0, TX_NAME.length)) {
            return TX;
        }
        if (Arrays.equals(b, start, end, BLOCK_NAME, 0, BLOCK_NAME.length)) {
            return BLOCK;
        }
        return OTHER;
    }

    private static boolean startsWith(byte[] b, int from, int length, byte[] prefix) {
        return length >= prefix.length && Arrays.equals(b, from, from + prefix.length, prefix, 0, prefix.length);
    }

    /** String.trim's notion of space: any char up to U+0020 (ASCII only here: UTF-8 bytes above it are >= 0x80). */
    private static int skipSpaces(byte[] b, int from, int to) {
        while (from < to && (b[from] & 0xff) <= ' ') {
            from++;
        }
        return from;
    }

    private static int trimEnd(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] & 0xff) <= ' ') {
            to--;
        }
        return to;
    }

    /** The hash of the tx event being handed over, as four words (this follower's thread only). */
    private final long[] words = new long[4];

    private void onEvent(int event, byte[] b, int from, int to) throws IOException {
        if (event == TX) {
            long now = System.nanoTime();
            long height = TxEvent.parseWords(b, from, to, words);
            if (height >= 0) {
                tracker.onTransaction(height, words, 0, now);
            } else {
                TxEvent e = TxEvent.parse(b, from, to);
                tracker.onTransaction(e.height(), e.hash(), now);
            }
        } else if (event == BLOCK) {
            long now = System.nanoTime();
            JsonNode o = JSON.readTree(new String(b, from, to - from, StandardCharsets.UTF_8));
            tracker.onBlock(node, o.path("height").asLong(), o.path("hash").asText(), o.path("txCount").asInt(), now);
        }
    }

    /**
     * The lines of an event stream as byte ranges of one buffer, each without its end ({@code \n}, {@code \r\n} or
     * {@code \r}, as the SSE format allows); valid until the next call. A line longer than the buffer grows it.
     */
    static final class Lines {
        private final InputStream in;
        private byte[] buf = new byte[1 << 16];
        private int pos;
        private int limit;
        private int start;
        private int length;
        /** The last line ended in {@code \r}: a {@code \n} right after it belongs to that end. */
        private boolean afterCr;
        private boolean eof;

        Lines(InputStream in) {
            this.in = in;
        }

        /** Advances to the next line; false at the end of the stream (an unterminated last line is dropped). */
        boolean next() throws IOException {
            if (afterCr) {
                if (pos == limit && !fill()) {
                    return false;
                }
                afterCr = false;
                if (buf[pos] == '\n') {
                    pos++;
                }
            }
            int scanned = 0;
            while (true) {
                for (int i = pos + scanned; i < limit; i++) {
                    byte c = buf[i];
                    if (c == '\n' || c == '\r') {
                        start = pos;
                        length = i - pos;
                        pos = i + 1;
                        afterCr = c == '\r';
                        return true;
                    }
                }
                scanned = limit - pos;
                if (!fill()) {
                    return false;
                }
            }
        }

        /** Moves the unread part to the front (growing the buffer if it is full) and reads more; false at the end. */
        private boolean fill() throws IOException {
            if (eof) {
                return false;
            }
            int unread = limit - pos;
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, unread);
                pos = 0;
                limit = unread;
            }
            if (limit == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return false;
            }
            limit += n;
            return true;
        }

        byte[] buffer() {
            return buf;
        }

        int start() {
            return start;
        }

        int length() {
            return length;
        }
    }

    /** A "tx" event's hash and height. */
    record TxEvent(String hash, long height) {
        private static final String HASH = "{\"hash\":\"";
        private static final String HEIGHT = "\",\"height\":";

        /**
         * Reads the node's fixed layout ({@code {"hash":"<64 hex>","height":N,...}}) without a JSON tree: the bench
         * reads one per transaction and shares the machine with the nodes it measures. Anything else is parsed as
         * JSON.
         */
        static TxEvent parse(byte[] b, int from, int to) throws IOException {
            int hashAt = from + HASH.length();
            int heightAt = hashAt + 64;
            if (startsWith(b, from, to - from, HASH_BYTES) && to - heightAt > HEIGHT.length()
                    && Arrays.equals(b, heightAt, heightAt + HEIGHT.length(), HEIGHT_BYTES, 0, HEIGHT_BYTES.length)
                    && ascii(b, hashAt, heightAt)) {
                long height = height(b, heightAt + HEIGHT.length(), to);
                if (height >= 0) {
                    return new TxEvent(new String(b, hashAt, 64, StandardCharsets.ISO_8859_1), height);
                }
            }
            return parse(new String(b, from, to - from, StandardCharsets.UTF_8));
        }

        /**
         * The node's fixed layout read straight into the hash's four words ({@link TxHashIndex}): its height, or -1
         * when the event is not that layout with 64 lowercase hex digits (then {@link #parse(byte[], int, int)}).
         */
        static long parseWords(byte[] b, int from, int to, long[] words) {
            int hashAt = from + HASH.length();
            int heightAt = hashAt + 64;
            if (!startsWith(b, from, to - from, HASH_BYTES) || to - heightAt <= HEIGHT.length()
                    || !Arrays.equals(b, heightAt, heightAt + HEIGHT.length(), HEIGHT_BYTES, 0, HEIGHT_BYTES.length)) {
                return -1;
            }
            long height = height(b, heightAt + HEIGHT.length(), to);
            return height >= 0 && TxHashIndex.parse(b, hashAt, words, 0) ? height : -1;
        }

        /** The decimal height at {@code digitsAt} (at most 18 digits) ended by a comma or a closing brace; -1 if not so. */
        private static long height(byte[] b, int digitsAt, int to) {
            int end = digitsAt;
            long height = 0;
            while (end < to && b[end] >= '0' && b[end] <= '9' && end - digitsAt < 18) {
                height = height * 10 + (b[end] - '0');
                end++;
            }
            return end > digitsAt && end < to && (b[end] == ',' || b[end] == '}') ? height : -1;
        }

        private static final byte[] HASH_BYTES = HASH.getBytes(StandardCharsets.US_ASCII);
        private static final byte[] HEIGHT_BYTES = HEIGHT.getBytes(StandardCharsets.US_ASCII);

        private static boolean ascii(byte[] b, int from, int to) {
            for (int i = from; i < to; i++) {
                if (b[i] < 0) {
                    return false;
                }
            }
            return true;
        }

        static TxEvent parse(String data) throws IOException {
            int heightAt = HASH.length() + 64;
            if (data.startsWith(HASH) && data.startsWith(HEIGHT, heightAt)) {
                int from = heightAt + HEIGHT.length();
                int to = from;
                while (to < data.length() && Character.isDigit(data.charAt(to))) {
                    to++;
                }
                if (to > from && to < data.length() && (data.charAt(to) == ',' || data.charAt(to) == '}')) {
                    return new TxEvent(data.substring(HASH.length(), heightAt), Long.parseLong(data, from, to, 10));
                }
            }
            JsonNode o = JSON.readTree(data);
            return new TxEvent(o.path("hash").asText(), o.path("height").asLong());
        }
    }

    /**
     * The tracker's reads: {@code GET /api/v1/blocks/{height}} on a node (its hash and transactions); empty while
     * the node has no final block there or does not answer.
     */
    static FinalityTracker.BlockSource blocksOver(List<String> urls) {
        List<BenchHttp.Pool> pools = urls.stream().map(u -> new BenchHttp.Pool(u, 5_000, 10_000)).toList();
        return (node, height) -> {
            try {
                BenchHttp.Response r = pools.get(node).get("/api/v1/blocks/" + height);
                if (r.status() != 200) {
                    return Optional.empty();
                }
                JsonNode o = JSON.readTree(r.body());
                List<String> txs = new ArrayList<>();
                for (JsonNode tx : o.path("transactions")) {
                    txs.add(tx.path("hash").asText());
                }
                return Optional.of(new FinalityTracker.BlockContents(o.path("hash").asText(), txs));
            } catch (IOException e) {
                return Optional.empty();
            }
        };
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        BenchHttp.Stream s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
