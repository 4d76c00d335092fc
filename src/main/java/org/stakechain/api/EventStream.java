package org.stakechain.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.stakechain.crypto.Address;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.Receipt;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.node.NodeEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events}: the node's events as server-sent events ({@code block}, {@code tx},
 * {@code slashing}, {@code round}), a comment heartbeat on idle streams, and a bound on concurrent clients.
 * Events are written on the node's event thread; a client whose write fails is dropped.
 */
final class EventStream implements NodeEvents, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiConfig config;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-heartbeat");
        t.setDaemon(true);
        return t;
    });

    EventStream(ApiConfig config) {
        this.config = config;
        long every = Math.max(1, config.heartbeat().toMillis());
        heartbeat.scheduleWithFixedDelay(() -> comment("heartbeat"), every, every, TimeUnit.MILLISECONDS);
    }

    boolean full() {
        return clients.size() >= config.maxSseClients();
    }

    int clients() {
        return clients.size();
    }

    /** Javalin's SSE handler: registers the client and keeps the stream open until it disconnects. */
    void connect(SseClient client) {
        if (full()) {
            client.sendEvent("error", "{\"error\":\"too_many_streams\",\"detail\":\"the node serves at most "
                    + config.maxSseClients() + " event streams\"}");
            client.close();
            return;
        }
        client.onClose(() -> clients.remove(client));
        client.keepAlive();
        synchronized (client) {
            clients.add(client);
            client.sendComment("connected");
        }
    }

    private void send(String event, ObjectNode data) {
        send(event, data.toString());
    }

    private void send(String event, String text) {
        writeToEach(c -> c.sendEvent(event, text));
    }

    private void comment(String text) {
        writeToEach(c -> c.sendComment(text));
    }

    /** One write to a stream; may fail with an I/O error, which drops that client. */
    private interface StreamWrite {
        void to(SseClient client) throws IOException;
    }

    /** The write to every open stream; a stream that is closed or fails is dropped (and closed). */
    private void writeToEach(StreamWrite write) {
        for (SseClient c : clients) {
            try {
                if (c.terminated()) {
                    clients.remove(c);
                } else {
                    // one writer at a time per stream: Jetty refuses a write while another is in progress, and
                    // the consensus thread, the heartbeat and connect() all write
                    synchronized (c) {
                        write.to(c);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("event stream client dropped: {}", e.toString());
                clients.remove(c);
                try {
                    c.close();
                } catch (RuntimeException closing) {
                    // dropped anyway
                }
            }
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        for (SseClient c : clients) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // closing anyway
            }
        }
        clients.clear();
    }

    // ------------------------------------------------------------------ node events

    @Override
    public void onBlockFinal(FinalBlock fb) {
        if (clients.isEmpty()) {
            return;
        }
        send("block", blockEvent(fb));
    }

    static ObjectNode blockEvent(FinalBlock fb) {
        Block b = fb.block();
        ObjectNode o = JSON.createObjectNode();
        o.put("height", b.height());
        o.put("hash", b.hash().hex());
        o.put("round", b.header().round());
        o.put("timestamp", b.header().timestampMillis());
        o.put("forger", b.header().forger().address().text());
        if (fb.draw() != null) {
            o.put("ticket", fb.draw().ticket());
            o.put("coinTicket", fb.draw().coinTicket());
            o.put("totalTickets", fb.draw().totalTickets());
        } else {
            o.putNull("ticket");
            o.putNull("coinTicket");
            o.put("totalTickets", fb.validators().totalStake());
        }
        o.put("txCount", b.transactions().size());
        o.put("confirmedStakeUnits", fb.confirmedStake());
        o.put("totalStakeUnits", fb.validators().totalStake());
        ArrayNode confs = o.putArray("confirmations");
        for (CommitCertificate.Confirmation c : fb.certificate().confirmations()) {
            confs.addObject().put("address", c.validator().address().text())
                    .put("stakeUnits", fb.validators().stakeOf(c.validator()));
        }
        return o;
    }

    /**
     * A block's "tx" events, one per transaction, written to each stream at once and flushed once: one write and
     * one network packet per block instead of one per transaction (thousands a second under load).
     */
    @Override
    public void onTransactionsFinal(Block block, List<Receipt> receipts) {
        if (clients.isEmpty()) {
            return;
        }
        List<Transaction> txs = block.transactions();
        int n = Math.min(txs.size(), receipts.size());
        StringBuilder s = new StringBuilder(n * 140);
        for (int i = 0; i < n; i++) {
            s.append("event: tx\ndata: ").append(transactionEvent(txs.get(i), block.height(), receipts.get(i)))
                    .append("\n\n");
        }
        byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
        writeToEach(c -> {
            OutputStream out = c.ctx().res().getOutputStream();
            out.write(bytes);
            out.flush();
        });
    }

    /**
     * The "tx" event's JSON, written directly: one per final transaction (thousands per block), where a tree of
     * nodes serialized afterwards cost several times the allocation. Same text as the tree's:
     * {@code {"hash":"..","height":7,"status":"final","failure":null}}.
     */
    static String transactionEvent(Transaction tx, long height, Receipt receipt) {
        StringBuilder s = new StringBuilder(128).append("{\"hash\":\"").append(tx.hash().hex())
                .append("\",\"height\":").append(height).append(",\"status\":\"final\",\"failure\":");
        Optional<String> failure = receipt.failure();
        if (failure.isPresent()) {
            s.append('"').append(JsonStringEncoder.getInstance().quoteAsString(failure.get())).append('"');
        } else {
            s.append("null");
        }
        return s.append('}').toString();
    }

    @Override
    public void onSlashing(Address offender, long height, long slashedUnits, Address reporter) {
        send("slashing", JSON.createObjectNode().put("offender", offender.text()).put("height", height)
                .put("slashed", Coins.format(slashedUnits)).put("reporter", reporter.text()));
    }

    @Override
    public void onRoundChange(long height, int round, String step) {
        if (clients.isEmpty()) {
            return;
        }
        send("round", JSON.createObjectNode().put("height", height).put("round", round).put("step", step));
    }
}
