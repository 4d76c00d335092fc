package org.stakechain.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.VerifiedSignatures;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.mempool.SignatureVerifiers;
import org.stakechain.testing.TestChain;

/**
 * A catching-up node replaying {@value #BLOCKS} stored final blocks of {@value #TXS_PER_BLOCK} transfers each, as
 * {@link Node} does: the batch's signatures checked ahead ({@link SyncReplay#verifyAhead}), then each block's
 * certificate checked and the block applied in order (state tree included; the RocksDB commit is not). Both
 * benchmarks report transactions per second, so {@code replayOneThread / verifyOnly} is the share of the
 * signature bound that replay reaches. The target is 0.8 on one core:
 *
 * <pre>taskset -c 0 scripts/jmh.sh SyncReplayBenchmark -f 1 -wi 2 -i 3 -w 3s -r 5s</pre>
 *
 * On a loaded machine wall-clock rates swing; {@code ratioByCpuTime} measures both in thread CPU time within
 * one invocation, and {@code replayPreVerified} shows what replay costs besides the signatures.
 *
 * ({@code taskset} pins the build and the forked benchmark JVM to core 0.) {@code replayParallel} uses a helper
 * per extra core, as a node does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SyncReplayBenchmark {
    static final int BLOCKS = 10;
    static final int TXS_PER_BLOCK = 1_000;

    ChainParams params;
    MemoryLedgerState genesisState;
    List<ConsensusMessage.Decided> decided;
    List<Transaction> all;
    SignatureVerifiers oneThread;
    VerifiedSignatures allKnown;
    SignatureVerifiers perCore;

    @Setup(Level.Trial)
    public void setUp() {
        params = ChainParams.defaults("bench");
        List<KeyPair> validators = new ArrayList<>();
        List<Genesis.GenesisValidator> set = new ArrayList<>();
        for (int v = 0; v < 4; v++) {
            KeyPair k = KeyPair.deterministic("bench/sync/validator/" + v);
            validators.add(k);
            set.add(new Genesis.GenesisValidator("v" + v, k.publicKey(), Coins.of(100)));
        }
        List<KeyPair> senders = new ArrayList<>();
        List<Genesis.GenesisAccount> accounts = new ArrayList<>();
        for (int i = 0; i < TXS_PER_BLOCK; i++) {
            KeyPair k = KeyPair.deterministic("bench/sync/sender/" + i);
            senders.add(k);
            accounts.add(new Genesis.GenesisAccount("", k.address(), Coins.of(1_000)));
        }
        Genesis genesis = new Genesis(params, 0, accounts, set);
        genesisState = genesis.initialState();
        TestChain chain = new TestChain(genesis, validators);
        decided = new ArrayList<>();
        all = new ArrayList<>();
        for (int b = 0; b < BLOCKS; b++) {
            List<Transaction> txs = new ArrayList<>();
            for (int i = 0; i < TXS_PER_BLOCK; i++) {
                txs.add(Transaction.sign(params.chainId(), senders.get(i), b, params.minimumFee(),
                        new TxPayload.Transfer(senders.get((i + 1) % TXS_PER_BLOCK).address(), Coins.of(1))));
            }
            chain.next(txs);
            decided.add(new ConsensusMessage.Decided(chain.blocks().get(b), chain.lastCertificate().orElseThrow()));
            all.addAll(txs);
        }
        if (decided.stream().anyMatch(d -> d.block().transactions().size() != TXS_PER_BLOCK)) {
            throw new IllegalStateException("a block did not take all its transfers");
        }
        oneThread = SignatureVerifiers.inline();
        java.util.Set<org.stakechain.crypto.Hash> hashes = new java.util.HashSet<>();
        all.forEach(tx -> hashes.add(tx.hash()));
        allKnown = hashes::contains;
        perCore = SignatureVerifiers.perCore("bench-verify");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        perCore.close();
    }

    private MemoryLedgerState replay(SignatureVerifiers verifiers) {
        VerifiedSignatures known = SyncReplay.verifyAhead(decided, VerifiedSignatures.NONE, verifiers);
        MemoryLedgerState state = genesisState;
        for (ConsensusMessage.Decided d : decided) {
            SyncReplay.Result r = SyncReplay.replay(params, state, d.block(), d.certificate(), known);
            if (!(r instanceof SyncReplay.Applied applied)) {
                throw new IllegalStateException("replay refused: " + r);
            }
            state = state.apply(applied.outcome().changes());
        }
        return state;
    }

    @Benchmark
    @OperationsPerInvocation(BLOCKS * TXS_PER_BLOCK)
    public MemoryLedgerState replayOneThread() {
        return replay(oneThread);
    }

    @Benchmark
    @OperationsPerInvocation(BLOCKS * TXS_PER_BLOCK)
    public MemoryLedgerState replayParallel() {
        return replay(perCore);
    }

    /** Replay with every signature already known: the cost of everything but the transactions' verifies. */
    @Benchmark
    @OperationsPerInvocation(BLOCKS * TXS_PER_BLOCK)
    public MemoryLedgerState replayPreVerified() {
        MemoryLedgerState state = genesisState;
        for (ConsensusMessage.Decided d : decided) {
            SyncReplay.Result r = SyncReplay.replay(params, state, d.block(), d.certificate(), allKnown);
            state = state.apply(((SyncReplay.Applied) r).outcome().changes());
        }
        return state;
    }

    /**
     * The ratio on a shared machine: one invocation replays on one thread and verifies only, block by block and
     * interleaved (replay block b, verify block b's signatures, alternating which goes first), each timed in this
     * thread's CPU time, so other processes' load cancels out and a change of load hits both sides alike. Read
     * {@code replayCpuMicros} and {@code verifyCpuMicros}: their quotient {@code verify / replay} is the share of the
     * bound replay reaches.
     */
    @Benchmark
    public void ratioByCpuTime(CpuTimes times) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        MemoryLedgerState state = genesisState;
        int valid = 0;
        for (int b = 0; b < BLOCKS; b++) {
            ConsensusMessage.Decided d = decided.get(b);
            boolean replayFirst = b % 2 == 0;
            if (!replayFirst) {
                long t0 = mx.getCurrentThreadCpuTime();
                valid += verifyOnly(d);
                times.verifyCpuMicros += (mx.getCurrentThreadCpuTime() - t0) / 1_000;
            }
            long t1 = mx.getCurrentThreadCpuTime();
            state = replayOne(state, d);
            times.replayCpuMicros += (mx.getCurrentThreadCpuTime() - t1) / 1_000;
            if (replayFirst) {
                long t2 = mx.getCurrentThreadCpuTime();
                valid += verifyOnly(d);
                times.verifyCpuMicros += (mx.getCurrentThreadCpuTime() - t2) / 1_000;
            }
        }
        if (valid != all.size()) {
            throw new IllegalStateException();
        }
    }

    /** One block as {@link #replay} does it: its signatures checked ahead on this thread, then checked and applied. */
    private MemoryLedgerState replayOne(MemoryLedgerState state, ConsensusMessage.Decided d) {
        VerifiedSignatures known = SyncReplay.verifyAhead(List.of(d), VerifiedSignatures.NONE, oneThread);
        SyncReplay.Result r = SyncReplay.replay(params, state, d.block(), d.certificate(), known);
        if (!(r instanceof SyncReplay.Applied applied)) {
            throw new IllegalStateException("replay refused: " + r);
        }
        return state.apply(applied.outcome().changes());
    }

    private static int verifyOnly(ConsensusMessage.Decided d) {
        int valid = 0;
        for (Transaction tx : d.block().transactions()) {
            if (tx.verifySignature()) {
                valid++;
            }
        }
        return valid;
    }

    /** CPU microseconds per iteration, summed over the invocations (JMH reports these totals). */
    @State(Scope.Thread)
    @org.openjdk.jmh.annotations.AuxCounters(org.openjdk.jmh.annotations.AuxCounters.Type.EVENTS)
    public static class CpuTimes {
        public long replayCpuMicros;
        public long verifyCpuMicros;

        @Setup(Level.Iteration)
        public void reset() {
            replayCpuMicros = 0;
            verifyCpuMicros = 0;
        }
    }

    /** The bound: each transaction's signature verified once (the node's strict path), nothing else. */
    @Benchmark
    @OperationsPerInvocation(BLOCKS * TXS_PER_BLOCK)
    public int verifyOnly() {
        int valid = 0;
        for (Transaction tx : all) {
            if (tx.verifySignature()) {
                valid++;
            }
        }
        return valid;
    }
}
