package org.stakechain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

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
    private final HttpClient http;
    private final boolean transactions;
    private final FinalityTracker tracker;
    private final Thread thread;
    private volatile boolean running = true;
    final AtomicLong reconnects = new AtomicLong();

    /** {@code transactions}: also the node's {@code tx} events (the followed node). */
    FinalityFollower(int node, String url, HttpClient http, boolean transactions, FinalityTracker tracker) {
        this.node = node;
        this.url = url;
        this.http = http;
        this.transactions = transactions;
        this.tracker = tracker;
        this.thread = new Thread(this::follow, "bench-follow-" + node);
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        String types = transactions ? "block,tx" : "block";
        while (running) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/api/v1/events?types=" + types))
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
            tracker.onTransaction(e.height(), e.hash(), now);
        } else if (event.equals("block")) {
            long now = System.nanoTime();
            JsonNode o = JSON.readTree(data);
            tracker.onBlock(node, o.path("height").asLong(), o.path("hash").asText(), o.path("txCount").asInt(), now);
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
    static FinalityTracker.BlockSource blocksOver(HttpClient http, List<String> urls) {
        return (node, height) -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(urls.get(node)
                                + "/api/v1/blocks/" + height)).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
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
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        };
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
