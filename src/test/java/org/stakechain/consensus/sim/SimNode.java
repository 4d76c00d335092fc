package org.stakechain.consensus.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.stakechain.consensus.Action;
import org.stakechain.consensus.ConsensusEngine;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.consensus.Reaction;
import org.stakechain.consensus.Timeout;
import org.stakechain.consensus.Verdict;
import org.stakechain.consensus.protection.InMemorySlashingProtection;
import org.stakechain.consensus.protection.SignedKind;
import org.stakechain.consensus.protection.SigningMark;
import org.stakechain.consensus.protection.SlashingProtection;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.BlockBuilder;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.BlockHeader;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.SignedProposal;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.tx.SlashingEvidence;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/**
 * The host of one engine: it performs the engine's actions against the simulated network and clock, keeps the
 * node's "disk" (final blocks, certificates, final state, slashing-protection record) across crashes, and its
 * memory (engine, pool, timers, what it has seen) only until the next crash.
 */
public final class SimNode implements SimulatedNetwork.Endpoint {
    private final int id;
    private final String name;
    private final Role role;
    private final KeyPair key;
    private final Simulation sim;
    private final SplittableRandom random;

    // disk: survives crashes
    private MemoryLedgerState state;
    private final List<Block> blocks = new ArrayList<>();
    private final List<CommitCertificate> certificates = new ArrayList<>();
    private final List<Long> commitTimes = new ArrayList<>();
    /** Slashing protection's marks as they are on disk: what a restarted engine's protection is restored from. */
    private final List<SigningMark> protectionOnDisk = new ArrayList<>();
    private InMemorySlashingProtection protection = new InMemorySlashingProtection();
    /** The host's own log of what this node sent: an honest node that sends two conflicting messages is a bug. */
    private final SignedMessageLog sentLog = new SignedMessageLog();
    private long nextEvidenceNonce;

    // memory: lost in a crash
    private boolean online;
    private int incarnation;
    private ConsensusEngine engine;
    private long lastProgressAt;
    private long syncWanted;
    private Mempool mempool = new Mempool();
    private Set<Hash> seen = new HashSet<>();
    private List<SlashingEvidence> pendingEvidence = new ArrayList<>();
    private java.util.Map<Simulation.Injection, Integer> injectionSides = new java.util.IdentityHashMap<>();
    private int restarts;

    SimNode(int id, String name, Role role, KeyPair key, MemoryLedgerState genesisState, Simulation sim, SplittableRandom random) {
        this.id = id;
        this.name = name;
        this.role = role;
        this.key = key;
        this.state = genesisState;
        this.sim = sim;
        this.random = random;
    }

    // ---- lifecycle ----

    void start() {
        online = true;
        mempool = new Mempool();
        seen = new HashSet<>();
        pendingEvidence = new ArrayList<>();
        injectionSides = new java.util.IdentityHashMap<>();
        protection = InMemorySlashingProtection.restoredFrom(protectionOnDisk);
        engine = new ConsensusEngine(sim.params(), Optional.of(key), state,
                certificates.isEmpty() ? Optional.empty() : Optional.of(certificates.get(certificates.size() - 1)),
                new PersistingProtection(), mempool);
        lastProgressAt = now();
        int at = incarnation;
        sim.events().after(sim.params().slotMillis(), () -> tick(at));
        perform(engine.start(now()));
        resendOwnMessages();
    }

    /**
     * The disk behind slashing protection: every mark the engine's protection records is written here before the
     * engine gets its answer, so the mark survives a crash that comes right after.
     */
    private final class PersistingProtection implements SlashingProtection {
        @Override
        public boolean mayProposeAndRecord(long height, int round, Hash blockHash, int validRound) {
            return persist(protection.mayProposeAndRecord(height, round, blockHash, validRound), SignedKind.PROPOSAL);
        }

        @Override
        public boolean mayVoteAndRecord(VoteKind kind, long height, int round, Optional<Hash> blockHash) {
            return persist(protection.mayVoteAndRecord(kind, height, round, blockHash), SignedKind.of(kind));
        }

        @Override
        public Optional<SigningMark> lastSigned(SignedKind kind) {
            return protection.lastSigned(kind);
        }

        private boolean persist(boolean allowed, SignedKind kind) {
            if (allowed) {
                protectionOnDisk.removeIf(m -> m.kind() == kind);
                protectionOnDisk.add(protection.lastSigned(kind).orElseThrow());
            }
            return allowed;
        }
    }

    /**
     * Once a slot, the node's background duties. Tendermint is live only if every message eventually reaches every
     * honest validator, and one-shot relaying loses what a partition or a lossy link swallowed: a node that has
     * not seen a block become final for two slots sends what it holds for its height to every peer again
     * (receivers drop what they have seen) and polls a peer for final blocks it may lack. A sync the engine asked
     * for is retried, with another random peer, until the node has the blocks: the peer asked may be silent,
     * down, or the answer lost.
     */
    /**
     * The host's write-ahead log at work: what this node signed for the current height before a crash is sent
     * again. The restarted engine has forgotten those messages, and its slashing protection rightly refuses to
     * sign anything else in those rounds, so without this a vote lost in flight would be lost for good, and a
     * round that needed it to reach "a quorum of anything" would wait forever (seed 96).
     */
    private void resendOwnMessages() {
        for (ConsensusMessage m : sentLog.signedAt(height() + 1)) {
            sim.network().broadcast(id, new Wire.Consensus(m));
        }
    }

    private void tick(int at) {
        if (!online || incarnation != at) {
            return;
        }
        long slot = sim.params().slotMillis();
        boolean stalled = now() - lastProgressAt >= 2 * slot;
        if (role != Role.SILENT && stalled) {
            for (ConsensusMessage m : engine.messagesToGossip()) {
                sim.network().broadcast(id, new Wire.Consensus(m));
            }
            resendOwnMessages();
        }
        if (stalled || height() < syncWanted - 1) {
            askForBlocks(height() + 1);
        }
        sim.events().after(slot, () -> tick(at));
    }

    void crash() {
        if (!online) {
            return;
        }
        online = false;
        incarnation++;
        engine = null;
    }

    void restart() {
        if (online) {
            return;
        }
        restarts++;
        start();
    }

    private long now() {
        return sim.clock().now();
    }

    // ---- network ----

    @Override
    public boolean online() {
        return online;
    }

    @Override
    public int incarnation() {
        return incarnation;
    }

    @Override
    public void receive(int from, Wire message) {
        if (message instanceof Wire.Consensus c) {
            if (!seen.add(sim.idOf(c.message()))) {
                return;
            }
            noteInjection(c.message());
            Reaction reaction = engine.onMessage(c.message(), now());
            if (TRACE) {
                trace("got " + describe(c.message()) + " from v" + from + ": " + reaction.verdict());
            }
            if (reaction.verdict() == Verdict.ACCEPT && role != Role.SILENT
                    && !(c.message() instanceof ConsensusMessage.Decided)) {
                sim.network().broadcast(id, c); // gossip: relay what the engine accepted as valid and new
            }
            perform(reaction.actions());
        } else if (message instanceof Wire.Tx t) {
            if (mempool.add(t.transaction()) && role != Role.SILENT) {
                sim.network().broadcast(id, t);
            }
        } else if (message instanceof Wire.SyncRequest r) {
            if (role == Role.SILENT) {
                return;
            }
            List<ConsensusMessage.Decided> out = new ArrayList<>();
            for (long h = r.fromHeight(); h <= height() && out.size() < 50; h++) {
                out.add(new ConsensusMessage.Decided(blocks.get((int) h - 1), certificates.get((int) h - 1)));
            }
            if (!out.isEmpty()) {
                sim.network().send(id, from, new Wire.SyncResponse(out));
            }
        } else if (message instanceof Wire.SyncResponse r) {
            for (ConsensusMessage.Decided d : r.decided()) {
                if (!online) {
                    return;
                }
                perform(engine.onMessage(d, now()).actions());
            }
        }
    }

    static String describe(ConsensusMessage m) {
        if (m instanceof ConsensusMessage.Proposal p) {
            return "proposal h" + p.height() + " r" + p.proposal().round() + " " + p.block().hash().shortHex() + " by "
                    + p.proposal().forger().address().text().substring(0, 8);
        }
        if (m instanceof ConsensusMessage.VoteMessage v) {
            return v.vote().kind() + " h" + v.height() + " r" + v.vote().round() + " "
                    + v.vote().blockHash().map(Hash::shortHex).orElse("nil") + " by " + v.vote().validator().address().text().substring(0, 8);
        }
        return "decided h" + m.height();
    }

    /** Marks an equivocation observed once this node, in this life, has received both of its sides. */
    private void noteInjection(ConsensusMessage m) {
        Simulation.InjectionPart part = sim.injectionPart(m);
        if (part != null && role.honest()) {
            int sides = injectionSides.merge(part.injection(), part.side(), (x, y) -> x | y);
            if (sides == 3) {
                part.injection().observed = true;
            }
        }
    }

    static Hash dedupKey(ConsensusMessage m) {
        if (m instanceof ConsensusMessage.Proposal p) {
            return p.proposal().hash();
        }
        if (m instanceof ConsensusMessage.VoteMessage v) {
            return v.vote().hash();
        }
        return ((ConsensusMessage.Decided) m).block().hash();
    }

    /** A client hands this node a transaction. */
    void submit(Transaction tx) {
        if (online && mempool.add(tx)) {
            sim.network().broadcast(id, new Wire.Tx(tx));
        }
    }

    // ---- performing the engine's actions ----

    static final boolean TRACE = Boolean.getBoolean("sim.trace");

    private void trace(String what) {
        if (TRACE) {
            System.out.println((now() - Simulation.GENESIS_TIME) + " " + name + " " + what);
        }
    }

    private void perform(List<Action> actions) {
        for (Action a : actions) {
            if (TRACE && !(a instanceof Action.ScheduleTimeout)) {
                trace("does " + (a instanceof Action.Broadcast b ? "broadcast " + describe(b.message()) : a.toString().substring(0, Math.min(140, a.toString().length()))));
            }
            if (!online) {
                return;
            }
            if (a instanceof Action.Broadcast b) {
                send(b.message());
            } else if (a instanceof Action.ScheduleTimeout t) {
                schedule(t.timeout(), t.atMillis());
            } else if (a instanceof Action.Commit c) {
                commit(c);
            } else if (a instanceof Action.EvidenceFound e) {
                reportEvidence(e);
            } else if (a instanceof Action.NeedSync n) {
                syncWanted = Math.max(syncWanted, n.seenHeight());
                askForBlocks(n.fromHeight());
            }
        }
    }

    private void schedule(Timeout timeout, long atMillis) {
        int at = incarnation;
        sim.events().schedule(atMillis, () -> {
            if (online && incarnation == at) {
                perform(engine.onTimeout(timeout, now()));
            }
        });
    }

    private void commit(Action.Commit c) {
        Block block = c.block();
        if (block.height() != height() + 1) {
            sim.violation(name + " was asked to commit height " + block.height() + " on top of " + height());
            return;
        }
        if (!c.outcome().changes().stateRoot().equals(block.header().stateRoot())
                || !c.certificate().blockHash().equals(block.hash())) {
            sim.violation(name + " was asked to commit block " + block.height() + " with a mismatched outcome or certificate");
            return;
        }
        state = state.apply(c.outcome().changes());
        blocks.add(block);
        certificates.add(c.certificate());
        commitTimes.add(now());
        lastProgressAt = now();
        mempool.prune(state);
        submitRipeEvidence();
        perform(engine.onCommitted(state, now()));
    }

    /**
     * Evidence can only take effect in a block above its height: included earlier, the transaction fails (its
     * fee paid and nonce used) and the offence goes unpunished. So it waits here until the chain has passed
     * that height. (In memory: a crash loses it, but every honest node that saw both messages reports.)
     */
    private void reportEvidence(Action.EvidenceFound e) {
        sim.evidenceReported(this, e.evidence());
        pendingEvidence.add(e.evidence());
        submitRipeEvidence();
    }

    private void submitRipeEvidence() {
        for (java.util.Iterator<SlashingEvidence> it = pendingEvidence.iterator(); it.hasNext(); ) {
            SlashingEvidence evidence = it.next();
            if (evidence.height() <= height()) {
                it.remove();
                long nonce = Math.max(state.account(key.address()).nonce(), nextEvidenceNonce);
                nextEvidenceNonce = nonce + 1;
                submit(Transaction.sign(sim.params().chainId(), key, nonce, sim.params().minimumFee(),
                        new TxPayload.SlashEvidence(evidence)));
            }
        }
    }

    private void askForBlocks(long fromHeight) {
        List<Integer> peers = new ArrayList<>();
        for (int p = 0; p < sim.network().size(); p++) {
            if (p != id && sim.node(p).online() && sim.network().connected(id, p)) {
                peers.add(p);
            }
        }
        if (!peers.isEmpty()) {
            sim.network().send(id, peers.get(random.nextInt(peers.size())), new Wire.SyncRequest(fromHeight));
        }
    }

    // ---- sending, honestly or not ----

    private void send(ConsensusMessage message) {
        seen.add(sim.idOf(message));
        switch (role) {
            case HONEST -> sendHonestly(message);
            case SILENT -> { }
            case EQUIVOCATING_FORGER -> {
                if (message instanceof ConsensusMessage.Proposal p) {
                    equivocate(p, conflictingProposal(p));
                } else {
                    sim.network().broadcast(id, new Wire.Consensus(message));
                }
            }
            case DOUBLE_VOTER -> {
                if (message instanceof ConsensusMessage.VoteMessage v) {
                    equivocate(v, conflictingVote(v.vote()));
                } else {
                    sim.network().broadcast(id, new Wire.Consensus(message));
                }
            }
            case INVALID_PROPOSER -> sim.network().broadcast(id, new Wire.Consensus(
                    message instanceof ConsensusMessage.Proposal p ? invalidProposal(p) : message));
        }
    }

    private void sendHonestly(ConsensusMessage message) {
        if (message instanceof ConsensusMessage.VoteMessage || message instanceof ConsensusMessage.Proposal) {
            if (sentLog.contradicts(message)) {
                sim.violation("honest " + name + " signed two conflicting messages at height " + message.height()
                        + ": slashing protection failed");
            }
            if (message instanceof ConsensusMessage.VoteMessage v) {
                sentLog.record(v.vote());
            } else {
                sentLog.record((ConsensusMessage.Proposal) message);
            }
        }
        sim.network().broadcast(id, new Wire.Consensus(message));
    }

    /** Sends {@code a} to a random part of the peers and {@code b} to the rest. */
    private void equivocate(ConsensusMessage a, ConsensusMessage b) {
        seen.add(sim.idOf(b));
        int n = sim.network().size();
        int first = -1;
        int second = -1;
        for (int p = 0; p < n; p++) {
            if (p == id) {
                continue;
            }
            boolean toA = first == -1 || (second != -1 && random.nextBoolean());
            if (toA && first == -1) {
                first = p;
            } else if (!toA && second == -1) {
                second = p;
            }
            sim.network().send(id, p, new Wire.Consensus(toA ? a : b));
        }
        sim.equivocationInjected(this, a, b);
    }

    private ConsensusMessage.Proposal conflictingProposal(ConsensusMessage.Proposal p) {
        Block original = p.block();
        ChainParams params = sim.params();
        Block other = BlockBuilder.build(params, state, key, original.header().round(),
                original.header().timestampMillis() + 1 + random.nextInt(50), List.of(), original.lastCommit()).block();
        SignedProposal sp = p.proposal();
        return new ConsensusMessage.Proposal(other, SignedProposal.sign(params.chainId(), sp.height(), sp.round(),
                other.hash(), sp.validRound(), key));
    }

    private ConsensusMessage.VoteMessage conflictingVote(Vote v) {
        Optional<Hash> other = v.blockHash().isPresent() && random.nextBoolean()
                ? Optional.empty()
                : Optional.of(Hash.of(("sim/phantom/" + random.nextLong()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return new ConsensusMessage.VoteMessage(Vote.sign(v.kind(), sim.params().chainId(), v.height(), v.round(), other, key));
    }

    private ConsensusMessage.Proposal invalidProposal(ConsensusMessage.Proposal p) {
        Block b = p.block();
        BlockHeader h = b.header();
        List<Transaction> txs = new ArrayList<>(b.transactions());
        Hash stateRoot = h.stateRoot();
        if (random.nextBoolean()) {
            stateRoot = Hash.of(("sim/wrong-root/" + random.nextLong()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else {
            // includable in every way but one: the signature is someone else's
            KeyPair victim = sim.userKey(random.nextInt(sim.userCount()));
            Transaction genuine = Transaction.sign(sim.params().chainId(), victim, state.account(victim.address()).nonce(),
                    sim.params().minimumFee(), new TxPayload.Transfer(key.address(), 1));
            txs.add(0, Transaction.of(genuine.chainId(), genuine.sender(), genuine.nonce(), genuine.fee(),
                    genuine.payload(), h.beaconReveal()));
        }
        BlockHeader bad = new BlockHeader(h.chainId(), h.height(), h.round(), h.previousHash(), h.timestampMillis(),
                h.forger(), h.beaconReveal(), Block.txRootOf(txs), stateRoot, h.lastCommitHash());
        Block block = Block.of(bad, txs, b.lastCommit());
        SignedProposal sp = p.proposal();
        sim.invalidBlockProposed();
        return new ConsensusMessage.Proposal(block, SignedProposal.sign(sim.params().chainId(), sp.height(), sp.round(),
                block.hash(), sp.validRound(), key));
    }

    // ---- what the checks read ----

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    public KeyPair key() {
        return key;
    }

    public MemoryLedgerState state() {
        return state;
    }

    public long height() {
        return state.chain().height();
    }

    public List<Block> blocks() {
        return blocks;
    }

    public List<CommitCertificate> certificates() {
        return certificates;
    }

    public List<Long> commitTimes() {
        return commitTimes;
    }

    public int restarts() {
        return restarts;
    }

    String debug() {
        return engine == null ? "down" : "engine h=" + engine.height() + " r=" + engine.round() + " step=" + engine.step()
                + " locked=" + engine.lockedRound() + " buffered=" + engine.bufferedMessages() + " mempool=" + mempool.size();
    }

    @Override
    public String toString() {
        return name + "(" + role + (online ? "" : ", down") + ", height " + height() + ")";
    }
}
