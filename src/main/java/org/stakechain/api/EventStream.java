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
import java.util.Map;
import java.util.Optional;
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
 * Events are written on the node's event thread; a client whose write fails is dropped. A client may ask for some
 * types only ({@code ?types=block,round}): the others are neither formatted nor written for it, and an event no
 * client asked for is not formatted at all (a block's {@code tx} events are one per transaction, thousands a
 * second under load, and a follower of final blocks needs only the {@code block} event).
 */
final class EventStream implements NodeEvents, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The event types, each a bit of a client's mask. */
    static final List<String> TYPES = List.of("block", "tx", "slashing", "round");
    static final int BLOCK = 1;
    static final int TX = 1 << 1;
    static final int SLASHING = 1 << 2;
    static final int ROUND = 1 << 3;
    static final int ALL = BLOCK | TX | SLASHING | ROUND;
    /** The context attribute that carries a stream's mask from the route (where it is checked) to connect(). */
    static final String TYPES_ATTRIBUTE = "stakechain.eventTypes";

    private final ApiConfig config;
    /** "tx" events formatted so far (written by the event thread only): none while no stream asks for them. */
    private volatile long txEventsFormatted;
    /** Each open stream and the mask of the event types it asked for. */
    private final Map<SseClient, Integer> clients = new ConcurrentHashMap<>();
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

    long txEventsFormatted() {
        return txEventsFormatted;
    }

    /** Javalin's SSE handler: registers the client and keeps the stream open until it disconnects. */
    void connect(SseClient client) {
        if (full()) {
            client.sendEvent("error", "{\"error\":\"too_many_streams\",\"detail\":\"the node serves at most "
                    + config.maxSseClients() + " event streams\"}");
            client.close();
            return;
        }
        Integer mask = client.ctx().attribute(TYPES_ATTRIBUTE);
        client.onClose(() -> clients.remove(client));
        client.keepAlive();
        synchronized (client) {
            clients.put(client, mask == null ? ALL : mask);
            client.sendComment("connected");
        }
    }

    /**
     * The mask of a {@code types} query parameter: comma-separated names, possibly repeated ({@code ?types=block&types=tx});
     * none (or only empty names) means every type. An unknown name is refused (400 {@code bad_event_types}).
     */
    static int parseTypes(List<String> values) {
        int mask = 0;
        for (String value : values) {
            for (String name : value.split(",", -1)) {
                String t = name.trim();
                if (t.isEmpty()) {
                    continue;
                }
                int i = TYPES.indexOf(t);
                if (i < 0) {
                    throw new ApiServer.ApiError(400, "bad_event_types", "unknown event type \""
                            + (t.length() > 40 ? t.substring(0, 40) + "…" : t) + "\" in types: the types are "
                            + String.join(", ", TYPES) + " (comma-separated; none means all)");
                }
                mask |= 1 << i;
            }
        }
        return mask == 0 ? ALL : mask;
    }

    /** Whether any open stream asked for events of this type (so they are worth formatting). */
    boolean wanted(int type) {
        for (int mask : clients.values()) {
            if ((mask & type) != 0) {
                return true;
            }
        }
        return false;
    }

    private void send(int type, String event, ObjectNode data) {
        send(type, event, data.toString());
    }

    /**
     * Written as the bytes Javalin's {@code sendEvent} writes ({@code event:}, one {@code data:} line per line of
     * the text, a blank line), formatted once for all streams: Javalin wraps each event's text in a buffered
     * reader (~40 KB of fresh buffers per event, per stream).
     */
    private void send(int type, String event, String text) {
        byte[] frame = sseFrame(event, text);
        writeToEach(type, c -> {
            OutputStream out = c.ctx().res().getOutputStream();
            out.write(frame);
            out.flush();
        });
    }

    /**
     * An SSE event: {@code event: <event>}, each line of {@code text} (split at CR, LF or CRLF, as Javalin's
     * BufferedReader does) as a data line, then a blank line.
     */
    static byte[] sseFrame(String event, String text) {
        StringBuilder s = new StringBuilder(text.length() + event.length() + 16).append("event: ").append(event)
                .append('\n');
        int start = 0;
        int n = text.length();
        for (int i = 0; i <= n; i++) {
            char ch = i < n ? text.charAt(i) : '\n';
            if (i == n && start == n) {
                break; // like BufferedReader's lines: no empty line after a final line break, none for ""
            }
            if (ch == '\n' || ch == '\r') {
                s.append("data: ").append(text, start, i).append('\n');
                if (ch == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        return s.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private void comment(String text) {
        writeToEach(ALL, c -> c.sendComment(text));
    }

    /** One write to a stream; may fail with an I/O error, which drops that client. */
    private interface StreamWrite {
        void to(SseClient client) throws IOException;
    }

    /**
     * The write to every open stream that asked for this type (any of the mask's bits); a stream that is closed or
     * fails is dropped (and closed).
     */
    private void writeToEach(int type, StreamWrite write) {
        for (Map.Entry<SseClient, Integer> e : clients.entrySet()) {
            if ((e.getValue() & type) == 0) {
                continue;
            }
            SseClient c = e.getKey();
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
            } catch (IOException | RuntimeException failure) {
                LOG.debug("event stream client dropped: {}", failure.toString());
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
        for (SseClient c : clients.keySet()) {
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
        if (!wanted(BLOCK)) {
            return;
        }
        send(BLOCK, "block", blockEvent(fb));
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
        if (!wanted(TX)) {
            return; // no stream asked for them: not one is formatted
        }
        List<Transaction> txs = block.transactions();
        int n = Math.min(txs.size(), receipts.size());
        txEventsFormatted += n;
        EventBytes events = transactionEvents(txs, block.height(), receipts, n);
        writeToEach(TX, c -> {
            OutputStream out = c.ctx().res().getOutputStream();
            out.write(events.buf, 0, events.size);
            out.flush();
        });
    }

    private static final byte[] TX_EVENT_START = "event: tx\ndata: {\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TX_EVENT_HEIGHT = "\",\"height\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TX_EVENT_FAILURE = ",\"status\":\"final\",\"failure\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TX_EVENT_SUCCESS_END = "null}\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TX_EVENT_FAILURE_END = "\"}\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int EVENT_FRAMING = "event: tx\ndata: ".length();

    /**
     * A block's "tx" events as the UTF-8 bytes of the stream, written straight into one array: one event per final
     * transaction (thousands per block), where a String per event, its hash's hex String and the block's text
     * copied into bytes at the end were ~2% of a node's allocation at the maximum rate.
     */
    static EventBytes transactionEvents(List<Transaction> txs, long height, List<Receipt> receipts, int n) {
        byte[] heightBytes = Long.toString(height).getBytes(StandardCharsets.US_ASCII);
        EventBytes out = new EventBytes(n * (TX_EVENT_START.length + 64 + TX_EVENT_HEIGHT.length + heightBytes.length
                + TX_EVENT_FAILURE.length + TX_EVENT_SUCCESS_END.length));
        for (int i = 0; i < n; i++) {
            out.append(TX_EVENT_START);
            out.hex(txs.get(i).hash());
            out.append(TX_EVENT_HEIGHT);
            out.append(heightBytes);
            out.append(TX_EVENT_FAILURE);
            Optional<String> failure = receipts.get(i).failure();
            if (failure.isPresent()) {
                out.append((byte) '"');
                out.append(JsonStringEncoder.getInstance().quoteAsUTF8(failure.get()));
                out.append(TX_EVENT_FAILURE_END);
            } else {
                out.append(TX_EVENT_SUCCESS_END);
            }
        }
        return out;
    }

    /**
     * The "tx" event's JSON, as {@link #transactionEvents} writes it (tests): the same text a Jackson tree gave,
     * {@code {"hash":"..","height":7,"status":"final","failure":null}}.
     */
    static String transactionEvent(Transaction tx, long height, Receipt receipt) {
        EventBytes one = transactionEvents(List.of(tx), height, List.of(receipt), 1);
        return new String(one.buf, EVENT_FRAMING, one.size - EVENT_FRAMING - 2, StandardCharsets.UTF_8);
    }

    /** A growable byte array the events are written into; {@code buf[0, size)} is the text. */
    static final class EventBytes {
        byte[] buf;
        int size;

        EventBytes(int capacity) {
            buf = new byte[Math.max(capacity, 16)];
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        void append(byte b) {
            ensure(1);
            buf[size++] = b;
        }

        void append(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, size, bytes.length);
            size += bytes.length;
        }

        void hex(org.stakechain.crypto.Hash hash) {
            ensure(2 * org.stakechain.crypto.Hash.LENGTH);
            for (int i = 0; i < org.stakechain.crypto.Hash.LENGTH; i++) {
                int b = hash.byteAt(i);
                buf[size++] = HEX_DIGITS[(b >>> 4) & 0xf];
                buf[size++] = HEX_DIGITS[b & 0xf];
            }
        }

        String text() {
            return new String(buf, 0, size, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void onSlashing(Address offender, long height, long slashedUnits, Address reporter) {
        if (!wanted(SLASHING)) {
            return;
        }
        send(SLASHING, "slashing", JSON.createObjectNode().put("offender", offender.text()).put("height", height)
                .put("slashed", Coins.format(slashedUnits)).put("reporter", reporter.text()));
    }

    @Override
    public void onRoundChange(long height, int round, String step) {
        if (!wanted(ROUND)) {
            return;
        }
        send(ROUND, "round", JSON.createObjectNode().put("height", height).put("round", round).put("step", step));
    }
}
