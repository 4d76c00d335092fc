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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.stakechain.api.TransactionBatchBody;

/**
 * Pushes a round's transactions to the nodes' APIs, round-robin, from several client threads: in batches through
 * {@code POST /api/v1/transactions/batch}, binary ({@link TransactionBatchBody}, compact answer) or JSON with hex
 * ({@link Format}), or one by one through {@code POST /api/v1/transactions} when the batch size is 1; each batch
 * released at its time for a fixed rate, or all at once for {@code max}. A transaction the
 * node refuses for now (503 {@code POOL_FULL} / {@code busy}, 429) is offered again after the node's
 * {@code retryAfterMs}, and that node is sent nothing until then; one it rejects for good is counted, never
 * silently forgotten.
 */
final class BenchSubmitter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Some of a round's transactions, for one node, not to be sent before {@code dueNanos}; {@code body}: their
     * binary request body, encoded once before the round's clock starts (null: encoded when sent, as for a retry's
     * remainder or the JSON forms).
     */
    private record Batch(int[] indices, int node, long dueNanos, byte[] body, int seq) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        /**
         * By due time, then by {@code seq} (the slice's place in the round, kept by its retries): batches due at
         * the same moment go out in the round's order. Without it the queue's heap handed equal keys out in
         * reverse (at {@code --rate max} every batch is due at the start): a sender's highest nonces first, each
         * waiting behind a gap or refused until the lower ones came, and blocks small for most of a long run.
         */
        @Override
        public int compareTo(Delayed o) {
            Batch b = (Batch) o;
            int c = Long.compare(dueNanos, b.dueNanos);
            return c != 0 ? c : Integer.compare(seq, b.seq);
        }

        Batch to(int node, long dueNanos, int[] indices, byte[] body) {
            return new Batch(indices, node, dueNanos, body, seq);
        }
    }

    /** What submitting a round did. */
    record Result(long startNanos, long endNanos, int accepted, long retried, int rejected, long errors,
                  int unsent, List<String> rejections) {
        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }
    }

    /** How a batch goes over the wire. */
    enum Format {
        /** {@code application/octet-stream}: framed canonical encodings; the answer lists only entries not taken. */
        BINARY,
        /** {@code {"txs":["<hex>",...]}}: one result per entry in the answer. */
        JSON
    }

    private final List<String> urls;
    private final HttpClient http;
    private final int threads;
    private final int batchSize;
    private final Format format;
    /** The binary batches' connections, one pool per node (the JDK client carries the JSON forms). */
    private final List<BenchHttp.Pool> pools;

    BenchSubmitter(List<String> urls, HttpClient http, int threads, int batchSize, Format format) {
        this.urls = List.copyOf(urls);
        this.pools = this.urls.stream().map(u -> new BenchHttp.Pool(u, 5_000, 30_000)).toList();
        this.http = http;
        this.threads = threads;
        this.batchSize = batchSize;
        this.format = format;
    }

    /**
     * Submits every transaction of {@code round} at {@code rate} per second ({@code <= 0}: as fast as accepted);
     * gives up on what is still unsent once the schedule is over and no transaction was taken or refused for good
     * for {@code stallNanos}. A fixed deadline would cut a long round at the maximum rate short while the nodes
     * still take transactions, and leave the nonces after an unsent one waiting for ever (counted lost).
     */
    Result submit(BenchRound round, double rate, long stallNanos) throws InterruptedException {
        int n = round.size();
        // at a fixed rate, batches small enough to go out every 20 ms or more often
        int size = rate > 0 ? (int) Math.max(1, Math.min(batchSize, Math.round(rate / 50))) : batchSize;
        // every request body made before the clock starts: the client shares the machine with the nodes it measures
        List<int[]> slices = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (int from = 0; from < n; from += size) {
            int to = Math.min(n, from + size);
            int[] idx = new int[to - from];
            for (int i = from; i < to; i++) {
                idx[i - from] = i;
            }
            slices.add(idx);
            bodies.add(binary(idx) ? TransactionBatchBody.encode(entries(round, idx)) : null);
        }
        // a sender's nonce n + 1 goes out only once n is answered for (what a wallet does)
        NonceOrder<Batch> order = new NonceOrder<>(round.transactions,
                (whole, part) -> whole.to(whole.node(), whole.dueNanos(), part, null));
        DelayQueue<Batch> queue = new DelayQueue<>();
        long start = System.nanoTime();
        for (int b = 0; b < slices.size(); b++) {
            long due = rate > 0 ? start + (long) ((long) b * size / rate * 1e9) : start;
            queue.add(new Batch(slices.get(b), b % urls.size(), due, bodies.get(b), b));
        }
        long scheduleEnd = rate > 0 ? start + (long) (n / rate * 1e9) : start;
        AtomicLong lastProgress = new AtomicLong(start);
        AtomicInteger left = new AtomicInteger(n);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicLong retried = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<String> rejections = new ArrayList<>();
        // a node that asked for a pause (full pool, busy) gets nothing until it is over: every batch sent meanwhile
        // would cost it a decode and an answer of refusals, and the client a parse of them, for nothing
        AtomicLongArray pausedUntil = new AtomicLongArray(urls.size());
        for (int i = 0; i < urls.size(); i++) {
            pausedUntil.set(i, start);
        }
        AtomicInteger inFlight = new AtomicInteger(); // batches between the queue and their answer's effects
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                while (left.get() > 0 && !stalled(scheduleEnd, lastProgress.get(), stallNanos)) {
                    Batch b;
                    try {
                        b = queue.poll(100, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (b == null) {
                        if (inFlight.get() == 0 && queue.isEmpty()) {
                            // nothing under way and batches held, each on another's nonce: send what may go
                            for (Batch ready : order.readyParts()) {
                                queue.add(ready);
                            }
                        }
                        continue;
                    }
                    long now = System.nanoTime();
                    for (int i : b.indices()) {
                        round.offered(i, now); // its first try, whether it goes out now or after a pause
                    }
                    long until = pausedUntil.get(b.node());
                    if (until - now > 0) {
                        queue.add(b.to(b.node(), until, b.indices(), b.body()));
                        continue;
                    }
                    inFlight.incrementAndGet();
                    b = order.sendOrHold(b, b.indices());
                    if (b == null) {
                        inFlight.decrementAndGet();
                        continue; // back in the queue when its senders' earlier nonces are answered for
                    }
                    Outcome o = send(round, b);
                    Arrays.sort(o.again); // ascending, as NonceOrder reads them (the node lists them so already)
                    accepted.addAndGet(o.accepted);
                    if (!o.rejected.isEmpty()) {
                        rejected.addAndGet(o.rejected.size());
                        synchronized (rejections) {
                            if (rejections.size() < 20) {
                                rejections.addAll(o.rejected.subList(0, Math.min(o.rejected.size(), 20)));
                            }
                        }
                    }
                    left.addAndGet(-(o.accepted + o.rejected.size()));
                    if (o.accepted + o.rejected.size() > 0) {
                        lastProgress.accumulateAndGet(System.nanoTime(), Math::max);
                        for (Batch ready : order.settled(b.indices(), o.again)) {
                            queue.add(ready.to(ready.node(), System.nanoTime(), ready.indices(), ready.body()));
                        }
                    }
                    if (o.error) {
                        errors.incrementAndGet();
                    }
                    if (o.again.length > 0) {
                        retried.addAndGet(o.again.length);
                        if (!o.error) {
                            long resume = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(o.retryAfterMs);
                            pausedUntil.accumulateAndGet(b.node(), resume, Math::max);
                        }
                        // to the next node: a full pool here may have room there, and gossip brings it back anyway
                        // the same body when all of it comes back (a busy node): else the rest's, encoded when sent
                        queue.add(b.to((b.node() + 1) % urls.size(),
                                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(o.retryAfterMs),
                                o.again, o.again == b.indices() ? b.body() : null));
                    }
                    inFlight.decrementAndGet();
                }
            }, "bench-submit-" + t);
            w.setDaemon(true);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        return new Result(start, System.nanoTime(), accepted.get(), retried.get(), rejected.get(), errors.get(),
                Math.max(0, left.get()), List.copyOf(rejections));
    }

    /** Past the schedule and nothing taken for {@code stallNanos}: the nodes are not taking what is left. */
    private static boolean stalled(long scheduleEnd, long lastProgress, long stallNanos) {
        long now = System.nanoTime();
        return now - scheduleEnd > 0 && now - lastProgress > stallNanos;
    }

    /** The answer to one request: taken, refused for good (with why), to send again after a delay. */
    private record Outcome(int accepted, List<String> rejected, int[] again, long retryAfterMs, boolean error) {
    }

    private Outcome send(BenchRound round, Batch b) {
        String url = urls.get(b.node());
        try {
            if (b.indices().length == 1 && batchSize == 1) {
                int i = b.indices()[0];
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/transactions"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"tx\":\"" + round.hex[i] + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode o = JSON.readTree(r.body());
                if (r.statusCode() == 202) {
                    return new Outcome(1, List.of(), new int[0], 0, false);
                }
                if (r.statusCode() == 503 || r.statusCode() == 429) {
                    return new Outcome(0, List.of(), b.indices(), retryAfter(o, r), false);
                }
                return new Outcome(0, List.of(o.path("error").asText() + ": " + o.path("detail").asText()),
                        new int[0], 0, false);
            }
            if (format == Format.BINARY) {
                return sendBinary(round, b);
            }
            StringBuilder body = new StringBuilder(b.indices().length * 300 + 16).append("{\"txs\":[");
            for (int k = 0; k < b.indices().length; k++) {
                body.append(k == 0 ? "\"" : ",\"").append(round.hex[b.indices()[k]]).append('"');
            }
            body.append("]}");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/transactions/batch"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode o = JSON.readTree(r.body());
            JsonNode results = o.path("results");
            if ((r.statusCode() == 503 || r.statusCode() == 429) && !results.isArray()) {
                return new Outcome(0, List.of(), b.indices(), retryAfter(o, r), false);
            }
            if (!results.isArray() || results.size() != b.indices().length) {
                return new Outcome(0, List.of(), b.indices(), 500, true);
            }
            int ok = 0;
            List<String> bad = new ArrayList<>();
            List<Integer> again = new ArrayList<>();
            for (int k = 0; k < results.size(); k++) {
                JsonNode res = results.get(k);
                String error = res.path("error").asText("");
                if (error.isEmpty()) {
                    ok++;
                } else if (error.equals("POOL_FULL") || error.equals("busy")) {
                    again.add(b.indices()[k]);
                } else {
                    bad.add(error + ": " + res.path("detail").asText());
                }
            }
            return new Outcome(ok, bad, again.stream().mapToInt(Integer::intValue).toArray(), retryAfter(o, r), false);
        } catch (IOException e) {
            return new Outcome(0, List.of(), b.indices(), 500, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(0, List.of(), b.indices(), 500, true);
        }
    }

    /**
     * A binary batch. The answer counts what was taken and lists only the entries that were not, by index; when
     * it does not account for every entry (not the node's answer), the whole batch is sent again: a transaction
     * already pooled comes back as taken, so nothing is counted twice as lost or dropped.
     */
    private Outcome sendBinary(BenchRound round, Batch b) throws IOException {
        int[] idx = b.indices();
        byte[] body = b.body() != null ? b.body() : TransactionBatchBody.encode(entries(round, idx));
        BenchHttp.Response r = pools.get(b.node()).post("/api/v1/transactions/batch", TransactionBatchBody.MEDIA_TYPE,
                body);
        CompactAnswer o = CompactAnswer.parse(r.body());
        if ((r.status() == 503 || r.status() == 429) && o.refused() == null) {
            return new Outcome(0, List.of(), idx, retryAfter(o.retryAfterMs(), r.retryAfter()), false); // busy: nothing looked at
        }
        int accepted = o.accepted();
        if (o.refused() == null || accepted < 0 || accepted + o.refused().size() != idx.length) {
            return new Outcome(0, List.of(), idx, 500, true);
        }
        List<String> bad = new ArrayList<>();
        int[] again = new int[o.refused().size()];
        int retry = 0;
        for (CompactAnswer.Refusal res : o.refused()) {
            int k = res.index();
            if (k < 0 || k >= idx.length) {
                return new Outcome(0, List.of(), idx, 500, true);
            }
            String error = res.error();
            if (error.equals("POOL_FULL") || error.equals("busy")) {
                again[retry++] = idx[k];
            } else {
                bad.add(error + ": " + res.detail());
            }
        }
        return new Outcome(accepted, bad, Arrays.copyOf(again, retry), retryAfter(o.retryAfterMs(), r.retryAfter()), false);
    }

    /** Whether a batch of these goes out in the binary form (the single endpoint takes one transaction as JSON). */
    private boolean binary(int[] indices) {
        return format == Format.BINARY && !(indices.length == 1 && batchSize == 1);
    }

    private static List<byte[]> entries(BenchRound round, int[] idx) {
        List<byte[]> entries = new ArrayList<>(idx.length);
        for (int i : idx) {
            entries.add(round.encoded[i]);
        }
        return entries;
    }

    private static long retryAfter(JsonNode body, HttpResponse<?> r) {
        return retryAfter(body.path("retryAfterMs").asLong(0), r);
    }

    /** {@code ms}: the body's {@code retryAfterMs}, 0 if absent; else the {@code Retry-After} header's seconds. */
    private static long retryAfter(long ms, HttpResponse<?> r) {
        return retryAfter(ms, r.headers().firstValue("Retry-After").orElse(null));
    }

    /** As above, with the {@code Retry-After} header's value (null when absent). */
    private static long retryAfter(long ms, String header) {
        if (ms > 0) {
            return ms;
        }
        if (header == null) {
            return 1000L;
        }
        try {
            return Long.parseLong(header.trim()) * 1000;
        } catch (NumberFormatException e) {
            return 1000L;
        }
    }
}
