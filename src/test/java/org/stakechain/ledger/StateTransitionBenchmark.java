package org.stakechain.ledger;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/**
 * Applying a block of N transfers from N distinct funded senders to N new recipients: signature checks, the state
 * transition, the state-root update and the transaction root (each invocation applies a fresh {@link Block}
 * instance, as a node receives one per block, so the root cached in the block is computed again); the same with
 * the signatures already known (verified once, at admission); and the forger's side, {@link BlockBuilder#build}
 * (selection, execution, sealing) over the same transfers. {@code accounts} funds that many accounts in all
 * (the senders among them), so the state tree is as deep as a larger chain's. Run:
 * {@code scripts/jmh.sh StateTransitionBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s} (add {@code -p accounts=100000}).
 *
 * <p>Each benchmark also reports its thread's CPU time ({@code cpuMicros} over {@code calls} per iteration): on a
 * shared machine the wall-clock score swings with the load, the CPU time much less (GC threads not counted).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StateTransitionBenchmark {

    @Param({"1000"})
    int transfers;

    /** Funded accounts at genesis, senders included; the rest have no keys (they only deepen the tree). */
    @Param({"1000"})
    int accounts;

    ChainParams params;
    MemoryLedgerState state;
    KeyPair forger;
    List<Transaction> txs;
    Block block;
    VerifiedSignatures known;

    @Setup(Level.Trial)
    public void setUp() {
        params = ChainParams.defaults("bench");
        forger = KeyPair.deterministic("bench/forger");
        List<Genesis.GenesisAccount> funded = new ArrayList<>();
        List<KeyPair> senders = new ArrayList<>();
        for (int i = 0; i < transfers; i++) {
            KeyPair k = KeyPair.deterministic("bench/sender/" + i);
            senders.add(k);
            funded.add(new Genesis.GenesisAccount("", k.address(), Coins.of(1_000)));
        }
        for (int i = transfers; i < accounts; i++) {
            byte[] raw = new byte[Address.LENGTH];
            System.arraycopy(Hash.of(("bench/holder/" + i).getBytes()).bytes(), 0, raw, 0, raw.length);
            funded.add(new Genesis.GenesisAccount("", Address.wrap(raw), Coins.of(1)));
        }
        Genesis genesis = new Genesis(params, 0, funded,
                List.of(new Genesis.GenesisValidator("forger", forger.publicKey(), Coins.of(100))));
        state = genesis.initialState();
        txs = new ArrayList<>();
        for (int i = 0; i < transfers; i++) {
            txs.add(Transaction.sign(params.chainId(), senders.get(i), 0, params.minimumFee(),
                    new TxPayload.Transfer(KeyPair.deterministic("bench/recipient/" + i).address(), Coins.of(1))));
        }
        block = BlockBuilder.build(params, state, forger, 0, 1, txs, Optional.empty()).block();
        Set<Hash> hashes = new HashSet<>();
        txs.forEach(tx -> hashes.add(tx.hash()));
        known = hashes::contains;
    }

    /** Thread CPU time of the calls of one iteration (JMH sums EVENTS counters over an iteration). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        public long cpuMicros;
        public long calls;
        private long started;

        @Setup(Level.Iteration)
        public void reset() {
            cpuMicros = 0;
            calls = 0;
        }

        void start() {
            started = THREADS.getCurrentThreadCpuTime();
        }

        <T> T stop(T result) {
            cpuMicros += (THREADS.getCurrentThreadCpuTime() - started) / 1_000;
            calls++;
            return result;
        }
    }

    /** A new instance of the block, as decoded from a peer: its transaction root not yet computed. */
    private Block received() {
        return Block.of(block.header(), block.transactions(), block.lastCommit());
    }

    @Benchmark
    public BlockOutcome applyBlock(CpuTime cpu) {
        cpu.start();
        return cpu.stop(StateTransition.apply(params, state, received()));
    }

    /** The same block with every signature already verified on this node (the mempool's cache): the saved cost. */
    @Benchmark
    public BlockOutcome applyBlockPreVerified(CpuTime cpu) {
        cpu.start();
        return cpu.stop(StateTransition.apply(params, state, received(), known));
    }

    /** The forger: select the includable transfers (signatures known), execute, seal the header. */
    @Benchmark
    public BlockBuilder.Built buildBlockPreVerified(CpuTime cpu) {
        cpu.start();
        return cpu.stop(BlockBuilder.build(params, state, forger, 0, 1, txs, Optional.empty(), known));
    }
}
