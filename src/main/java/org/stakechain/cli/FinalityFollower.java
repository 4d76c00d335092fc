package org.stakechain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Follows one node's final blocks for the bench: the {@code tx} and {@code block} events of its
 * {@code /api/v1/events} stream mark transactions final the moment they arrive. The node may drop events when
 * its event queue is full, so {@link #reconcile} compares each block's {@code txCount} with the {@code tx}
 * events seen for it and reads any block that came up short (or whose event never came) from
 * {@code /api/v1/blocks/{height}}: exact, and cheap while no event is lost.
 */
final class FinalityFollower implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int node;
    private final String url;
    private final HttpClient http;
    private final Thread thread;
    private volatile BenchRound round;
    private volatile boolean running = true;
    private final Map<Long, Integer> blockTxCount = new HashMap<>();
    private final Map<Long, Integer> txEventsSeen = new HashMap<>();
    private long maxBlockEvent;
    private long checkedUpTo;
    private final long[] statusHistory = new long[3];
    final AtomicLong blocksRead = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();

    FinalityFollower(int node, String url, HttpClient http, long startHeight) {
        this.node = node;
        this.url = url;
        this.http = http;
        this.checkedUpTo = startHeight;
        this.maxBlockEvent = startHeight;
        this.thread = new Thread(this::follow, "bench-follow-" + node);
        thread.setDaemon(true);
        thread.start();
    }

    void follow(BenchRound r) {
        this.round = r;
    }

    private void follow() {
        while (running) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/api/v1/events"))
                    .header("Accept", "text/event-stream").GET().build();
            try {
                HttpResponse<Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
                try (Stream<String> lines = r.body()) {
                    String event = null;
                    Iterator<String> it = lines.iterator();
                    while (running && it.hasNext()) {
                        String line = it.next();
                        if (line.startsWith("event:")) {
                            event = line.substring(6).trim();
                        } else if (line.startsWith("data:") && event != null) {
                            onEvent(event, line.substring(5).trim());
                        } else if (line.isEmpty()) {
                            event = null;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the node closed the stream (or is stopping): reconnect; reconcile fills the gap
            } catch (InterruptedException e) {
                return;
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

    private void onEvent(String event, String data) throws IOException {
        if (event.equals("tx")) {
            long now = System.nanoTime();
            TxEvent e = TxEvent.parse(data);
            synchronized (this) {
                txEventsSeen.merge(e.height(), 1, Integer::sum);
            }
            BenchRound r = round;
            if (r != null) {
                r.markFinal(node, e.hash(), now);
            }
        } else if (event.equals("block")) {
            JsonNode o = JSON.readTree(data);
            long height = o.path("height").asLong();
            synchronized (this) {
                blockTxCount.put(height, o.path("txCount").asInt());
                maxBlockEvent = Math.max(maxBlockEvent, height);
            }
        }
    }

    /** A "tx" event's hash and height. */
    record TxEvent(String hash, long height) {
        private static final String HASH = "{\"hash\":\"";
        private static final String HEIGHT = "\",\"height\":";

        /**
         * Reads the node's fixed layout ({@code {"hash":"<64 hex>","height":N,...}}) without a JSON tree: the bench
         * reads one per transaction per node and shares the machine with the nodes it measures. Anything else is
         * parsed as JSON.
         */
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
     * Called about once a second: reads the blocks whose events fell short. Heights up to the newest block event
     * but one (its tx events may still be on the way), or up to the node's final height of three calls ago when
     * block events stopped coming.
     */
    void reconcile(long statusFinalHeight) {
        long upTo;
        synchronized (this) {
            upTo = Math.max(maxBlockEvent - 1, statusHistory[0]);
            statusHistory[0] = statusHistory[1];
            statusHistory[1] = statusHistory[2];
            statusHistory[2] = statusFinalHeight;
        }
        for (long h = checkedUpTo + 1; h <= upTo; h++) {
            boolean complete;
            synchronized (this) {
                Integer count = blockTxCount.get(h);
                complete = count != null && txEventsSeen.getOrDefault(h, 0) >= count;
                blockTxCount.remove(h);
                txEventsSeen.remove(h);
            }
            if (!complete && !readBlock(h)) {
                return; // try again next time from here
            }
            checkedUpTo = h;
        }
    }

    private boolean readBlock(long height) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/blocks/" + height))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return false;
            }
            long now = System.nanoTime();
            blocksRead.incrementAndGet();
            BenchRound rd = round;
            for (JsonNode tx : JSON.readTree(r.body()).path("transactions")) {
                if (rd != null) {
                    rd.markFinal(node, tx.path("hash").asText(), now);
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
