package org.stakechain.network;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.stakechain.crypto.Hash;
import org.stakechain.network.wire.DisconnectReason;
import org.stakechain.network.wire.HostPort;
import org.stakechain.network.wire.MessageCodec;
import org.stakechain.network.wire.NodeId;
import org.stakechain.network.wire.PeerMessage;

/**
 * One connection to one other node, the same object whether we accepted it (inbound, we are the WebSocket server)
 * or opened it (outbound, we are the client). It owns the send queues, the handshake state, the rate limits and
 * the score; what the messages mean is {@link Network}'s business.
 *
 * <p>Two send queues: consensus frames ({@link #isUrgent}) go before any gossip already waiting, each queue in its
 * own order. Under a flood a peer's queue holds megabytes of transaction batches, and a proposal or a vote queued
 * behind them reached some attestors after the round's propose timeout (docs/performance.md, "Consensus frames
 * before gossip (round 12)"); CometBFT gives its consensus channels priority over the mempool's for the same
 * reason. A proposal that overtakes the batches carrying its transactions is rebuilt from the receiver's pool or,
 * lacking some, fetched whole — as when the batches never came.
 */
final class Peer {
    enum State { HANDSHAKING, READY, CLOSED }

    private record Out(byte[] frame, Runnable after) {
    }

    private final Network network;
    private final Connection connection;
    private final Direction direction;
    private final HostPort remote;
    private final Hash challenge;
    private final long openedAt;
    private final TokenBucket messageBucket;
    private final TokenBucket byteBucket;
    private final long maxQueuedBytes;
    private final AtomicBoolean finished = new AtomicBoolean();

    private volatile State state = State.HANDSHAKING;
    private volatile boolean helloSent;
    private volatile boolean opened;
    private volatile boolean wasReady;
    private volatile NodeId id;
    private volatile HostPort listenAddress;
    private volatile long bestHeight;
    private volatile long lastReceived;
    private volatile long lastPingSent;

    private int score;
    private final Deque<Out> urgent = new ArrayDeque<>();
    private final Deque<Out> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean sending;
    private boolean closingQueue;
    private final Deque<PeerMessage.SyncRequest> pendingSyncs = new ArrayDeque<>();
    /** Batches asked of this peer and not yet served; guarded by the network's fetch table. */
    int fetchesInFlight;
    /** Proposals and decided blocks asked of this peer and not yet served; guarded like {@link #fetchesInFlight}. */
    int blockFetchesInFlight;

    Peer(Network network, Connection connection, Direction direction, HostPort remote, Hash challenge, long now,
         NetworkConfig config) {
        this.network = network;
        this.connection = connection;
        this.direction = direction;
        this.remote = remote;
        this.challenge = challenge;
        this.openedAt = now;
        this.lastReceived = now;
        this.lastPingSent = now;
        this.messageBucket = new TokenBucket(config.messageBurst(), config.messagesPerSecond(), now);
        this.byteBucket = new TokenBucket(config.byteBurst(), config.bytesPerSecond(), now);
        this.maxQueuedBytes = config.maxOutboundQueueBytes();
        if (direction == Direction.OUTBOUND) {
            listenAddress = remote;
        }
    }

    Network network() {
        return network;
    }

    // ---- transport events (WebSocket threads) ----

    void onFrame(byte[] frame) {
        network.onFrame(this, frame);
    }

    /** A frame in the transport's buffer, valid during this call only. */
    void onFrame(java.nio.ByteBuffer frame) {
        network.onFrame(this, frame);
    }

    void onOversizedFrame(long size) {
        network.onOversizedFrame(this, size);
    }

    void onTextFrame() {
        network.penalize(this, Misbehaviour.UNDECODABLE_FRAME, "text frame; the protocol is binary");
    }

    void onTransportClosed(int code, String reason) {
        if (code == 1009) { // Jetty's own message-size guard fired before ours could
            network.penalize(this, Misbehaviour.OVERSIZED_FRAME, "message too big for the socket");
        }
        finish(DisconnectReason.CONNECTION_LOST, "socket closed (" + code + (reason == null || reason.isEmpty()
                ? "" : " " + reason) + ")", true);
        connection.abort();
    }

    void markOpened() {
        opened = true;
    }

    boolean wasOpened() {
        return opened;
    }

    // ---- sending ----

    boolean send(PeerMessage message) {
        return sendFrame(MessageCodec.encode(message));
    }

    boolean sendFrame(byte[] frame) {
        return enqueue(new Out(frame, null), false);
    }

    /**
     * Frames consensus waits on — proposals (whole, compact, or served as a block frame), votes, decided blocks and
     * their announcements and requests — and pings, whose answer tells the peer's liveness.
     */
    static boolean isUrgent(byte[] frame) {
        if (frame.length == 0) {
            return false;
        }
        switch (frame[0] & 0xff) {
            case PeerMessage.TAG_PROPOSAL, PeerMessage.TAG_VOTE, PeerMessage.TAG_DECIDED,
                    PeerMessage.TAG_BLOCK_ANNOUNCEMENT, PeerMessage.TAG_GET_BLOCK_FRAME, PeerMessage.TAG_BLOCK_FRAME,
                    PeerMessage.TAG_COMPACT_PROPOSAL, PeerMessage.TAG_PING, PeerMessage.TAG_PONG:
                return true;
            default:
                return false;
        }
    }

    /**
     * Our Challenge and Hello, the first frames of a connection: they join the urgent queue so that nothing urgent
     * overtakes them. This side is ready (and may send a vote) once the peer's Hello has arrived, which can be
     * before our own Hello has left, and a vote ahead of it would be a protocol error there.
     */
    private static boolean isHandshake(byte[] frame) {
        return frame.length > 0
                && ((frame[0] & 0xff) == PeerMessage.TAG_CHALLENGE || (frame[0] & 0xff) == PeerMessage.TAG_HELLO);
    }

    private boolean enqueue(Out out, boolean last) {
        boolean tooSlow = false;
        synchronized (this) {
            if (closingQueue) {
                return false;
            }
            if (last) {
                closingQueue = true;
            } else if (queuedBytes + out.frame.length > maxQueuedBytes) {
                tooSlow = true;
            }
            if (!tooSlow) {
                // the closing frame goes last of all: nothing is queued after it, and urgent frames go first
                (!last && (isUrgent(out.frame) || isHandshake(out.frame)) ? urgent : queue).add(out);
                queuedBytes += out.frame.length;
            }
        }
        if (tooSlow) {
            if (finish(DisconnectReason.TOO_SLOW, "more than " + maxQueuedBytes + " bytes waiting to be sent", false)) {
                connection.abort();
            }
            return false;
        }
        pump();
        return true;
    }

    private void pump() {
        while (true) {
            Out next;
            synchronized (this) {
                if (sending || (urgent.isEmpty() && queue.isEmpty())) {
                    return;
                }
                next = urgent.isEmpty() ? queue.poll() : urgent.poll();
                sending = true;
            }
            CompletableFuture<Void> sent = connection.send(next.frame);
            if (sent.isDone()) {
                if (!sent(next, sent)) {
                    return;
                }
                continue;
            }
            sent.whenComplete((v, e) -> {
                if (sent(next, sent)) {
                    pump();
                }
            });
            return;
        }
    }

    private boolean sent(Out out, CompletableFuture<Void> result) {
        synchronized (this) {
            sending = false;
            queuedBytes -= out.frame.length;
        }
        if (result.isCompletedExceptionally()) {
            onTransportClosed(1006, "send failed");
            return false;
        }
        if (out.after != null) {
            out.after.run();
        }
        return true;
    }

    synchronized boolean hasQueued() {
        return sending || !urgent.isEmpty() || !queue.isEmpty();
    }

    // ---- ending ----

    /** Sends Disconnect with the reason, then closes the socket. The first reason wins; later calls do nothing. */
    void disconnect(DisconnectReason reason, String detail) {
        if (!finish(reason, detail, false)) {
            return;
        }
        int code = reason == DisconnectReason.REQUESTED || reason == DisconnectReason.SHUTTING_DOWN ? 1000 : 1008;
        byte[] bye = MessageCodec.encode(new PeerMessage.Disconnect(reason, detail));
        if (!enqueue(new Out(bye, () -> connection.close(code, reason.name())), true)) {
            connection.abort();
        }
        network.abortLater(this);
    }

    void onDisconnectMessage(PeerMessage.Disconnect message) {
        finish(message.reason(), message.detail(), true);
        connection.close(1000, "bye");
        network.abortLater(this);
    }

    void abort() {
        connection.abort();
    }

    private boolean finish(DisconnectReason reason, String detail, boolean byRemote) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        state = State.CLOSED;
        network.onClosed(this, reason, detail, byRemote);
        return true;
    }

    // ---- handshake and bookkeeping ----

    Hash challenge() {
        return challenge;
    }

    boolean helloSent() {
        return helloSent;
    }

    void markHelloSent() {
        helloSent = true;
    }

    void ready(PeerMessage.Hello hello, long now) {
        id = hello.nodeId();
        bestHeight = hello.bestFinalHeight();
        if (direction == Direction.INBOUND && hello.listenPort() > 0) {
            listenAddress = new HostPort(remote.host(), hello.listenPort());
        }
        wasReady = true;
        lastReceived = now;
        lastPingSent = now;
        state = State.READY;
    }

    State state() {
        return state;
    }

    boolean wasReady() {
        return wasReady;
    }

    NodeId id() {
        return id;
    }

    Direction direction() {
        return direction;
    }

    HostPort remote() {
        return remote;
    }

    /** Where the peer accepts connections: the dialed address, or the remote host with the port from its Hello. */
    HostPort listenAddress() {
        return listenAddress;
    }

    long openedAt() {
        return openedAt;
    }

    long bestHeight() {
        return bestHeight;
    }

    void bestHeight(long height) {
        bestHeight = height;
    }

    void raiseBestHeight(long height) {
        if (height > bestHeight) {
            bestHeight = height;
        }
    }

    void touch(long now) {
        lastReceived = now;
    }

    long lastReceived() {
        return lastReceived;
    }

    long lastPingSent() {
        return lastPingSent;
    }

    void pinged(long now) {
        lastPingSent = now;
    }

    boolean takeTokens(int bytes, long now) {
        boolean message = messageBucket.tryTake(1, now);
        boolean volume = byteBucket.tryTake(bytes, now);
        return message && volume;
    }

    synchronized int adjustScore(int delta, int max) {
        score = Math.min(max, score + delta);
        return score;
    }

    synchronized int score() {
        return score;
    }

    synchronized void expectSync(PeerMessage.SyncRequest request) {
        if (pendingSyncs.size() >= 16) {
            pendingSyncs.poll();
        }
        pendingSyncs.add(request);
    }

    synchronized PeerMessage.SyncRequest takePendingSync() {
        return pendingSyncs.poll();
    }

    PeerInfo info() {
        return new PeerInfo(id, listenAddress != null ? listenAddress : remote, direction, score(), bestHeight);
    }

    @Override
    public String toString() {
        return "Peer[" + (id == null ? "?" : id.shortHex()) + " " + direction + " " + remote + " " + state + "]";
    }
}
