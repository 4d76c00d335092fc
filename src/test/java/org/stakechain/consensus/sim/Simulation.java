package org.stakechain.consensus.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.PublicKey;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.tx.SlashingEvidence;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/**
 * One deterministic run: a scenario (which holds the seed) in; a history out. The seed feeds one
 * {@link SplittableRandom}, split per purpose (network, each node, workload) so that drawing more numbers for
 * one purpose does not shift the others. No wall clock, no global randomness, no threads.
 */
public final class Simulation {
    public static final long GENESIS_TIME = 1_700_000_000_000L;
    public static final String CHAIN_ID = "stakechain-sim";
    static final int USERS = 6;
    private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();

    /**
     * An equivocation a byzantine host sent out. It is {@code observed} once some honest node, in one life,
     * received both conflicting messages: only then can anyone prove it (a copy lost on every link proves nothing).
     */
    public static final class Injection {
        final PublicKey offender;
        final String node;
        final long height;
        final long atMillis;
        boolean observed;

        Injection(PublicKey offender, String node, long height, long atMillis) {
            this.offender = offender;
            this.node = node;
            this.height = height;
            this.atMillis = atMillis;
        }

        public PublicKey offender() {
            return offender;
        }

        public String node() {
            return node;
        }

        public long height() {
            return height;
        }

        public long atMillis() {
            return atMillis;
        }

        public boolean observed() {
            return observed;
        }

        @Override
        public String toString() {
            return node + " equivocated at height " + height + " (" + atMillis + " ms)" + (observed ? "" : ", never observed");
        }
    }

    /** Which injection a conflicting message belongs to, and which of its two sides it is. */
    record InjectionPart(Injection injection, int side) {
    }

    private final Scenario scenario;
    private final ChainParams params;
    private final Genesis genesis;
    private final SimulatedClock clock;
    private final EventQueue events;
    private final SimulatedNetwork network;
    private final List<SimNode> nodes = new ArrayList<>();
    private final SplittableRandom workloadRandom;
    private final List<String> violations = new ArrayList<>();
    private final List<Injection> injections = new ArrayList<>();
    private final Map<org.stakechain.consensus.ConsensusMessage, InjectionPart> injectionParts = new java.util.IdentityHashMap<>();
    private final Map<org.stakechain.consensus.ConsensusMessage, org.stakechain.crypto.Hash> messageIds = new java.util.IdentityHashMap<>();
    private final long[] submittedNonce = new long[USERS];
    private final long[] submittedAt = new long[USERS];
    private long evidenceReports;
    private long invalidBlocks;
    private long transactionsSubmitted;

    public Simulation(Scenario scenario) {
        this.scenario = scenario;
        this.params = params(scenario);
        this.genesis = genesis(scenario, params);
        SplittableRandom root = new SplittableRandom(scenario.seed() ^ 0x5DEECE66DL);
        this.clock = new SimulatedClock(GENESIS_TIME);
        this.events = new EventQueue(clock);
        this.network = new SimulatedNetwork(events, root.split(), scenario.network());
        this.workloadRandom = root.split();
        MemoryLedgerState initial = genesis.initialState();
        for (int i = 0; i < scenario.nodeCount(); i++) {
            SimNode node = new SimNode(i, "v" + i, scenario.roles().get(i), validatorKey(i), initial, this, root.split());
            nodes.add(node);
            network.join(node);
        }
        java.util.Arrays.fill(submittedNonce, -1);
    }

    static ChainParams params(Scenario s) {
        ChainParams d = ChainParams.defaults(CHAIN_ID);
        return new ChainParams(CHAIN_ID, s.slotMillis(), d.finalityThresholdBps(), d.minimumStake(), d.validatorFee(),
                d.minimumFee(), d.blockReward(), d.attestorRewardBps(), d.unbondingPeriod(), s.epochLength(),
                d.slashFractionBps(), d.finderFeeBps(), s.epochLength(), d.maxBlockTransactions(), d.maxBlockBytes());
    }

    static Genesis genesis(Scenario s, ChainParams params) {
        List<Genesis.GenesisAccount> accounts = new ArrayList<>();
        List<Genesis.GenesisValidator> validators = new ArrayList<>();
        for (int i = 0; i < s.nodeCount(); i++) {
            accounts.add(new Genesis.GenesisAccount("v" + i, validatorKey(i).address(), Coins.of(10)));
            validators.add(new Genesis.GenesisValidator("v" + i, validatorKey(i).publicKey(), Coins.of(s.stakeCoins().get(i))));
        }
        for (int i = 0; i < USERS; i++) {
            accounts.add(new Genesis.GenesisAccount("u" + i, userKey(i).address(), Coins.of(10_000)));
        }
        return new Genesis(params, GENESIS_TIME, accounts, validators);
    }

    static KeyPair validatorKey(int i) {
        return KEYS.computeIfAbsent("sim/validator/" + i, KeyPair::deterministic);
    }

    static KeyPair userKey(int i) {
        return KEYS.computeIfAbsent("sim/user/" + i, KeyPair::deterministic);
    }

    /** Runs the scenario to its end and returns what happened; the invariants are checked separately. */
    public SimulationResult run() {
        long start = System.nanoTime(); // for the report only; nothing in the run reads it
        for (SimNode node : nodes) {
            events.schedule(GENESIS_TIME + network.size() + nodes.indexOf(node), node::start);
        }
        for (Scenario.ScheduledPartition p : scenario.partitions()) {
            events.schedule(GENESIS_TIME + p.atMillis(), () -> network.partition(p.partition()));
            events.schedule(GENESIS_TIME + p.healMillis(), network::heal);
        }
        for (Scenario.Crash c : scenario.crashes()) {
            SimNode node = nodes.get(c.node());
            events.schedule(GENESIS_TIME + c.atMillis(), node::crash);
            if (c.restartMillis() >= 0) {
                events.schedule(GENESIS_TIME + c.restartMillis(), node::restart);
            }
        }
        scheduleWorkload();
        events.runUntil(GENESIS_TIME + scenario.endMillis(), 5_000_000);
        return new SimulationResult(this, (System.nanoTime() - start) / 1_000_000);
    }

    /** Clients send transfers between the funded users, one outstanding transaction per user at a time. */
    private void scheduleWorkload() {
        long delay = 1 + (long) (-scenario.txIntervalMillis() * Math.log(1 - workloadRandom.nextDouble()));
        events.after(delay, () -> {
            submitTransfer();
            scheduleWorkload();
        });
    }

    private void submitTransfer() {
        SimNode reference = mostAdvancedOnline();
        if (reference == null) {
            return;
        }
        int sender = workloadRandom.nextInt(USERS);
        KeyPair key = userKey(sender);
        long nonce = reference.state().account(key.address()).nonce();
        if (submittedNonce[sender] >= nonce && clock.now() - submittedAt[sender] < 5_000) {
            return; // its last transaction is still on its way
        }
        int to = (sender + 1 + workloadRandom.nextInt(USERS - 1)) % USERS;
        Transaction tx = Transaction.sign(CHAIN_ID, key, nonce, params.minimumFee() + workloadRandom.nextInt(1_000),
                new TxPayload.Transfer(userKey(to).address(), Coins.of(1 + workloadRandom.nextInt(20))));
        submittedNonce[sender] = nonce;
        submittedAt[sender] = clock.now();
        transactionsSubmitted++;
        List<SimNode> up = nodes.stream().filter(SimNode::online).toList();
        up.get(workloadRandom.nextInt(up.size())).submit(tx);
    }

    private SimNode mostAdvancedOnline() {
        SimNode best = null;
        for (SimNode n : nodes) {
            if (n.online() && (best == null || n.height() > best.height())) {
                best = n;
            }
        }
        return best;
    }

    /**
     * A message's id (its hash), computed once per message object: the network hands every receiver the same
     * object, and hashing it at each of them was a good part of a run's cost.
     */
    org.stakechain.crypto.Hash idOf(org.stakechain.consensus.ConsensusMessage m) {
        return messageIds.computeIfAbsent(m, SimNode::dedupKey);
    }

    // ---- callbacks from the nodes ----

    void violation(String what) {
        violations.add("at " + (clock.now() - GENESIS_TIME) + " ms: " + what);
    }

    void evidenceReported(SimNode node, SlashingEvidence evidence) {
        evidenceReports++;
    }

    void equivocationInjected(SimNode node, org.stakechain.consensus.ConsensusMessage a,
                              org.stakechain.consensus.ConsensusMessage b) {
        Injection injection = new Injection(node.key().publicKey(), node.name(), a.height(), clock.now() - GENESIS_TIME);
        injections.add(injection);
        injectionParts.put(a, new InjectionPart(injection, 1));
        injectionParts.put(b, new InjectionPart(injection, 2));
    }

    /** The injection a received message is one side of, if it is. */
    InjectionPart injectionPart(org.stakechain.consensus.ConsensusMessage m) {
        return injectionParts.get(m);
    }

    void invalidBlockProposed() {
        invalidBlocks++;
    }

    // ---- accessors ----

    public Scenario scenario() {
        return scenario;
    }

    public ChainParams params() {
        return params;
    }

    public Genesis genesis() {
        return genesis;
    }

    SimulatedClock clock() {
        return clock;
    }

    EventQueue events() {
        return events;
    }

    SimulatedNetwork network() {
        return network;
    }

    public SimNode node(int i) {
        return nodes.get(i);
    }

    public List<SimNode> nodes() {
        return nodes;
    }

    int userCount() {
        return USERS;
    }

    public List<String> violations() {
        return violations;
    }

    public List<Injection> injections() {
        return injections;
    }

    public long evidenceReports() {
        return evidenceReports;
    }

    public long invalidBlocks() {
        return invalidBlocks;
    }

    public long transactionsSubmitted() {
        return transactionsSubmitted;
    }
}
