package org.stakechain.network;

import io.javalin.Javalin;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BiConsumer;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.consensus.Verdict;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.RecentHashes;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.SignedProposal;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.network.wire.DisconnectReason;
import org.stakechain.network.wire.HostPort;
import org.stakechain.network.wire.MessageCodec;
import org.stakechain.network.wire.NodeId;
import org.stakechain.network.wire.PeerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer-to-peer network of one node: a WebSocket server that accepts peers and, at the same time, a WebSocket
 * client of the peers it dials (bootnodes, then addresses learned by peer exchange). After the handshake both kinds
 * are the same {@link Peer}; gossip, sync and scoring do not care who dialed.
 *
 * <p>Threads: frames are decoded and checked on the WebSocket thread that received them (Jetty's for inbound, the
 * HttpClient's for outbound); everything the node is told happens on one event thread ({@link NetworkListener});
 * serving sync requests on a sync thread; timers (dialing, pings, timeouts, peer exchange) on one scheduler thread.
 */
public final class Network {
    private static final Logger LOG = LoggerFactory.getLogger(Network.class);
    private static final int MAX_KNOWN_ADDRESSES = 1_000;
    private static final int MAX_SCORE = 100;
    private static final long ABORT_AFTER_MILLIS = 2_000;
    /** Batches being fetched at once, in all and from one peer; announcements beyond are not followed. */
    static final int MAX_FETCHES = 4_096;
    static final int MAX_FETCHES_PER_PEER = 256;
    /**
     * Proposals and decided blocks being fetched from one peer at once. Counted apart from batches so that a peer
     * with many batches in flight is still asked for the block it announced (along a line, the only way it comes).
     */
    static final int MAX_BLOCK_FETCHES_PER_PEER = 8;
    /** Other announcers of a batch or block frame being fetched, asked in turn if the first does not serve it. */
    private static final int MAX_ALTERNATIVES = 4;

    private final NetworkConfig config;
    private final NetworkListener listener;
    private final Clock clock;
    private final Random random;
    private final NodeId self;
    private final SecureRandom challenges = new SecureRandom();
    /**
     * Ids of recently seen gossip (SHA-256 of a consensus frame, a batch id, a transaction's hash), the oldest
     * forgotten first. Forgetting is safe: a message seen again after that is judged again by the node and ignored
     * as a duplicate.
     */
    private final RecentHashes seen;
    private final AtomicLong duplicateConsensusFrames = new AtomicLong();
    /**
     * Votes handed to the node and not yet judged, each with the peers that sent a copy meanwhile: in a mesh
     * every peer relays each vote, and a peer that sent this node a vote needs no copy back. Entries live only
     * until the verdict (bounded by {@link #MAX_PENDING_RELAYS}), so a copy that arrives later is not recorded.
     */
    private final ConcurrentHashMap<Hash, Set<NodeId>> pendingRelays = new ConcurrentHashMap<>();
    static final int MAX_PENDING_RELAYS = 10_000;
    private final AtomicLong skippedRelays = new AtomicLong();
    private final AtomicLong duplicateTransactionFrames = new AtomicLong();
    private final AtomicLong fetchedBatches = new AtomicLong();
    private final AtomicLong fetchedBlockFrames = new AtomicLong();
    private final AtomicLong rebuiltProposals = new AtomicLong();
    private final AtomicLong compactMisses = new AtomicLong();
    private final AtomicLong compactMissingTransactions = new AtomicLong();
    private final AtomicLongArray receivedBytesByTag = new AtomicLongArray(256);
    private final AtomicLongArray receivedFramesByTag = new AtomicLongArray(256);
    private final RelayCache relayCache;
    private volatile SentProposal lastProposal;
    /**
     * Ids of the batches and block frames (proposals, decided blocks) this node announced, remembered longer than
     * the relay cache holds their frames: a request for one that was announced but has left the cache is not the
     * asker's fault (it only goes unserved, and the asker turns to another announcer); a request for one never
     * announced is.
     */
    private final RecentHashes announced;
    /**
     * Batches and block frames asked for after an announcement, by id; guarded by itself (and Peer.fetchesInFlight,
     * Peer.blockFetchesInFlight with it).
     */
    private final Map<Hash, Fetch> fetches = new HashMap<>();
    private final Set<Peer> connections = ConcurrentHashMap.newKeySet();
    private final Map<NodeId, Peer> ready = new ConcurrentHashMap<>();
    private final Map<HostPort, DialState> addressBook = new ConcurrentHashMap<>();
    private final Set<HostPort> selfAddresses = ConcurrentHashMap.newKeySet();
    private final Map<NodeId, Long> bans = new ConcurrentHashMap<>();
    private final Map<String, Peer> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger pendingDials = new AtomicInteger();

    private volatile long bestFinalHeight;
    private volatile int port;
    private volatile boolean running;
    private long nextExchangeAt;
    private Javalin server;
    private HttpClient client;
    private ExecutorService clientExecutor;
    private ScheduledExecutorService scheduler;
    private ExecutorService events;
    private ExecutorService sync;

    /** What we know about an address we may dial. Guarded by itself. */
    private static final class DialState {
        final boolean boot;
        int failures;
        long nextAttemptAt;
        boolean active;

        DialState(boolean boot) {
            this.boot = boot;
        }
    }

    /**
     * A batch (or, if {@code block}, a Proposal or Decided frame) asked of {@code from}, due by {@code deadline}; the
     * other peers that announced it wait in line.
     */
    private static final class Fetch {
        final boolean block;
        /**
         * A compact proposal from {@code from} being rebuilt from the pool: nothing asked yet (no deadline); if the
         * pool lacks a transaction the whole frame is asked of {@code from}, and the fetch goes on like any other.
         */
        boolean rebuilding;
        Peer from;
        long deadline;
        final ArrayDeque<Peer> alternatives = new ArrayDeque<>(2);

        Fetch(boolean block, Peer from, long deadline) {
            this.block = block;
            this.from = from;
            this.deadline = deadline;
        }

        /** Counts this fetch as one more ({@code +1}) or one fewer ({@code -1}) in flight at {@code peer}. */
        void count(Peer peer, int delta) {
            if (block) {
                peer.blockFetchesInFlight += delta;
            } else {
                peer.fetchesInFlight += delta;
            }
        }

        boolean hasRoomAt(Peer peer) {
            return block ? peer.blockFetchesInFlight < MAX_BLOCK_FETCHES_PER_PEER
                    : peer.fetchesInFlight < MAX_FETCHES_PER_PEER;
        }
    }

    /**
     * @param random for reconnect jitter and ping nonces (inject a seeded one in tests); handshake challenges always
     *               come from a {@link SecureRandom}
     */
    public Network(NetworkConfig config, NetworkListener listener, Clock clock, Random random) {
        this.config = config;
        this.listener = listener;
        this.clock = clock;
        this.random = random;
        this.self = NodeId.of(config.nodeKey().publicKey());
        this.seen = new RecentHashes(config.seenCacheSize());
        this.relayCache = new RelayCache(config.relayCacheBytes());
        this.announced = new RecentHashes(config.seenCacheSize());
    }

    // ------------------------------------------------------------------ lifecycle

    /** Binds the server, starts dialing the bootnodes. Returns once the port is bound. */
    public synchronized Network start() {
        if (running || server != null) {
            throw new IllegalStateException("a Network starts once");
        }
        String name = "p2p-" + self.shortHex();
        events = Executors.newSingleThreadExecutor(daemon(name + "-events"));
        sync = Executors.newSingleThreadExecutor(daemon(name + "-sync"));
        scheduler = Executors.newSingleThreadScheduledExecutor(daemon(name + "-timer"));
        clientExecutor = Executors.newCachedThreadPool(daemon(name + "-client"));
        client = HttpClient.newBuilder().executor(clientExecutor).connectTimeout(config.handshakeTimeout()).build();
        QueuedThreadPool jettyThreads = new QueuedThreadPool(16, 2);
        jettyThreads.setName(name + "-server");
        jettyThreads.setDaemon(true);
        long jettyLimit = 2L * config.maxFrameBytes() + 1024;
        server = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.threadPool = jettyThreads;
            cfg.jetty.modifyWebSocketServletFactory(factory -> {
                // our own limit (maxFrameBytes) is checked first; Jetty's, twice as high, only bounds memory
                factory.setMaxBinaryMessageSize(jettyLimit);
                factory.setMaxFrameSize(jettyLimit);
                factory.setMaxTextMessageSize(4_096);
                factory.setIdleTimeout(config.idleTimeout().multipliedBy(2));
            });
            cfg.routes.ws(config.path(), ws -> {
                ws.onConnect(ctx -> accept(ctx.sessionId(), ctx.session));
                ws.onBinaryMessage(ctx -> {
                    Peer peer = sessions.get(ctx.sessionId());
                    if (peer != null) {
                        peer.onFrame(ctx.data());
                    }
                });
                ws.onMessage(ctx -> {
                    Peer peer = sessions.get(ctx.sessionId());
                    if (peer != null) {
                        peer.onTextFrame();
                    }
                });
                ws.onClose(ctx -> {
                    Peer peer = sessions.remove(ctx.sessionId());
                    if (peer != null) {
                        peer.onTransportClosed(ctx.status(), ctx.reason());
                    }
                });
                ws.onError(ctx -> {
                    Peer peer = sessions.remove(ctx.sessionId());
                    if (peer != null) {
                        peer.onTransportClosed(1006, String.valueOf(ctx.error()));
                    }
                });
            });
        });
        server.start(config.host(), config.port());
        port = server.port();
        try {
            selfAddresses.add(new HostPort(config.host(), port));
        } catch (IllegalArgumentException ignored) {
            // a wildcard host is not an address anyone dials
        }
        for (HostPort boot : config.bootnodes()) {
            addressBook.put(boot, new DialState(true));
        }
        running = true;
        nextExchangeAt = clock.millis() + config.peerExchangeInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, 0, config.tickInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("{} listening on {}:{}{}", self, config.host(), port, config.path());
        return this;
    }

    /** Says goodbye to every peer (Disconnect SHUTTING_DOWN), closes the server and all threads. */
    public void stop() {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
        }
        for (Peer peer : List.copyOf(connections)) {
            peer.disconnect(DisconnectReason.SHUTTING_DOWN, "node stopping");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (System.nanoTime() < deadline && connections.stream().anyMatch(Peer::hasQueued)) {
            try {
                Thread.sleep(5); // bounded wait so the goodbyes leave before the sockets do
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        scheduler.shutdownNow();
        for (Peer peer : List.copyOf(connections)) {
            peer.abort();
        }
        server.stop();
        sync.shutdownNow();
        events.shutdown();
        clientExecutor.shutdownNow();
        try {
            events.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("{} stopped; received {}; compact proposals rebuilt {}, fetched whole {} ({} transactions missing); "
                + "consensus copies dropped {}, votes not relayed back to a sender {}", self, receivedSummary(),
                rebuiltProposals.get(), compactMisses.get(), compactMissingTransactions.get(),
                duplicateConsensusFrames.get(), skippedRelays.get());
    }

    public boolean isRunning() {
        return running;
    }

    /** The port the server is bound to (the real one when the config asked for 0). */
    public int port() {
        return port;
    }

    public HostPort listenAddress() {
        return new HostPort(config.host(), port);
    }

    public NodeId nodeId() {
        return self;
    }

    public NetworkConfig config() {
        return config;
    }

    /** The node's newest final height, announced in Hello and Ping/Pong. */
    public void setBestFinalHeight(long height) {
        bestFinalHeight = height;
    }

    public long bestFinalHeight() {
        return bestFinalHeight;
    }

    // ------------------------------------------------------------------ the node's side

    /** Peers that completed the handshake, ordered by id. */
    public List<PeerInfo> peers() {
        List<PeerInfo> out = new ArrayList<>();
        for (Peer p : ready.values()) {
            out.add(p.info());
        }
        out.sort(Comparator.comparing(PeerInfo::id));
        return out;
    }

    /**
     * Sends to every connected peer; returns how many. Gossip (transactions, consensus messages) is remembered as
     * seen, so when it comes back from a peer it is not handed to the node or relayed again.
     */
    public int broadcast(PeerMessage message) {
        requireNodeMessage(message);
        byte[] frame;
        if (message instanceof PeerMessage.Consensus c && c.message() instanceof ConsensusMessage.Proposal p) {
            frame = proposalFrame(p);
        } else {
            frame = MessageCodec.encode(message);
            markSeen(message, frame);
        }
        int sent = 0;
        for (Peer p : ready.values()) {
            if (p.sendFrame(frame)) {
                sent++;
            }
        }
        return sent;
    }

    /**
     * The compact frame that announces one of this node's proposals. Peers hold nearly all of the block's
     * transactions in their pools: they get its header and the transaction ids, and ask for the whole frame (kept
     * here, under its gossip id) only if they lack any. The node sends the same proposal again while its height
     * stalls (regossip, once a second): then the frames made the first time are used again while the relay cache
     * still serves the whole one, instead of encoding and hashing the whole block again.
     */
    private byte[] proposalFrame(ConsensusMessage.Proposal p) {
        SentProposal last = lastProposal;
        if (last != null && last.proposal().equals(p.proposal()) && relayCache.get(last.id()) != null) {
            seen.add(last.id());
            announced.add(last.id());
            return last.compactFrame();
        }
        byte[] frame = MessageCodec.encode(new PeerMessage.BlockFrame(p)); // kept in the form it is served in
        Hash id = MessageCodec.blockFrameId(frame);
        seen.add(id);
        relayCache.put(id, frame);
        announced.add(id);
        byte[] compact = MessageCodec.encode(PeerMessage.CompactProposal.of(id, p));
        lastProposal = new SentProposal(p.proposal(), id, compact);
        return compact;
    }

    /** The last proposal this node broadcast, its whole frame's gossip id and its compact frame. */
    private record SentProposal(SignedProposal proposal, Hash id, byte[] compactFrame) {
    }

    public int broadcast(ConsensusMessage message) {
        return broadcast(PeerMessage.of(message));
    }

    public int broadcastTransactions(List<Transaction> transactions) {
        return broadcast(new PeerMessage.Transactions(transactions));
    }

    /** Bytes of frames received with this tag (any tag with {@code -1}), counted before any check. */
    public long receivedBytes(int tag) {
        if (tag >= 0) {
            return receivedBytesByTag.get(tag);
        }
        long sum = 0;
        for (int i = 0; i < 256; i++) {
            sum += receivedBytesByTag.get(i);
        }
        return sum;
    }

    /** Frames received with this tag. */
    public long receivedFrames(int tag) {
        return receivedFramesByTag.get(tag);
    }

    /** What was received, by kind of frame: for logs and measurements. */
    public String receivedSummary() {
        StringBuilder out = new StringBuilder();
        long bytes = 0;
        long frames = 0;
        for (int tag = 0; tag < 256; tag++) {
            long b = receivedBytesByTag.get(tag);
            long f = receivedFramesByTag.get(tag);
            if (f > 0) {
                out.append(String.format(" 0x%02x: %d frames %d bytes;", tag, f, b));
                bytes += b;
                frames += f;
            }
        }
        return frames + " frames " + bytes + " bytes (" + out.toString().trim() + ")";
    }

    /** Batches received because this node asked for them after an announcement, and new to it. */
    public long fetchedBatches() {
        return fetchedBatches.get();
    }

    /** Proposals and decided blocks received because this node asked for them after an announcement, new to it. */
    public long fetchedBlockFrames() {
        return fetchedBlockFrames.get();
    }

    /** Compact proposals rebuilt from the pool (new to this node, handed to it like a whole proposal). */
    public long rebuiltProposals() {
        return rebuiltProposals.get();
    }

    /** Compact proposals whose transactions the pool lacked in part: the whole proposal was asked for instead. */
    public long compactMisses() {
        return compactMisses.get();
    }

    /** Consensus frames dropped undecoded because the same bytes were already handled (relayed copies). */
    public long duplicateConsensusFrames() {
        return duplicateConsensusFrames.get();
    }

    /** Votes not relayed to a peer because that peer had sent this node a copy before it was judged. */
    public long skippedRelays() {
        return skippedRelays.get();
    }

    /**
     * Transaction batch frames dropped undecoded because the same batch was already handled (its id seen): a push
     * from an origin that another path brought first, or a batch asked for that meanwhile arrived otherwise.
     */
    public long duplicateTransactionFrames() {
        return duplicateTransactionFrames.get();
    }

    /** Sends to one peer; false if it is not connected. */
    public boolean send(NodeId peer, PeerMessage message) {
        requireNodeMessage(message);
        Peer p = ready.get(peer);
        if (p == null) {
            return false;
        }
        byte[] frame = MessageCodec.encode(message);
        markSeen(message, frame);
        return p.sendFrame(frame);
    }

    /** Asks {@code peer} for decided blocks; the answer arrives in {@link NetworkListener#onSyncResponse}. */
    public boolean requestSync(NodeId peer, long fromHeight, int maxCount) {
        Peer p = ready.get(peer);
        if (p == null) {
            return false;
        }
        PeerMessage.SyncRequest request = new PeerMessage.SyncRequest(fromHeight,
                Math.min(maxCount, MessageCodec.MAX_SYNC_BLOCKS));
        p.expectSync(request);
        return p.send(request);
    }

    /** Dials an address now (and keeps redialing it like a bootnode). */
    public void connect(HostPort address) {
        addressBook.put(address, new DialState(true));
        if (running) {
            scheduler.execute(() -> dialMore(clock.millis()));
        }
    }

    /** Lowers a peer's score for something the node found wrong (e.g. a sync answer with a bad certificate). */
    public void penalize(NodeId peer, Misbehaviour misbehaviour, String detail) {
        Peer p = ready.get(peer);
        if (p != null) {
            penalize(p, misbehaviour, detail);
        }
    }

    /** Closes the connection to {@code peer} with Disconnect REQUESTED. */
    public void disconnect(NodeId peer, String detail) {
        Peer p = ready.get(peer);
        if (p != null) {
            p.disconnect(DisconnectReason.REQUESTED, detail);
        }
    }

    public boolean isBanned(NodeId peer) {
        Long until = bans.get(peer);
        return until != null && until > clock.millis();
    }

    private static void requireNodeMessage(PeerMessage message) {
        if (message instanceof PeerMessage.Challenge || message instanceof PeerMessage.Hello
                || message instanceof PeerMessage.Disconnect) {
            throw new IllegalArgumentException("handshake and disconnect messages belong to the network layer");
        }
    }

    private void markSeen(PeerMessage message, byte[] frame) {
        if (message instanceof PeerMessage.Consensus) {
            seen.add(Hash.of(frame));
        } else if (message instanceof PeerMessage.Transactions t) {
            t.transactions().forEach(tx -> seen.add(tx.hash()));
            seen.add(MessageCodec.batchId(frame)); // peers announce it back by this id
        }
    }

    // ------------------------------------------------------------------ connections

    private void accept(String sessionId, org.eclipse.jetty.websocket.api.Session session) {
        HostPort remote = remoteOf(session.getRemoteSocketAddress());
        Peer peer = new Peer(this, new ServerConnection(session), Direction.INBOUND, remote, newChallenge(),
                clock.millis(), config);
        sessions.put(sessionId, peer);
        if (!running || connections.size() >= 2 * config.maxPeers() + 8) {
            peer.markOpened();
            connections.add(peer);
            peer.disconnect(running ? DisconnectReason.TOO_MANY_PEERS : DisconnectReason.SHUTTING_DOWN,
                    "too many connections");
            return;
        }
        onOpened(peer);
    }

    private static HostPort remoteOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getPort() > 0) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return new HostPort(host, inet.getPort());
        }
        return new HostPort("unknown", 1);
    }

    private Hash newChallenge() {
        byte[] nonce = new byte[Hash.LENGTH];
        challenges.nextBytes(nonce);
        return Hash.wrap(nonce);
    }

    void onOpened(Peer peer) {
        peer.markOpened();
        connections.add(peer);
        peer.send(new PeerMessage.Challenge(peer.challenge()));
    }

    private void dial(HostPort address, DialState state) {
        synchronized (state) {
            state.active = true;
        }
        pendingDials.incrementAndGet();
        ClientConnection connection = new ClientConnection(config.maxFrameBytes());
        Peer peer = new Peer(this, connection, Direction.OUTBOUND, address, newChallenge(), clock.millis(), config);
        connection.attach(peer);
        URI uri = URI.create("ws://" + address + config.path());
        try {
            client.newWebSocketBuilder().connectTimeout(config.handshakeTimeout()).buildAsync(uri, connection)
                    .whenComplete((ws, e) -> {
                        if (e != null) {
                            peer.onTransportClosed(1006, "cannot connect: " + rootMessage(e));
                        }
                    });
        } catch (RuntimeException e) {
            peer.onTransportClosed(1006, "cannot connect: " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** Called exactly once per peer, however it ended. */
    void onClosed(Peer peer, DisconnectReason reason, String detail, boolean byRemote) {
        connections.remove(peer);
        NodeId id = peer.id();
        if (id != null) {
            ready.remove(id, peer);
        }
        if (peer.wasReady()) {
            LOG.debug("{} disconnected from {}: {} {} ({})", self, peer, reason, detail, byRemote ? "remote" : "local");
            PeerInfo info = peer.info();
            onEvents(() -> listener.onPeerDisconnected(info, reason, detail));
        } else if (peer.wasOpened()) {
            LOG.debug("{} handshake with {} failed: {} {} ({})", self, peer, reason, detail, byRemote ? "remote" : "local");
            onEvents(() -> listener.onHandshakeFailed(peer.remote(), reason, detail, byRemote));
        }
        if (peer.direction() == Direction.OUTBOUND) {
            if (!peer.wasReady()) {
                pendingDials.decrementAndGet();
            }
            DialState state = addressBook.get(peer.remote());
            if (state != null) {
                boolean forget;
                synchronized (state) {
                    state.active = false;
                    state.failures = peer.wasReady() ? 1 : state.failures + 1;
                    state.nextAttemptAt = clock.millis() + Backoff.delayMillis(state.failures,
                            config.reconnectBase().toMillis(), config.reconnectMax().toMillis(), random);
                    forget = !state.boot && (state.failures >= config.maxDialAttempts() || isPermanent(reason));
                }
                if (forget) {
                    addressBook.remove(peer.remote(), state);
                }
            }
        }
    }

    private static boolean isPermanent(DisconnectReason reason) {
        return reason == DisconnectReason.WRONG_CHAIN || reason == DisconnectReason.WRONG_GENESIS
                || reason == DisconnectReason.INCOMPATIBLE_VERSION || reason == DisconnectReason.SELF_CONNECTION;
    }

    void abortLater(Peer peer) {
        try {
            if (running) {
                scheduler.schedule(peer::abort, ABORT_AFTER_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException ignored) {
            peer.abort();
        }
    }

    // ------------------------------------------------------------------ inbound frames (WebSocket threads)

    /** A frame in an array of its own (joined parts, tests): handed on without another copy. */
    void onFrame(Peer peer, byte[] frame) {
        onFrame(peer, ByteBuffer.wrap(frame), frame);
    }

    /**
     * A frame in a transport's buffer, valid only during this call: copied out only once it is known not to be a
     * copy of a frame already handled (in a mesh, two of every three gossip frames are).
     */
    void onFrame(Peer peer, ByteBuffer data) {
        onFrame(peer, data, null);
    }

    private void onFrame(Peer peer, ByteBuffer data, byte[] owned) {
        if (peer.state() == Peer.State.CLOSED) {
            return;
        }
        long now = clock.millis();
        peer.touch(now);
        int length = data.remaining();
        int tag = length > 0 ? data.get(data.position()) & 0xff : 0;
        receivedFramesByTag.incrementAndGet(tag);
        receivedBytesByTag.addAndGet(tag, length);
        if (length > config.maxFrameBytes()) {
            onOversizedFrame(peer, length);
            return;
        }
        if (!peer.takeTokens(length, now)) {
            penalize(peer, Misbehaviour.RATE_LIMITED, "over the message or byte rate");
            return;
        }
        Hash gossipId = null;
        if (length > 0 && peer.state() == Peer.State.READY && isConsensusTag(tag)) {
            // in a mesh every peer relays each proposal and vote: the copies after the first are the same bytes,
            // known by their hash without decoding (a full proposal is hundreds of kilobytes)
            gossipId = Hash.of(data);
            if (seen.contains(gossipId)) {
                duplicateConsensusFrames.incrementAndGet();
                Set<NodeId> holders = pendingRelays.get(gossipId);
                if (holders != null) {
                    holders.add(peer.id());
                }
                return;
            }
        } else if (length > 0 && peer.state() == Peer.State.READY
                && (tag == PeerMessage.TAG_TRANSACTIONS || tag == PeerMessage.TAG_BATCH)) {
            Hash batchId = MessageCodec.batchId(data);
            if (tag == PeerMessage.TAG_BATCH && !takeFetch(peer, batchId, false)) {
                // checked before anything is decoded: the id is the content's hash, so this is also how a batch
                // other than the one announced is caught
                penalize(peer, Misbehaviour.PROTOCOL_VIOLATION, "batch " + batchId.shortHex()
                        + " that was not asked of it");
                return;
            }
            // a batch already handled (pushed by its origin and fetched, or pushed twice) would only find every
            // transaction seen. Marked before the decode: an undecodable batch is penalised once
            if (!seen.add(batchId)) {
                duplicateTransactionFrames.incrementAndGet();
                return;
            }
            if (tag == PeerMessage.TAG_BATCH) {
                fetchedBatches.incrementAndGet();
            }
            gossipId = batchId;
        } else if (length > Hash.LENGTH && peer.state() == Peer.State.READY
                && tag == PeerMessage.TAG_COMPACT_PROPOSAL) {
            // the frame's own id comes first: a re-sent proposal is known
            if (seen.contains(hashAt(data, data.position() + 1))) {
                duplicateConsensusFrames.incrementAndGet();
                return;
            }
        } else if (length > 0 && peer.state() == Peer.State.READY && tag == PeerMessage.TAG_BLOCK_FRAME) {
            onBlockFrame(peer, data, owned);
            return;
        }
        byte[] frame = owned;
        if (frame == null) {
            frame = new byte[length];
            data.get(data.position(), frame);
        }
        PeerMessage message;
        try {
            message = MessageCodec.decode(frame, config.maxFrameBytes());
        } catch (CodecException | IllegalArgumentException e) {
            penalize(peer, Misbehaviour.UNDECODABLE_FRAME, e.getMessage());
            return;
        }
        try {
            handle(peer, message, frame, gossipId);
        } catch (RuntimeException e) {
            LOG.warn("{} failed to handle {} from {}", self, message.getClass().getSimpleName(), peer, e);
        }
    }

    /** The 32 bytes at {@code index} of {@code data} as a hash, copied once. */
    private static Hash hashAt(ByteBuffer data, int index) {
        if (data.hasArray()) {
            return Hash.copyOf(data.array(), data.arrayOffset() + index);
        }
        byte[] bytes = new byte[Hash.LENGTH];
        data.get(index, bytes);
        return Hash.wrap(bytes);
    }

    /**
     * A Proposal or Decided frame served on request: it must be one asked of this peer and not served yet, which its
     * id (the hash of the frame it carries) proves before anything is decoded; then it is handled as if pushed, the
     * frame it carries being the one announced.
     */
    private void onBlockFrame(Peer peer, ByteBuffer data, byte[] owned) {
        Hash id = MessageCodec.blockFrameId(data);
        if (!takeFetch(peer, id, true)) {
            penalize(peer, Misbehaviour.PROTOCOL_VIOLATION, "block frame " + id.shortHex()
                    + " that was not asked of it");
            return;
        }
        if (seen.contains(id)) { // the forger's push or another announcer's answer came first
            duplicateConsensusFrames.incrementAndGet();
            return;
        }
        // kept whole, BlockFrame tag included: the frame it carries is decoded in place, and the relay cache keeps
        // it in the form it is served in (no copy without the tag here, none with it again when served)
        byte[] frame = owned;
        if (frame == null) {
            frame = new byte[data.remaining()];
            data.get(data.position(), frame);
        }
        PeerMessage message;
        try {
            message = MessageCodec.decode(frame, 1, frame.length - 1, config.maxFrameBytes());
        } catch (CodecException | IllegalArgumentException e) {
            penalize(peer, Misbehaviour.UNDECODABLE_FRAME, "block frame: " + e.getMessage());
            return;
        }
        if (!(message instanceof PeerMessage.Consensus c) || c.message() instanceof ConsensusMessage.VoteMessage) {
            penalize(peer, Misbehaviour.UNDECODABLE_FRAME, "a block frame carries a Proposal or a Decided, not "
                    + message.getClass().getSimpleName());
            return;
        }
        fetchedBlockFrames.incrementAndGet();
        try {
            onConsensus(peer, c, frame, id);
        } catch (RuntimeException e) {
            LOG.warn("{} failed to handle a block frame from {}", self, peer, e);
        }
    }

    void onOversizedFrame(Peer peer, long size) {
        penalize(peer, Misbehaviour.OVERSIZED_FRAME, "frame of " + size + " bytes above the limit "
                + config.maxFrameBytes());
    }

    void penalize(Peer peer, Misbehaviour misbehaviour, String detail) {
        if (peer.state() == Peer.State.HANDSHAKING) {
            peer.disconnect(DisconnectReason.PROTOCOL_ERROR, misbehaviour + " during handshake: " + detail);
            return;
        }
        if (peer.state() != Peer.State.READY) {
            return;
        }
        int score = peer.adjustScore(-misbehaviour.cost(), MAX_SCORE);
        LOG.debug("{} penalised {} for {} ({}): score {}", self, peer, misbehaviour, detail, score);
        if (score <= config.banThreshold()) {
            bans.put(peer.id(), clock.millis() + config.banDuration().toMillis());
            peer.disconnect(DisconnectReason.LOW_SCORE, "score " + score + " after " + misbehaviour + ": " + detail);
        }
    }

    private static boolean isConsensusTag(int tag) {
        return tag == PeerMessage.TAG_PROPOSAL || tag == PeerMessage.TAG_VOTE || tag == PeerMessage.TAG_DECIDED;
    }

    /** {@code gossipId}: the frame's consensus id or batch id if already computed, else null. */
    private void handle(Peer peer, PeerMessage message, byte[] frame, Hash gossipId) {
        if (message instanceof PeerMessage.Disconnect d) {
            peer.onDisconnectMessage(d);
        } else if (peer.state() == Peer.State.HANDSHAKING) {
            handshake(peer, message);
        } else if (message instanceof PeerMessage.Challenge || message instanceof PeerMessage.Hello) {
            penalize(peer, Misbehaviour.PROTOCOL_VIOLATION, "handshake message after the handshake");
        } else if (message instanceof PeerMessage.Ping p) {
            peer.bestHeight(p.bestFinalHeight());
            peer.send(new PeerMessage.Pong(p.nonce(), bestFinalHeight));
        } else if (message instanceof PeerMessage.Pong p) {
            peer.bestHeight(p.bestFinalHeight());
        } else if (message instanceof PeerMessage.GetPeers) {
            peer.send(new PeerMessage.Peers(addressesFor(peer)));
        } else if (message instanceof PeerMessage.Peers p) {
            learn(p.addresses());
        } else if (message instanceof PeerMessage.Transactions t) {
            onTransactions(peer, t.transactions(), frame, gossipId != null ? gossipId : MessageCodec.batchId(frame));
        } else if (message instanceof PeerMessage.Batch b) {
            onTransactions(peer, b.transactions(), frame, gossipId != null ? gossipId : MessageCodec.batchId(frame));
        } else if (message instanceof PeerMessage.BatchAnnouncement a) {
            onAnnouncement(peer, a.batchIds(), false);
        } else if (message instanceof PeerMessage.GetBatches g) {
            serveAnnounced(peer, g.batchIds(), false);
        } else if (message instanceof PeerMessage.BlockAnnouncement a) {
            onAnnouncement(peer, List.of(a.id()), true);
        } else if (message instanceof PeerMessage.GetBlockFrame g) {
            serveAnnounced(peer, List.of(g.id()), true);
        } else if (message instanceof PeerMessage.BlockFrame) {
            // only a peer not READY gets here (a READY one's block frames are taken in onFrame)
            penalize(peer, Misbehaviour.PROTOCOL_VIOLATION, "block frame nobody asked for");
        } else if (message instanceof PeerMessage.CompactProposal cp) {
            onCompactProposal(peer, cp);
        } else if (message instanceof PeerMessage.Consensus c) {
            onConsensus(peer, c, frame, gossipId != null ? gossipId : Hash.of(frame));
        } else if (message instanceof PeerMessage.SyncRequest r) {
            runSync(() -> serveSync(peer, r));
        } else if (message instanceof PeerMessage.SyncResponse r) {
            onSyncResponse(peer, r);
        }
    }

    // ------------------------------------------------------------------ handshake

    private void handshake(Peer peer, PeerMessage message) {
        if (message instanceof PeerMessage.Challenge c) {
            if (peer.helloSent()) {
                peer.disconnect(DisconnectReason.PROTOCOL_ERROR, "a second challenge");
                return;
            }
            peer.markHelloSent();
            peer.send(PeerMessage.Hello.sign(MessageCodec.PROTOCOL_VERSION, config.chainId(), config.genesisHash(),
                    config.nodeKey(), bestFinalHeight, port, c.nonce()));
        } else if (message instanceof PeerMessage.Hello h) {
            checkHello(peer, h);
        } else {
            peer.disconnect(DisconnectReason.PROTOCOL_ERROR,
                    "expected Challenge or Hello, got " + message.getClass().getSimpleName());
        }
    }

    private void checkHello(Peer peer, PeerMessage.Hello h) {
        if (!peer.helloSent()) {
            peer.disconnect(DisconnectReason.PROTOCOL_ERROR, "Hello before our Challenge was answered");
        } else if (h.protocolVersion() != MessageCodec.PROTOCOL_VERSION) {
            peer.disconnect(DisconnectReason.INCOMPATIBLE_VERSION, "protocol version " + h.protocolVersion()
                    + ", this node speaks " + MessageCodec.PROTOCOL_VERSION);
        } else if (!h.chainId().equals(config.chainId())) {
            peer.disconnect(DisconnectReason.WRONG_CHAIN, "chain id '" + h.chainId() + "', this node is on '"
                    + config.chainId() + "'");
        } else if (!h.genesisHash().equals(config.genesisHash())) {
            peer.disconnect(DisconnectReason.WRONG_GENESIS, "genesis " + h.genesisHash().shortHex()
                    + ", this node has " + config.genesisHash().shortHex());
        } else if (!h.verify(peer.challenge())) {
            peer.disconnect(DisconnectReason.BAD_HANDSHAKE, "the Hello signature does not verify for "
                    + h.nodeId());
        } else if (h.nodeId().equals(self)) {
            if (peer.direction() == Direction.OUTBOUND) {
                selfAddresses.add(peer.remote());
                addressBook.remove(peer.remote());
            }
            peer.disconnect(DisconnectReason.SELF_CONNECTION, "connected to itself");
        } else if (isBanned(h.nodeId())) {
            peer.disconnect(DisconnectReason.BANNED, h.nodeId() + " is banned for a while");
        } else {
            register(peer, h);
        }
    }

    private void register(Peer peer, PeerMessage.Hello hello) {
        NodeId id = hello.nodeId();
        Peer replaced = null;
        DisconnectReason refusal = null;
        synchronized (this) {
            Peer existing = ready.get(id);
            if (!running) {
                refusal = DisconnectReason.SHUTTING_DOWN;
            } else if (existing != null) {
                if (preferNew(existing, peer, id)) {
                    replaced = existing;
                } else {
                    refusal = DisconnectReason.DUPLICATE_NODE;
                }
            } else if (ready.size() >= config.maxPeers()) {
                refusal = DisconnectReason.TOO_MANY_PEERS;
            }
            if (refusal == null) {
                peer.ready(hello, clock.millis());
                ready.put(id, peer);
            }
        }
        if (refusal != null) {
            peer.disconnect(refusal, refusal == DisconnectReason.DUPLICATE_NODE ? "already connected to " + id
                    : refusal == DisconnectReason.TOO_MANY_PEERS ? config.maxPeers() + " peers already" : "stopping");
            return;
        }
        if (replaced != null) {
            replaced.disconnect(DisconnectReason.DUPLICATE_NODE, "replaced by a newer connection from the same node");
        }
        if (peer.direction() == Direction.OUTBOUND) {
            pendingDials.decrementAndGet();
        }
        HostPort listen = peer.listenAddress();
        // without peer exchange the node dials its bootnodes only: not even an inbound peer's own address
        if (config.peerExchange() && listen != null && addressBook.size() < MAX_KNOWN_ADDRESSES) {
            addressBook.putIfAbsent(listen, new DialState(false));
        }
        LOG.debug("{} connected to {}", self, peer);
        PeerInfo info = peer.info();
        onEvents(() -> listener.onPeerConnected(info));
        if (config.peerExchange()) {
            peer.send(new PeerMessage.GetPeers());
        }
    }

    /**
     * Two connections between the same two nodes (both dialed at once): both ends keep the one dialed by the node
     * with the smaller id, so they drop the same one without talking about it.
     */
    /** Two connections between the same nodes opened within this window are a simultaneous dial, not a reconnect. */
    static final long SIMULTANEOUS_DIAL_MILLIS = 3_000;

    private boolean preferNew(Peer existing, Peer candidate, NodeId other) {
        if (existing.direction() == candidate.direction()) {
            // the same side dialed again: it has lost the old connection (its close may never have reached us),
            // and the signed Hello proves it is that node; refusing would leave it cut off until our idle timeout
            return true;
        }
        if (clock.millis() - existing.openedAt() > SIMULTANEOUS_DIAL_MILLIS) {
            // not a simultaneous dial but a reconnect from the other side: the old connection is dead there
            return true;
        }
        NodeId candidateDialer = candidate.direction() == Direction.OUTBOUND ? self : other;
        NodeId existingDialer = existing.direction() == Direction.OUTBOUND ? self : other;
        return candidateDialer.compareTo(existingDialer) < 0;
    }

    // ------------------------------------------------------------------ peer exchange

    private List<HostPort> addressesFor(Peer requester) {
        List<HostPort> out = new ArrayList<>();
        for (Peer p : ready.values()) {
            HostPort a = p.listenAddress();
            if (p != requester && a != null && !out.contains(a)) {
                out.add(a);
                if (out.size() == MessageCodec.MAX_PEER_ADDRESSES) {
                    break;
                }
            }
        }
        return out;
    }

    private void learn(List<HostPort> addresses) {
        if (!config.peerExchange()) {
            return; // unasked-for Peers from a peer that exchanges: still dial nobody new
        }
        for (HostPort a : addresses) {
            if (addressBook.size() >= MAX_KNOWN_ADDRESSES) {
                return;
            }
            if (!selfAddresses.contains(a)) {
                addressBook.putIfAbsent(a, new DialState(false));
            }
        }
    }

    // ------------------------------------------------------------------ gossip

    /**
     * A batch pushed by its origin ({@code Transactions}) or served on request ({@code Batch}), {@code frame} its
     * bytes and {@code batchId} its id. The accepted part is announced to the other peers, never pushed again.
     */
    private void onTransactions(Peer peer, List<Transaction> transactions, byte[] frame, Hash batchId) {
        List<Transaction> fresh = new ArrayList<>();
        for (Transaction tx : transactions) {
            if (seen.add(tx.hash())) {
                fresh.add(tx);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        NodeId from = peer.id();
        onEvents(() -> ask(() -> listener.onTransactions(from, fresh)).whenCompleteAsync((verdicts, error) -> {
            if (error != null || verdicts == null) {
                return;
            }
            List<Transaction> accepted = new ArrayList<>();
            int rejected = 0;
            for (int i = 0; i < fresh.size() && i < verdicts.size(); i++) {
                if (verdicts.get(i) == Verdict.ACCEPT) {
                    accepted.add(fresh.get(i));
                } else if (verdicts.get(i) == Verdict.REJECT) {
                    rejected++;
                }
            }
            if (rejected > 0) {
                penalize(peer, Misbehaviour.REJECTED_MESSAGE, rejected + " invalid transaction(s)");
            } else if (!accepted.isEmpty()) {
                peer.adjustScore(1, MAX_SCORE);
            }
            if (accepted.size() == transactions.size()) {
                // all of it: the same batch, which peers that have it know by id
                announce(batchId, frame, from, () -> new PeerMessage.BatchAnnouncement(List.of(batchId)));
            } else if (!accepted.isEmpty()) {
                byte[] part = MessageCodec.encode(new PeerMessage.Transactions(accepted));
                Hash partId = MessageCodec.batchId(part);
                seen.add(partId);
                announce(partId, part, from, () -> new PeerMessage.BatchAnnouncement(List.of(partId)));
            }
        }, this::onEvents));
    }

    /**
     * Relays a batch, proposal or decided block this node did not create itself: its id to every peer but the one it
     * came from, the frame kept to serve those that ask. Only the origin (the node that admitted a batch from its API,
     * the forger of a proposal) pushes the frame whole, to all its peers, so in a mesh each node gets it once, and in
     * any connected topology it goes on hop by hop as announce, ask, serve.
     */
    private void announce(Hash id, byte[] frame, NodeId except,
                          java.util.function.Supplier<PeerMessage> announcementOf) {
        relayCache.put(id, frame);
        announced.add(id);
        byte[] announcement = null;
        for (Peer p : ready.values()) {
            if (!p.id().equals(except)) {
                if (announcement == null) {
                    announcement = MessageCodec.encode(announcementOf.get());
                }
                p.sendFrame(announcement);
            }
        }
    }

    /**
     * Asks the announcer for the announced batches (or, if {@code blocks}, the proposal or decided block) this node
     * has not seen and is not already fetching.
     */
    private void onAnnouncement(Peer peer, List<Hash> ids, boolean blocks) {
        List<Hash> ask = new ArrayList<>();
        long deadline = clock.millis() + config.fetchTimeout().toMillis();
        synchronized (fetches) {
            for (Hash id : ids) {
                if (seen.contains(id)) {
                    continue;
                }
                Fetch fetch = fetches.get(id);
                if (fetch != null) {
                    if (fetch.block == blocks && fetch.from != peer && !fetch.alternatives.contains(peer)
                            && fetch.alternatives.size() < MAX_ALTERNATIVES) {
                        fetch.alternatives.add(peer);
                    }
                    continue;
                }
                Fetch candidate = new Fetch(blocks, peer, deadline);
                // a few block fetches per peer are allowed beyond the batch limits: they are what consensus waits on
                if ((blocks || fetches.size() < MAX_FETCHES) && candidate.hasRoomAt(peer)) {
                    fetches.put(id, candidate);
                    candidate.count(peer, 1);
                    ask.add(id);
                }
            }
        }
        if (ask.isEmpty()) {
            return;
        }
        if (blocks) {
            ask.forEach(id -> peer.send(new PeerMessage.GetBlockFrame(id)));
        } else {
            peer.send(new PeerMessage.GetBatches(ask));
        }
    }

    /**
     * True if {@code id} was asked of {@code peer} as a batch (or, if {@code block}, as a block frame) and is still
     * due (then no longer): a Batch or BlockFrame it may send.
     */
    private boolean takeFetch(Peer peer, Hash id, boolean block) {
        synchronized (fetches) {
            Fetch fetch = fetches.get(id);
            if (fetch == null || fetch.from != peer || fetch.block != block || fetch.rebuilding) {
                return false;
            }
            fetches.remove(id);
            fetch.count(peer, -1);
            return true;
        }
    }

    /**
     * Each batch (or, if {@code blocks}, block frame) asked for, from the relay cache: a batch as a Batch frame, a
     * proposal or decided block as a BlockFrame. Asking for one never announced (or announced as the other kind) is
     * penalised; one announced that has since left the cache goes unserved, unpenalised (the asker's fetch moves on).
     */
    private void serveAnnounced(Peer peer, List<Hash> ids, boolean blocks) {
        int unknown = 0;
        for (Hash id : ids) {
            byte[] frame = relayCache.get(id);
            if (frame == null) {
                if (!announced.contains(id)) {
                    unknown++;
                }
                continue;
            }
            int tag = frame[0] & 0xff;
            if (blocks != (tag == PeerMessage.TAG_PROPOSAL || tag == PeerMessage.TAG_DECIDED
                    || tag == PeerMessage.TAG_BLOCK_FRAME)) {
                unknown++;
            } else if (tag == PeerMessage.TAG_BLOCK_FRAME) {
                peer.sendFrame(frame); // kept as it is served (fetched, rebuilt, or this node's own proposal)
            } else if (blocks) {
                byte[] served = new byte[frame.length + 1]; // the frame whole behind the BlockFrame tag
                served[0] = (byte) PeerMessage.TAG_BLOCK_FRAME;
                System.arraycopy(frame, 0, served, 1, frame.length);
                peer.sendFrame(served);
            } else if (tag != PeerMessage.TAG_BATCH) {
                frame = frame.clone(); // kept as it arrived (a push): the same list under the Batch tag
                frame[0] = (byte) PeerMessage.TAG_BATCH;
                peer.sendFrame(frame);
            } else {
                peer.sendFrame(frame);
            }
        }
        if (unknown > 0) {
            penalize(peer, Misbehaviour.PROTOCOL_VIOLATION, unknown + (blocks ? " block frame(s)" : " batch(es)")
                    + " asked for that this node has not announced");
        }
    }

    /**
     * Fetches past their deadline cost the announcer score and go to the next peer that announced the batch;
     * fetches from a peer that left go to the next at once, without a penalty.
     */
    private void expireFetches(long now) {
        List<Peer> late = new ArrayList<>();
        List<Hash> lateIds = new ArrayList<>();
        Map<Peer, List<Hash>> retries = new HashMap<>();
        Map<Peer, List<Hash>> blockRetries = new HashMap<>();
        synchronized (fetches) {
            Iterator<Map.Entry<Hash, Fetch>> it = fetches.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Hash, Fetch> e = it.next();
                Fetch fetch = e.getValue();
                boolean gone = fetch.from.state() != Peer.State.READY;
                if (!gone && fetch.deadline > now) {
                    continue;
                }
                fetch.count(fetch.from, -1);
                if (!gone) {
                    late.add(fetch.from);
                    lateIds.add(e.getKey());
                }
                Peer next = null;
                if (!seen.contains(e.getKey())) {
                    while ((next = fetch.alternatives.poll()) != null && (next.state() != Peer.State.READY
                            || !fetch.hasRoomAt(next))) {
                        // skip peers that left or have enough to do
                    }
                }
                if (next == null) {
                    it.remove();
                    continue;
                }
                fetch.from = next;
                fetch.rebuilding = false; // its sender left before the rebuild ended: the whole frame from another
                fetch.deadline = now + config.fetchTimeout().toMillis();
                fetch.count(next, 1);
                (fetch.block ? blockRetries : retries).computeIfAbsent(next, p -> new ArrayList<>()).add(e.getKey());
            }
        }
        retries.forEach((peer, ids) -> {
            for (int i = 0; i < ids.size(); i += MessageCodec.MAX_BATCH_IDS) {
                int end = Math.min(ids.size(), i + MessageCodec.MAX_BATCH_IDS);
                peer.send(new PeerMessage.GetBatches(ids.subList(i, end)));
            }
        });
        blockRetries.forEach((peer, ids) -> ids.forEach(id -> peer.send(new PeerMessage.GetBlockFrame(id))));
        for (int i = 0; i < late.size(); i++) {
            penalize(late.get(i), Misbehaviour.PROTOCOL_VIOLATION, "announced " + lateIds.get(i).shortHex()
                    + " and did not serve it within " + config.fetchTimeout().toMillis() + " ms");
        }
    }

    /**
     * A consensus message new to this node, {@code frame} its bytes, or null for a proposal rebuilt from a compact
     * one (then encoded only once it is accepted and to be announced, and {@code id} checked against it).
     */
    private void onConsensus(Peer peer, PeerMessage.Consensus message, byte[] frame, Hash id) {
        if (!seen.add(id)) {
            Set<NodeId> holders = pendingRelays.get(id);
            if (holders != null) {
                holders.add(peer.id());
            }
            return;
        }
        if (message.message() instanceof ConsensusMessage.Decided d) {
            peer.raiseBestHeight(d.height());
        }
        NodeId from = peer.id();
        boolean vote = message.message() instanceof ConsensusMessage.VoteMessage;
        if (vote && pendingRelays.size() < MAX_PENDING_RELAYS) {
            pendingRelays.put(id, ConcurrentHashMap.newKeySet(4));
        }
        // A vote's verdict is acted on where it completes (the node's consensus thread): its relay is a few small
        // writes, as the node's own broadcasts there are, and a hop back to the event thread was a wake-up of it
        // per vote. A proposal's (announcing it, encoding a rebuilt one) stays on the event thread.
        BiConsumer<Verdict, Throwable> onVerdict = (verdict, e) -> {
            Set<NodeId> holders = vote ? pendingRelays.remove(id) : null;
            if (verdict == Verdict.ACCEPT) {
                peer.adjustScore(1, MAX_SCORE);
                if (vote) {
                    // small: pushed on whole, an announcement would save little and cost a trip
                    relay(frame, from, holders == null ? Set.of() : holders);
                } else if (frame != null) {
                    // a proposal or decided block carries a whole block: its forger pushed it to all its peers, so
                    // the other hops only say they have it
                    announce(id, frame, from, () -> new PeerMessage.BlockAnnouncement(id));
                } else {
                    announceRebuilt(peer, message, id);
                }
            } else if (verdict == Verdict.REJECT) {
                penalize(peer, Misbehaviour.REJECTED_MESSAGE, "consensus message rejected: "
                        + message.message().getClass().getSimpleName() + " at height " + message.message().height());
            }
        };
        onEvents(() -> {
            CompletionStage<Verdict> answer = ask(() -> listener.onConsensusMessage(from, message.message()));
            if (vote) {
                answer.whenComplete(onVerdict);
            } else {
                answer.whenCompleteAsync(onVerdict, this::onEvents);
            }
        });
    }

    /**
     * Announces a proposal rebuilt from a compact one under the id of its whole frame, encoded now (the block keeps
     * the encoding, which the node stores anyway). A sender that named another id than its frame's lied: it is
     * penalised, and the proposal announced under its true id, so that no peer asks this node for a frame it does
     * not have.
     */
    private void announceRebuilt(Peer peer, PeerMessage.Consensus message, Hash claimed) {
        byte[] frame = MessageCodec.encode(new PeerMessage.BlockFrame(message.message())); // as it is served
        Hash id = MessageCodec.blockFrameId(frame);
        if (!id.equals(claimed)) {
            penalize(peer, Misbehaviour.REJECTED_MESSAGE, "compact proposal named frame " + claimed.shortHex()
                    + ", its frame is " + id.shortHex());
            seen.add(id);
        }
        announce(id, frame, peer.id(), () -> new PeerMessage.BlockAnnouncement(id));
    }

    /**
     * A forger's compact proposal: rebuilt from the pool on the event thread (the node answers with the pooled
     * transactions); a miss asks the sender for the whole frame through the fetch table, so timeouts, other
     * announcers and penalties work as for any announced block frame.
     */
    private void onCompactProposal(Peer peer, PeerMessage.CompactProposal compact) {
        Hash id = compact.frameId();
        if (seen.contains(id)) {
            duplicateConsensusFrames.incrementAndGet();
            return;
        }
        synchronized (fetches) {
            Fetch fetch = fetches.get(id);
            if (fetch != null) {
                // being rebuilt or fetched already: this sender can serve the frame as well
                if (fetch.block && fetch.from != peer && !fetch.alternatives.contains(peer)
                        && fetch.alternatives.size() < MAX_ALTERNATIVES) {
                    fetch.alternatives.add(peer);
                }
                duplicateConsensusFrames.incrementAndGet();
                return;
            }
            fetch = new Fetch(true, peer, Long.MAX_VALUE);
            if (!fetch.hasRoomAt(peer)) {
                return; // a peer with this many block frames in flight at once is flooding: not followed
            }
            fetch.rebuilding = true;
            fetches.put(id, fetch);
            fetch.count(peer, 1);
        }
        List<Hash> ids = compact.txIds();
        onEvents(() -> ask(() -> listener.pooledTransactions(ids)).whenCompleteAsync(
                (pooled, error) -> rebuild(peer, compact, error == null ? pooled : null), this::onEvents));
    }

    /** Ends a compact proposal's rebuild: true if it was still rebuilding (nothing asked of anyone yet). */
    private boolean endRebuild(Hash id) {
        synchronized (fetches) {
            Fetch fetch = fetches.get(id);
            if (fetch == null || !fetch.rebuilding) {
                return false;
            }
            fetches.remove(id);
            fetch.count(fetch.from, -1);
            return true;
        }
    }

    private void rebuild(Peer peer, PeerMessage.CompactProposal compact, List<Transaction> pooled) {
        Hash id = compact.frameId();
        int n = compact.txIds().size();
        boolean complete = pooled != null && pooled.size() == n && !pooled.contains(null);
        if (!complete) {
            Peer target = null;
            synchronized (fetches) {
                Fetch fetch = fetches.get(id);
                if (fetch != null && fetch.rebuilding) {
                    fetch.rebuilding = false;
                    fetch.deadline = clock.millis() + config.fetchTimeout().toMillis();
                    target = fetch.from;
                }
            }
            if (target != null) {
                compactMisses.incrementAndGet();
                if (pooled != null) {
                    compactMissingTransactions.addAndGet(pooled.stream().filter(java.util.Objects::isNull).count());
                }
                target.send(new PeerMessage.GetBlockFrame(id));
            }
            return;
        }
        Block block = Block.of(compact.header(), pooled, compact.lastCommit());
        if (!block.computedTxRoot().equals(compact.header().txRoot())) {
            endRebuild(id);
            penalize(peer, Misbehaviour.REJECTED_MESSAGE, "compact proposal " + id.shortHex()
                    + ": its transaction ids do not make the header's tx root");
            return;
        }
        endRebuild(id); // if its sender left meanwhile the whole frame is on its way from another: a duplicate then
        if (seen.contains(id)) {
            return;
        }
        rebuiltProposals.incrementAndGet();
        onConsensus(peer, PeerMessage.of(new ConsensusMessage.Proposal(block, compact.proposal())), null, id);
    }

    /** To every ready peer but the sender and those that sent a copy while the node judged it. */
    private void relay(byte[] frame, NodeId except, Set<NodeId> holders) {
        for (Peer p : ready.values()) {
            if (p.id().equals(except)) {
                continue;
            }
            if (holders.contains(p.id())) {
                skippedRelays.incrementAndGet();
            } else {
                p.sendFrame(frame);
            }
        }
    }

    // ------------------------------------------------------------------ sync

    private void serveSync(Peer peer, PeerMessage.SyncRequest request) {
        if (peer.state() != Peer.State.READY) {
            return;
        }
        int max = Math.min(request.maxCount(), config.maxSyncBlocks());
        List<ConsensusMessage.Decided> found = listener.onSyncRequest(peer.id(), request.fromHeight(), max);
        List<ConsensusMessage.Decided> answer = new ArrayList<>();
        long size = 1 + 4;
        for (ConsensusMessage.Decided d : found) {
            if (answer.size() == max) {
                break;
            }
            CanonicalWriter w = new CanonicalWriter(1024);
            d.block().writeTo(w);
            d.certificate().writeTo(w);
            size += w.size();
            if (size > config.maxFrameBytes()) {
                break;
            }
            answer.add(d);
        }
        peer.send(new PeerMessage.SyncResponse(answer));
    }

    private void onSyncResponse(Peer peer, PeerMessage.SyncResponse response) {
        PeerMessage.SyncRequest request = peer.takePendingSync();
        if (request == null) {
            penalize(peer, Misbehaviour.PROTOCOL_VIOLATION, "SyncResponse nobody asked for");
            return;
        }
        List<ConsensusMessage.Decided> decided = response.decided();
        String problem = null;
        if (decided.size() > request.maxCount()) {
            problem = decided.size() + " blocks for a request of " + request.maxCount();
        }
        for (int i = 0; problem == null && i < decided.size(); i++) {
            ConsensusMessage.Decided d = decided.get(i);
            if (d.height() != request.fromHeight() + i) {
                problem = "height " + d.height() + " where " + (request.fromHeight() + i) + " was due";
            } else if (d.certificate().height() != d.height() || !d.certificate().blockHash().equals(d.block().hash())) {
                problem = "certificate for another block at height " + d.height();
            }
        }
        if (problem != null) {
            penalize(peer, Misbehaviour.REJECTED_MESSAGE, "bad SyncResponse: " + problem);
            return;
        }
        if (!decided.isEmpty()) {
            peer.raiseBestHeight(decided.get(decided.size() - 1).height());
        }
        NodeId from = peer.id();
        onEvents(() -> listener.onSyncResponse(from, decided));
    }

    // ------------------------------------------------------------------ timers

    private void tick() {
        try {
            long now = clock.millis();
            for (Peer p : connections) {
                if (p.state() == Peer.State.HANDSHAKING) {
                    if (now - p.openedAt() > config.handshakeTimeout().toMillis()) {
                        p.disconnect(DisconnectReason.HANDSHAKE_TIMEOUT, "no handshake within "
                                + config.handshakeTimeout().toMillis() + " ms");
                    }
                } else if (p.state() == Peer.State.READY) {
                    if (now - p.lastReceived() > config.idleTimeout().toMillis()) {
                        p.disconnect(DisconnectReason.IDLE_TIMEOUT, "silent for " + (now - p.lastReceived()) + " ms");
                    } else if (now - p.lastPingSent() >= config.pingInterval().toMillis()) {
                        p.pinged(now);
                        p.send(new PeerMessage.Ping(random.nextLong() & Long.MAX_VALUE, bestFinalHeight));
                    }
                }
            }
            expireFetches(now);
            bans.values().removeIf(until -> until <= now);
            if (config.peerExchange() && now >= nextExchangeAt) {
                nextExchangeAt = now + config.peerExchangeInterval().toMillis();
                for (Peer p : ready.values()) {
                    p.send(new PeerMessage.GetPeers());
                }
            }
            dialMore(now);
        } catch (RuntimeException e) {
            LOG.warn("{} network timer failed", self, e);
        }
    }

    private void dialMore(long now) {
        if (!running) {
            return;
        }
        int slots = config.maxPeers() - ready.size() - pendingDials.get();
        if (slots <= 0) {
            return;
        }
        Set<HostPort> busy = null; // built only when an address is due: four ticks a second mostly find none
        for (Map.Entry<HostPort, DialState> e : addressBook.entrySet()) {
            if (slots <= 0) {
                return;
            }
            HostPort address = e.getKey();
            DialState state = e.getValue();
            synchronized (state) {
                if (state.active || state.nextAttemptAt > now) {
                    continue;
                }
            }
            if (busy == null) {
                busy = new HashSet<>();
                for (Peer p : connections) {
                    if (p.listenAddress() != null) {
                        busy.add(p.listenAddress());
                    }
                }
            }
            if (busy.contains(address) || selfAddresses.contains(address)) {
                continue;
            }
            dial(address, state);
            slots--;
        }
    }

    // ------------------------------------------------------------------ threads

    private void onEvents(Runnable task) {
        try {
            events.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("{} listener failed", self, e);
                }
            });
        } catch (RejectedExecutionException ignored) {
            // stopping
        }
    }

    private void runSync(Runnable task) {
        try {
            sync.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("{} serving sync failed", self, e);
                }
            });
        } catch (RejectedExecutionException ignored) {
            // stopping
        }
    }

    private static <T> CompletionStage<T> ask(java.util.function.Supplier<CompletionStage<T>> call) {
        try {
            CompletionStage<T> answer = call.get();
            return answer != null ? answer : CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public String toString() {
        return "Network[" + self + " :" + port + " peers=" + ready.size() + "]";
    }
}
