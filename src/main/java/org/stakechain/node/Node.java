package org.stakechain.node;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Consumer;
import org.stakechain.consensus.Action;
import org.stakechain.consensus.ConsensusEngine;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.consensus.Reaction;
import org.stakechain.consensus.RoundTimeouts;
import org.stakechain.consensus.Timeout;
import org.stakechain.consensus.Verdict;
import org.stakechain.consensus.lottery.ForgerLottery;
import org.stakechain.crypto.Address;
import org.stakechain.ledger.Account;
import org.stakechain.ledger.block.Vote;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.BlockOutcome;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.Receipt;
import org.stakechain.ledger.StateTransition;
import org.stakechain.ledger.VerifiedSignatures;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.tx.SlashingEvidence;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.ledger.validators.Validator;
import org.stakechain.ledger.validators.ValidatorSet;
import org.stakechain.mempool.Admission;
import org.stakechain.mempool.Mempool;
import org.stakechain.mempool.MempoolConfig;
import org.stakechain.mempool.Removal;
import org.stakechain.mempool.SignatureCheck;
import org.stakechain.mempool.SignatureVerifiers;
import org.stakechain.network.Misbehaviour;
import org.stakechain.network.Network;
import org.stakechain.network.NetworkConfig;
import org.stakechain.network.NetworkListener;
import org.stakechain.network.PeerInfo;
import org.stakechain.network.wire.DisconnectReason;
import org.stakechain.network.wire.HostPort;
import org.stakechain.network.wire.NodeId;
import org.stakechain.storage.ChainStore;
import org.stakechain.storage.DecidedBlock;
import org.stakechain.storage.DurableSlashingProtection;
import org.stakechain.storage.HeadState;
import org.stakechain.storage.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: the chain store, the mempool, the network and the consensus engine, with one start/stop
 * lifecycle. Built by {@link NodeBuilder}.
 *
 * <p>Threads. The engine is pure and single-threaded, so every engine call happens on the one
 * <b>consensus thread</b>: network callbacks queue the message there and return a future the consensus thread
 * completes with the engine's verdict; timers fire on a scheduler thread and queue the timeout there; commits and
 * sync run there too, so a block is stored, the mempool re-validated and the engine moved to the next height in
 * one uninterrupted step. Transactions are admitted on a separate thread (signature checks are slow); the API
 * reads the store from its own threads.
 *
 * <p>Slashing protection: the engine asks {@link DurableSlashingProtection} before it signs, which writes (synced)
 * before answering; the engine returns the {@link Action.Broadcast} only after that, and this class sends it only
 * after the engine call has returned. So nothing signed leaves the process before it is on disk.
 */
public final class Node implements NetworkListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    /** Blocks asked per sync request; the serving side may send fewer (one frame). */
    static final int SYNC_BATCH = 64;
    /** A sync request unanswered for this long is given up and may go to another peer. */
    static final long SYNC_TIMEOUT_MILLIS = 5_000;
    /** A consensus-thread step longer than this is logged. */
    static final long SLOW_CONSENSUS_STEP_MILLIS = 300;

    private final NodeConfig config;
    private final Hash genesisHash;
    private final Map<Address, String> genesisNames;
    private final ChainParams params;
    private final KeyValueStore kv;
    private final ChainStore store;
    private final DurableSlashingProtection protection;
    private final Mempool mempool;
    private final BlockSizer blockSizer;
    private final Optional<KeyPair> validatorKey;
    private final KeyPair nodeKey;
    private final Clock clock;
    private final SignedMessageLog signedLog;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();

    private final ExecutorService consensusThread = Executors.newSingleThreadExecutor(named("consensus"));
    private final ScheduledThreadPoolExecutor timers = timerExecutor();
    /** Consensus timeouts not yet run, cancelled once the engine has left their height (consensus thread only). */
    private final PendingTimeouts pendingTimeouts = new PendingTimeouts();
    private final ExecutorService admissionThread = Executors.newSingleThreadExecutor(named("tx-admission"));
    /**
     * Signature checks in parallel: one helper per core but one, the waiting caller being the last. Used by batch
     * admission, by proposals carrying transactions this node has not seen, and by sync.
     */
    private final SignatureVerifiers verifiers = SignatureVerifiers.perCore("sig-verify");
    /** Checks proposals' and synced blocks' signatures ahead, so the consensus thread finds them verified. */
    private final ExecutorService verifyAheadThread = Executors.newSingleThreadExecutor(named("verify-ahead"));
    /** Events for listeners, in order, on their own thread; bounded so a stuck listener cannot hold memory. */
    static final int MAX_QUEUED_EVENTS = 10_000;
    private final ThreadPoolExecutor eventThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(MAX_QUEUED_EVENTS), named("node-events"), (r, e) -> { });
    private final List<NodeEvents> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong droppedEvents = new AtomicLong();
    private volatile Network network;

    // consensus thread only
    private ConsensusEngine engine;
    private HeadState engineState;
    private long lastProgressAt;
    private long syncRequestedAt = Long.MIN_VALUE / 2;
    private long syncRequestedFrom = -1;
    private long loggedRoundStart = -1;
    private long firedRoundStep = -1;
    private long lastGossipPosition = -1;
    private final HeightTimeline timeline = new HeightTimeline();

    // read by the API
    private volatile boolean syncing;
    private volatile long bestPeerHeight;
    private volatile int consensusRound;
    private volatile int blockTransactionLimit;

    Node(NodeConfig config, Genesis genesis, KeyValueStore kv, ChainStore store, Optional<KeyPair> validatorKey,
         KeyPair nodeKey, Clock clock, MempoolConfig mempoolConfig) {
        this.config = config;
        // not the Genesis itself: with 100,000 funded accounts it is megabytes of heap the node never reads again
        this.genesisHash = genesis.hash();
        this.genesisNames = namesOf(genesis);
        this.params = genesis.params();
        this.kv = kv;
        this.store = store;
        this.protection = DurableSlashingProtection.open(kv);
        this.mempool = new Mempool(params, mempoolConfig, timed(SignatureCheck.ED25519));
        this.blockSizer = BlockSizer.forChain(mempool, params, RoundTimeouts.of(params).propose(0));
        this.blockTransactionLimit = blockSizer.limit();
        this.validatorKey = validatorKey;
        this.nodeKey = nodeKey;
        this.clock = clock;
        this.signedLog = SignedMessageLog.open(config.dataDir());
    }

    // ------------------------------------------------------------------ lifecycle

    /** Opens the network and starts consensus. Returns once the P2P port is bound. */
    public Node start() {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("a node starts once");
        }
        long height = store.finalHeight();
        engineState = store.headState();
        Optional<CommitCertificate> lastCommit = height == 0 ? Optional.empty() : store.certificate(height);
        engine = new ConsensusEngine(params, validatorKey, engineState, lastCommit, protection, blockSizer);
        LOG.info("chain {} genesis {}: final height {} head {} (data in {})", params.chainId(), genesisHash.shortHex(),
                height, store.headHash().shortHex(), config.dataDir());
        validatorKey.ifPresentOrElse(
                k -> LOG.info("validator {}{}", k.address(), engine.isValidator() ? ""
                        : " (not in the current validator set: following until it is)"),
                () -> LOG.info("no validator key: following the chain"));

        NetworkConfig netConfig = NetworkConfig.builder(params.chainId(), genesisHash, nodeKey)
                .host(config.p2pHost()).port(config.p2pPort()).bootnodes(config.bootnodes())
                .maxPeers(config.maxPeers()).peerExchange(config.peerExchange())
                .pingInterval(Duration.ofSeconds(2))
                .reconnect(Duration.ofMillis(300), Duration.ofSeconds(5))
                .build();
        network = new Network(netConfig, this, clock, new Random(new SecureRandom().nextLong()));
        network.setBestFinalHeight(height);
        network.start();

        onConsensusThread(() -> {
            lastProgressAt = now();
            timeline.begin(engine.height(), System.nanoTime());
            perform(engine.start(now()));
            List<ConsensusMessage> before = signedLog.signedAt(engine.height());
            if (!before.isEmpty()) {
                LOG.info("sending again the {} messages this validator signed at height {} before it stopped",
                        before.size(), engine.height());
            }
            for (ConsensusMessage m : before) {
                perform(engine.onMessage(m, now()).actions()); // the engine forgot its own votes
                network.broadcast(m);
            }
        });
        // a repair for lost messages, not the way messages travel (that is relay): rare, and only when stuck
        long gossipEvery = Math.max(1_000, params.slotMillis());
        timers.scheduleWithFixedDelay(() -> onConsensusThread(this::regossip), gossipEvery, gossipEvery,
                TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(() -> onConsensusThread(this::checkSync), 500, 500, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Stops the network, lets a commit in progress finish, then closes the store. Safe to call more than once and
     * from a shutdown hook.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        LOG.info("stopping at final height {}", store.finalHeight());
        Network n = network;
        if (n != null) {
            n.stop();
        }
        timers.shutdownNow();
        admissionThread.shutdownNow();
        verifyAheadThread.shutdownNow();
        eventThread.shutdown();
        consensusThread.shutdown(); // queued tasks see stopped and return; a running one finishes
        try {
            if (!consensusThread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the consensus thread did not finish within 10 s; closing the store anyway");
            }
            admissionThread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        verifiers.close();
        signedLog.close();
        store.close();
        LOG.info("stopped");
    }

    @Override
    public void close() {
        stop();
    }

    // ------------------------------------------------------------------ what the API and CLI read

    public ChainParams params() {
        return params;
    }

    /**
     * The names the genesis gives its validators and its first {@value #MAX_GENESIS_NAMES} accounts (the explorer
     * shows them instead of addresses; a genesis of 100,000 accounts would not be worth sending to a browser).
     */
    public Map<Address, String> genesisNames() {
        return genesisNames;
    }

    static final int MAX_GENESIS_NAMES = 1_000;

    static Map<Address, String> namesOf(Genesis genesis) {
        Map<Address, String> names = new LinkedHashMap<>();
        for (Genesis.GenesisAccount a : genesis.accounts()) {
            if (names.size() >= MAX_GENESIS_NAMES) {
                break;
            }
            names.put(a.address(), a.name());
        }
        for (Genesis.GenesisValidator v : genesis.validators()) {
            names.put(v.publicKey().address(), v.name());
        }
        return Collections.unmodifiableMap(names);
    }

    public ChainStore store() {
        return store;
    }

    public Mempool mempool() {
        return mempool;
    }

    public Optional<Address> validatorAddress() {
        return validatorKey.map(KeyPair::address);
    }

    public Optional<org.stakechain.crypto.PublicKey> validatorPublicKey() {
        return validatorKey.map(KeyPair::publicKey);
    }

    public int p2pPort() {
        return network.port();
    }

    public NodeId nodeId() {
        return network.nodeId();
    }

    public List<PeerInfo> peers() {
        Network n = network;
        return n == null ? List.of() : n.peers();
    }

    /** Whether this node knows a peer more than one block ahead and is fetching blocks. */
    public boolean isSyncing() {
        return syncing;
    }

    public long bestPeerHeight() {
        return bestPeerHeight;
    }

    public int consensusRound() {
        return consensusRound;
    }

    /** At most how many transactions this node puts in its next block: the chain's limit, or less if slow here. */
    public int blockTransactionLimit() {
        return blockTransactionLimit;
    }

    /** Subscribes to the node's events (see {@link NodeEvents}); safe before or after start. */
    public void addListener(NodeEvents listener) {
        listeners.add(listener);
    }

    public void removeListener(NodeEvents listener) {
        listeners.remove(listener);
    }

    /** Events not delivered because the listeners were {@value #MAX_QUEUED_EVENTS} events behind. */
    public long droppedEvents() {
        return droppedEvents.get();
    }

    /** Started and not stopped: the store is open and consensus runs. */
    public boolean isRunning() {
        return running.get() && !stopped.get();
    }

    /**
     * Signs a transaction with this node's own (validator) key, at the sender's next free nonce (after its pooled
     * ones), with the minimum fee; empty when the node runs without a key. Not submitted: pass it to
     * {@link #submit}. Callers that sign concurrently must serialize, or two may take the same nonce.
     */
    public Optional<Transaction> signWithOwnKey(TxPayload payload) {
        if (validatorKey.isEmpty()) {
            return Optional.empty();
        }
        KeyPair key = validatorKey.get();
        long nonce;
        try (HeadState head = store.headState()) {
            nonce = head.account(key.address()).nonce() + mempool.pendingFrom(key.publicKey()).size();
        }
        return Optional.of(Transaction.sign(params.chainId(), key, nonce, params.minimumFee(), payload));
    }

    /** Offers a transaction (from the API) to the mempool; accepted ones are gossiped. */
    public Admission submit(Transaction tx) {
        Admission admission;
        try (HeadState head = store.headState()) {
            admission = mempool.add(tx, head);
        }
        if (admission instanceof Admission.Accepted a) {
            fireDropped(a.removed());
            Network n = network;
            if (n != null) {
                n.broadcastTransactions(List.of(tx));
            }
        }
        return admission;
    }

    /**
     * Offers a batch (from the API): signatures checked in parallel, the pool changed in order; the same answers
     * as {@link #submit}ting each in turn. Accepted ones are gossiped together.
     */
    public List<Admission> submitAll(List<Transaction> txs) {
        List<Admission> admissions;
        try (HeadState head = store.headState()) {
            admissions = mempool.addAll(txs, head, verifiers);
        }
        List<Transaction> accepted = new ArrayList<>();
        for (int i = 0; i < admissions.size(); i++) {
            if (admissions.get(i) instanceof Admission.Accepted a) {
                fireDropped(a.removed());
                accepted.add(txs.get(i));
            }
        }
        Network n = network;
        if (n != null && !accepted.isEmpty()) {
            n.broadcastTransactions(accepted);
        }
        return admissions;
    }

    // ------------------------------------------------------------------ network callbacks (event thread)

    @Override
    public CompletionStage<List<Verdict>> onTransactions(NodeId peer, List<Transaction> transactions) {
        CompletableFuture<List<Verdict>> future = new CompletableFuture<>();
        try {
            admissionThread.execute(() -> {
                List<Verdict> verdicts = new ArrayList<>(transactions.size());
                try (HeadState head = store.headState()) {
                    // signatures in parallel, the pool in order: the same answers as one by one
                    for (Admission admission : mempool.addAll(transactions, head, verifiers)) {
                        if (admission instanceof Admission.Accepted a) {
                            fireDropped(a.removed());
                        }
                        verdicts.add(verdictOf(admission));
                    }
                    future.complete(verdicts);
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    /**
     * Looked up at once, and answered at once: a missing transaction makes the network fetch the whole proposal from
     * its forger. It used to be looked up again on the admission thread, behind the batches that arrived before the
     * compact proposal; but consensus frames now overtake queued gossip (the forger's own batches may still be on
     * their way), and under a flood that thread's queue held the proposal past the round's propose timeout
     * (docs/performance.md, "Consensus frames before gossip (round 12)").
     */
    @Override
    public CompletionStage<List<Transaction>> pooledTransactions(List<Hash> ids) {
        return CompletableFuture.completedFuture(mempool.lookup(ids));
    }

    private static Verdict verdictOf(Admission admission) {
        if (admission instanceof Admission.Accepted) {
            return Verdict.ACCEPT;
        }
        if (admission instanceof Admission.Rejected r && r.reason().isPeerFault()) {
            return Verdict.REJECT;
        }
        return Verdict.IGNORE;
    }

    @Override
    public CompletionStage<Verdict> onConsensusMessage(NodeId peer, ConsensusMessage message) {
        CompletableFuture<Verdict> future = new CompletableFuture<>();
        if (message instanceof ConsensusMessage.VoteMessage v) {
            // on this (network) thread, not queued: a counter's increment is cheaper than a hand-off to the
            // event thread, which was a wake-up of it per vote (NodeEvents.onVoteReceived)
            String kind = v.vote().kind().name();
            tellEach(l -> l.onVoteReceived(kind));
        } else if (message instanceof ConsensusMessage.Proposal) {
            timeline.arrived(message.height(), System.nanoTime());
        }
        if (message instanceof ConsensusMessage.Proposal p && !mempool.allVerified(p.block().transactions())) {
            // check the transactions this node has not seen in parallel, off the consensus thread; then the
            // engine's block check finds them verified (the bad ones it checks again, and rejects the block)
            try {
                verifyAheadThread.execute(() -> {
                    mempool.verifyAhead(p.block().transactions(), verifiers);
                    handOver(peer, message, future);
                });
            } catch (RejectedExecutionException e) {
                future.complete(Verdict.IGNORE);
            }
            return future;
        }
        handOver(peer, message, future);
        return future;
    }

    /** Queues a consensus message to the engine; completes {@code future} with its verdict. */
    private void handOver(NodeId peer, ConsensusMessage message, CompletableFuture<Verdict> future) {
        boolean queued = onConsensusThread(() -> {
            Reaction reaction;
            long started = System.nanoTime();
            try {
                reaction = engine.onMessage(message, now());
            } catch (RuntimeException e) {
                LOG.warn("consensus message from {} failed: {}", peer.shortHex(), e.toString());
                future.complete(Verdict.IGNORE);
                return;
            }
            future.complete(reaction.verdict());
            long checked = System.nanoTime();
            if (message instanceof ConsensusMessage.Proposal p) {
                blockSizer.checked(p.block().transactions().size(), checked - started);
                blockTransactionLimit = blockSizer.limit();
                timeline.proposal(p.height(), p.block().transactions().size(), false, started, checked);
            }
            perform(reaction.actions());
            logIfSlow(message, started, checked, System.nanoTime());
        });
        if (!queued) {
            future.complete(Verdict.IGNORE);
        }
    }

    /**
     * The consensus thread is the node's one serial path: anything that holds it long delays every round. Says so
     * (and what), so a slow machine or a slow step shows in the log instead of as unexplained round changes.
     */
    private void logIfSlow(ConsensusMessage message, long started, long checked, long done) {
        long totalMillis = (done - started) / 1_000_000;
        if (totalMillis < SLOW_CONSENSUS_STEP_MILLIS) {
            return;
        }
        String what = message instanceof ConsensusMessage.Proposal p
                ? "proposal of " + p.block().transactions().size() + " txs for height " + p.height() + " round "
                  + p.proposal().round()
                : message.getClass().getSimpleName() + " for height " + message.height();
        LOG.info("consensus thread busy {} ms with a {} (engine {} ms, then storing/next height {} ms)", totalMillis,
                what, (checked - started) / 1_000_000, (done - checked) / 1_000_000);
    }

    @Override
    public List<ConsensusMessage.Decided> onSyncRequest(NodeId peer, long fromHeight, int maxCount) {
        List<ConsensusMessage.Decided> out = new ArrayList<>();
        for (DecidedBlock d : store.decidedRange(fromHeight, maxCount, 6L << 20)) {
            out.add(new ConsensusMessage.Decided(d.block(), d.certificate()));
        }
        return out;
    }

    @Override
    public void onSyncResponse(NodeId peer, List<ConsensusMessage.Decided> decided) {
        try {
            verifyAheadThread.execute(() -> {
                VerifiedSignatures checked = SyncReplay.verifyAhead(decided, mempool.verifiedSignatures(), verifiers);
                onConsensusThread(() -> importDecided(peer, decided, checked));
            });
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    @Override
    public void onPeerConnected(PeerInfo peer) {
        LOG.info("peer {} connected ({} {}), its final height {}; {} peers", peer.id().shortHex(), peer.direction(),
                peer.address(), peer.bestHeight(), peers().size());
        onConsensusThread(this::checkSync);
    }

    @Override
    public void onPeerDisconnected(PeerInfo peer, DisconnectReason reason, String detail) {
        LOG.info("peer {} disconnected: {}{}; {} peers", peer.id().shortHex(), reason,
                detail == null || detail.isEmpty() ? "" : " (" + detail + ")", peers().size());
    }

    @Override
    public void onHandshakeFailed(HostPort address, DisconnectReason reason, String detail, boolean byRemote) {
        LOG.warn("handshake with {} refused {}: {} {}", address, byRemote ? "by the peer" : "by us", reason,
                detail == null ? "" : detail);
    }

    // ------------------------------------------------------------------ consensus thread

    private boolean onConsensusThread(Runnable task) {
        if (stopped.get()) {
            return false;
        }
        try {
            consensusThread.execute(() -> {
                if (stopped.get()) {
                    return;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("consensus thread: {}", e.toString(), e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private long now() {
        return clock.millis();
    }

    /** Performs the engine's actions in order; those they lead to (the next height's) are performed after them. */
    private void perform(List<Action> actions) {
        Deque<Action> queue = new ArrayDeque<>(actions);
        while (!queue.isEmpty()) {
            Action action = queue.poll();
            if (action instanceof Action.Broadcast b) {
                // the engine recorded the signature in the durable slashing protection before returning it
                if (isOwnSigned(b.message())) {
                    signedLog.record(b.message());
                    long at = System.nanoTime();
                    if (b.message() instanceof ConsensusMessage.Proposal p) {
                        blockSizer.forged(p.block().transactions().size());
                        blockTransactionLimit = blockSizer.limit();
                        timeline.proposal(p.height(), p.block().transactions().size(), true, at, at);
                        if (p.proposal().validRound() == -1) {
                            timeline.forged(p.height(), blockSizer.candidatesNanos(), at - blockSizer.candidatesAt());
                        }
                    } else if (b.message() instanceof ConsensusMessage.VoteMessage v) {
                        if (v.vote().kind() == org.stakechain.ledger.block.VoteKind.ATTEST) {
                            timeline.attest(v.height(), at);
                        } else {
                            timeline.confirm(v.height(), at);
                        }
                    }
                }
                network.broadcast(b.message());
            } else if (action instanceof Action.ScheduleTimeout t) {
                schedule(t);
            } else if (action instanceof Action.Commit c) {
                queue.addAll(commit(c));
            } else if (action instanceof Action.EvidenceFound e) {
                reportEvidence(e.evidence());
            } else if (action instanceof Action.NeedSync s) {
                requestSync(s.fromHeight(), "messages for height " + s.seenHeight() + " arrived");
            }
        }
    }

    private void schedule(Action.ScheduleTimeout t) {
        Timeout timeout = t.timeout();
        if (timeout.step() == Timeout.Step.PROPOSE) {
            timeline.round(timeout.height(), System.nanoTime());
            logRoundStart(timeout.height(), timeout.round());
        }
        fireRoundStep(timeout);
        long delay = Math.max(0, t.atMillis() - now());
        pendingTimeouts.cancelBelow(timeout.height());
        try {
            pendingTimeouts.add(timeout.height(), timers.schedule(() -> onConsensusThread(() -> {
                long started = System.nanoTime();
                perform(engine.onTimeout(timeout, now()));
                long millis = (System.nanoTime() - started) / 1_000_000;
                if (millis >= SLOW_CONSENSUS_STEP_MILLIS) {
                    LOG.info("consensus thread busy {} ms with the {} timeout of height {} round {}", millis,
                            timeout.step(), timeout.height(), timeout.round());
                }
            }), delay, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private void logRoundStart(long height, int round) {
        consensusRound = round;
        long key = height * 1_000_003L + round;
        if (key == loggedRoundStart || height != engine.height()) {
            return;
        }
        loggedRoundStart = key;
        // round 0 at DEBUG: the final block's INFO line names its round and forger, and a line per height less
        // halves the logging of a chain at ten blocks a second; a later round (something went slow) stays at INFO
        if (round == 0 && !LOG.isDebugEnabled()) {
            return;
        }
        ForgerLottery.Draw draw = engine.forgerOf(round);
        boolean mine = validatorKey.map(k -> k.publicKey().equals(draw.forger().publicKey())).orElse(false);
        String format = "height {} round {}: forger {}{} drawn with ticket {} of {}";
        Object[] args = {height, round, draw.forger().address(), mine ? " (this node)" : "", draw.coinTicket(),
                draw.totalCoinTickets()};
        if (round == 0) {
            LOG.debug(format, args);
        } else {
            LOG.info(format, args);
        }
    }

    /** Stores a block the engine decided, in one atomic batch, then moves everything to the next height. */
    private List<Action> commit(Action.Commit c) {
        Block block = c.block();
        if (block.height() != store.finalHeight() + 1) {
            LOG.debug("decision for {} ignored: the store is at {}", block.height(), store.finalHeight());
            return List.of();
        }
        ValidatorSet validators = engineState.chain().validatorsAt(params, block.height());
        Before prior = before(block);
        long started = System.nanoTime();
        timeline.decided(block.height(), started);
        try {
            store.commit(block, c.certificate(), c.outcome().changes(), c.outcome().receipts());
        } catch (RuntimeException e) {
            // nothing was written (one batch); peers that stored it will serve it with its certificate
            LOG.error("could not store final block {}: {}; will fetch it from peers", block.height(), e.toString());
            requestSync(block.height(), "storing the decided block failed");
            return List.of();
        }
        long stored = System.nanoTime();
        timeline.stored(block.height(), stored);
        logCommit(block, c.certificate(), validators, "");
        HeadState next = advanceHead(block);
        fireFinal(block, c.certificate(), validators, c.outcome().receipts(), prior, false);
        long advanced = System.nanoTime();
        timeline.next(block.height(), advanced);
        timeline.begin(block.height() + 1, advanced);
        List<Action> actions = engine.onCommitted(next, now());
        long done = System.nanoTime();
        if ((done - started) / 1_000_000 >= SLOW_CONSENSUS_STEP_MILLIS) {
            LOG.info("committing block {} ({} txs) took {} ms: store {} ms, mempool and head {} ms, next height {} ms",
                    block.height(), block.transactions().size(), (done - started) / 1_000_000,
                    (stored - started) / 1_000_000, (advanced - stored) / 1_000_000, (done - advanced) / 1_000_000);
        }
        return actions;
    }

    /** After a commit: a new head view for the engine and the mempool, the old one closed. */
    private HeadState advanceHead(Block block) {
        HeadState old = engineState;
        engineState = store.headState();
        fireDropped(mempool.onFinalBlock(block, engineState));
        network.setBestFinalHeight(block.height());
        lastProgressAt = now();
        if (old != null) {
            old.close();
        }
        return engineState;
    }

    private void logCommit(Block block, CommitCertificate certificate, ValidatorSet validators, String how) {
        long signed = 0;
        for (CommitCertificate.Confirmation conf : certificate.confirmations()) {
            signed += validators.find(conf.validator()).map(Validator::stake).orElse(0L);
        }
        long total = validators.totalStake();
        LOG.info("final block {} {} round {} forger {} with {} txs{}; quorum: {} confirmations carrying {} of {} "
                        + "coins staked ({}%)", block.height(), block.hash().shortHex(), block.header().round(),
                block.header().forger().address(), block.transactions().size(), how,
                certificate.confirmations().size(), Coins.format(signed), Coins.format(total),
                total == 0 ? 0 : signed * 100 / total);
    }

    /**
     * Sends again what the engine holds for the current height, when it has not moved since the last time: a peer
     * that missed a message (lost, or connected late) gets it. Not while the chain moves: under load that would
     * send every full proposal again a few times a second.
     */
    private void regossip() {
        long position = engine.height() * 1_000_003L + engine.round();
        if (position != lastGossipPosition) {
            lastGossipPosition = position;
            return;
        }
        for (ConsensusMessage m : engine.messagesToGossip()) {
            network.broadcast(m);
        }
        for (ConsensusMessage m : signedLog.signedAt(engine.height())) {
            if (m instanceof ConsensusMessage.VoteMessage
                    || (m instanceof ConsensusMessage.Proposal p && p.proposal().round() == engine.round())) {
                network.broadcast(m);
            }
        }
    }

    private boolean isOwnSigned(ConsensusMessage m) {
        if (validatorKey.isEmpty()) {
            return false;
        }
        var mine = validatorKey.get().publicKey();
        if (m instanceof ConsensusMessage.Proposal p) {
            return p.proposal().forger().equals(mine);
        }
        return m instanceof ConsensusMessage.VoteMessage v && v.vote().validator().equals(mine);
    }

    private void reportEvidence(SlashingEvidence evidence) {
        LOG.warn("evidence: validator {} signed two conflicting messages at height {} round {}",
                evidence.offender().address(), evidence.height(), evidence.round());
        if (validatorKey.isEmpty()) {
            LOG.warn("this node has no key to sign a SLASH_EVIDENCE transaction; the validators will report it");
            return;
        }
        KeyPair key = validatorKey.get();
        long nonce = engineState.account(key.address()).nonce() + mempool.pendingFrom(key.publicKey()).size();
        Transaction tx = Transaction.sign(params.chainId(), key, nonce, params.minimumFee(),
                new TxPayload.SlashEvidence(evidence));
        Admission admission = mempool.add(tx, engineState);
        if (admission instanceof Admission.Accepted a) {
            fireDropped(a.removed());
            network.broadcastTransactions(List.of(tx));
            LOG.warn("submitted SLASH_EVIDENCE transaction {} against {}", tx.hash().shortHex(),
                    evidence.offender().address());
        } else {
            LOG.warn("SLASH_EVIDENCE transaction not pooled: {}", admission);
        }
    }

    // ------------------------------------------------------------------ sync (consensus thread)

    /** Every half second and when a peer connects: is a peer ahead of us by more than the block in flight? */
    private void checkSync() {
        long ours = store.finalHeight();
        long best = peers().stream().mapToLong(PeerInfo::bestHeight).max().orElse(0);
        bestPeerHeight = Math.max(best, ours);
        boolean farBehind = best > ours + 1;
        boolean stalled = best > ours && now() - lastProgressAt > 3 * params.slotMillis();
        syncing = farBehind;
        if (farBehind || stalled) {
            requestSync(ours + 1, "peers are at height " + best + ", this node at " + ours);
        }
    }

    private void requestSync(long fromHeight, String why) {
        long ours = store.finalHeight();
        long from = Math.max(fromHeight, ours + 1);
        long now = now();
        if (from == syncRequestedFrom && now - syncRequestedAt < SYNC_TIMEOUT_MILLIS) {
            return; // already asked
        }
        Optional<PeerInfo> peer = peers().stream().filter(p -> p.bestHeight() >= from)
                .max(Comparator.comparingLong(PeerInfo::bestHeight));
        if (peer.isEmpty()) {
            peer = peers().stream().max(Comparator.comparingLong(PeerInfo::bestHeight)); // heights in pings lag
        }
        if (peer.isEmpty()) {
            return;
        }
        if (network.requestSync(peer.get().id(), from, SYNC_BATCH)) {
            syncRequestedFrom = from;
            syncRequestedAt = now;
            LOG.info("sync: asking {} for blocks from {} ({})", peer.get().id().shortHex(), from, why);
        }
    }

    /**
     * Final blocks from a peer. Each is accepted only with a certificate of 75% of the stake of the validator set
     * of its height, and only if the ledger applies it to our head; the first that fails ends the batch and costs
     * the peer.
     */
    private void importDecided(NodeId peer, List<ConsensusMessage.Decided> decided, VerifiedSignatures known) {
        syncRequestedFrom = -1;
        long before = store.finalHeight();
        CommitCertificate lastCertificate = null;
        for (ConsensusMessage.Decided d : decided) {
            Block block = d.block();
            CommitCertificate certificate = d.certificate();
            long head = store.finalHeight();
            if (block.height() <= head) {
                continue; // decided meanwhile by our own consensus
            }
            if (block.height() != head + 1) {
                break;
            }
            SyncReplay.Result result = SyncReplay.replay(params, engineState, block, certificate, known);
            if (result instanceof SyncReplay.Refused refused) {
                LOG.warn("sync: block {} from {} refused: {}", block.height(), peer.shortHex(), refused.reason());
                network.penalize(peer, Misbehaviour.REJECTED_MESSAGE, "sync: " + refused.reason());
                break;
            }
            BlockOutcome.Applied applied = ((SyncReplay.Applied) result).outcome();
            ValidatorSet validators = engineState.chain().validatorsAt(params, block.height());
            Before prior = before(block);
            store.commit(block, certificate, applied.changes(), applied.receipts());
            if (LOG.isDebugEnabled()) {
                logCommit(block, certificate, validators, " (synced)");
            }
            advanceHead(block);
            fireFinal(block, certificate, validators, applied.receipts(), prior, true);
            lastCertificate = certificate;
        }
        long after = store.finalHeight();
        if (lastCertificate != null) {
            long best = Math.max(bestPeerHeight, after);
            LOG.info("sync: imported blocks {}..{} from {}, now at {} of {} ({}%)", before + 1, after, peer.shortHex(),
                    after, best, best == 0 ? 100 : after * 100 / best);
            timeline.begin(after + 1, System.nanoTime());
            perform(engine.onCommitted(engineState, Optional.of(lastCertificate), now()));
            if (decided.size() >= SYNC_BATCH / 2 || bestPeerHeight > after + 1) {
                requestSync(after + 1, "catching up");
            }
        }
        syncing = bestPeerHeight > after + 1;
    }

    // ------------------------------------------------------------------ events (fired from any thread, never block)

    private void fire(Consumer<NodeEvents> event) {
        if (listeners.isEmpty() || eventThread.isShutdown()) {
            return;
        }
        if (eventThread.getQueue().remainingCapacity() == 0) {
            droppedEvents.incrementAndGet();
            return;
        }
        eventThread.execute(() -> tellEach(event));
    }

    /** Each listener, on this thread; one that throws is logged and the others still told. */
    private void tellEach(Consumer<NodeEvents> event) {
        for (NodeEvents l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("event listener {} failed: {}", l, e.toString());
            }
        }
    }

    private void fireDropped(List<Removal> removals) {
        for (Removal r : removals) {
            if (r.cause() != Removal.Cause.INCLUDED) {
                fire(l -> l.onTransactionDropped(r));
            }
        }
    }

    private void fireRoundStep(Timeout timeout) {
        long key = (timeout.height() * 1_000_003L + timeout.round()) * 4 + timeout.step().ordinal();
        if (key == firedRoundStep) {
            return;
        }
        firedRoundStep = key;
        consensusRound = timeout.round();
        String step = timeout.step().name().toLowerCase(java.util.Locale.ROOT);
        fire(l -> l.onRoundChange(timeout.height(), timeout.round(), step));
    }

    /** A SLASH_EVIDENCE transaction in a block, with its offender's slashed total before the block. */
    private record SlashBefore(Transaction tx, Address offender, long slashedBefore) {
    }

    /** What the events need from the state before a block: its draw and its slashings. */
    private record Before(ForgerLottery.Draw draw, List<SlashBefore> slashes) {
    }

    private Before before(Block block) {
        if (listeners.isEmpty()) {
            return new Before(null, List.of());
        }
        ForgerLottery.Draw draw = null;
        try {
            // the engine's draw when the block is at its height (it drew it for the round, on the same state):
            // a draw is two SHA-256 a block
            draw = block.height() == engine.height() && engineState.chain().height() + 1 == block.height()
                    ? engine.forgerOf(block.header().round())
                    : ForgerLottery.forgerOf(engineState.chain(), block.height(), block.header().round());
        } catch (RuntimeException e) {
            LOG.debug("no draw for block {}: {}", block.height(), e.toString());
        }
        return new Before(draw, slashesIn(block, engineState));
    }

    private static List<SlashBefore> slashesIn(Block block, HeadState before) {
        List<SlashBefore> out = new ArrayList<>();
        for (Transaction tx : block.transactions()) {
            if (tx.payload() instanceof TxPayload.SlashEvidence e) {
                Address offender = e.evidence().offender().address();
                out.add(new SlashBefore(tx, offender, before.account(offender).slashed()));
            }
        }
        return out;
    }

    private void fireFinal(Block block, CommitCertificate certificate, ValidatorSet validators, List<Receipt> receipts,
                           Before before, boolean synced) {
        if (listeners.isEmpty()) {
            return;
        }
        long signed = 0;
        for (CommitCertificate.Confirmation conf : certificate.confirmations()) {
            signed += validators.find(conf.validator()).map(Validator::stake).orElse(0L);
        }
        NodeEvents.FinalBlock fb = new NodeEvents.FinalBlock(block, certificate, validators, before.draw(), signed,
                receipts, now(),
                synced);
        fire(l -> l.onBlockFinal(fb));
        // one queued task per block, not per transaction: a 5,000-transaction block would otherwise take half
        // the event queue's bound at once and push other events out
        if (!block.transactions().isEmpty()) {
            fire(l -> l.onTransactionsFinal(block, receipts));
        }
        for (SlashBefore s : before.slashes()) {
            Account after = engineState.account(s.offender());
            long slashed = after.slashed() - s.slashedBefore();
            boolean succeeded = receipts.stream().anyMatch(r -> r.txHash().equals(s.tx().hash()) && r.succeeded());
            if (succeeded && slashed > 0) {
                Address reporter = s.tx().senderAddress();
                fire(l -> l.onSlashing(s.offender(), block.height(), slashed, reporter));
            }
        }
    }

    private SignatureCheck timed(SignatureCheck check) {
        return tx -> {
            long start = System.nanoTime();
            boolean valid = check.verify(tx);
            long nanos = System.nanoTime() - start;
            tellEach(l -> l.onSignatureVerified(nanos, valid));
            return valid;
        };
    }

    /** One timer thread; a cancelled task leaves its queue at once (else it would still wake the thread). */
    static ScheduledThreadPoolExecutor timerExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, named("timers"));
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** The genesis hash this node runs, for the API. */
    public Hash genesisHash() {
        return genesisHash;
    }

    @Override
    public String toString() {
        return "Node[" + params.chainId() + " " + config.dataDir() + "]";
    }
}
