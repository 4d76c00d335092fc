package org.stakechain.mempool;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.Signature;
import org.stakechain.ledger.BlockBuilder;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/**
 * What a final block costs the pool on the consensus thread, at the size a loaded node sees: a pool of
 * {@value #POOL} transfers ({@value #SENDERS} senders, {@value #PER_SENDER} nonces each) and a block of
 * {@value #BLOCK} of them (the first nonce of half the senders). {@link #onFinalBlock}: the block's entries leave
 * and the senders are judged again against the new head; the pool is refilled before every invocation (untimed),
 * after a first final block has settled it at the genesis head, as on a running node (single shots: many warm-up
 * iterations, or the JIT has not compiled the code yet). {@link #candidates}: the
 * forger's selection of a full block from the same pool. Signatures are not checked (the pool's own cost only;
 * the transactions carry a zero signature, and the block is built with them taken as verified). Run:
 * {@code scripts/jmh.sh MempoolFinalBlockBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 40, batchSize = 1)
@Measurement(iterations = 30, batchSize = 1)
@Fork(1)
public class MempoolFinalBlockBenchmark {
    static final int SENDERS = 10_000;
    static final int PER_SENDER = 2;
    static final int POOL = SENDERS * PER_SENDER;
    static final int BLOCK = 5_000;
    static final int OFFERED = 1_000;

    private ChainParams params;
    private MemoryLedgerState genesisState;
    private MemoryLedgerState afterBlock;
    private Block block;
    private Block settle;
    private List<Transaction> txs;
    private Mempool selectFrom;
    private Mempool pool;

    @Setup(Level.Trial)
    public void prepare() {
        params = ChainParams.defaults("bench"); // blocks of at most 5,000 transactions, 4 MiB
        Funded funded = Funded.of(params);
        List<KeyPair> senders = funded.senders();
        KeyPair forger = funded.forger();
        genesisState = funded.genesis();
        txs = new ArrayList<>();
        Signature unchecked = Signature.wrap(new byte[Signature.LENGTH]);
        for (int n = 0; n < PER_SENDER; n++) {
            for (int i = 0; i < SENDERS; i++) {
                // fees spread so that the block is the first nonce of the better-paying half of the senders
                txs.add(Transaction.of(params.chainId(), senders.get(i).publicKey(), n,
                        params.minimumFee() + (i % 2 == 0 ? 1_000 : 0) + i % 97,
                        new TxPayload.Transfer(forger.address(), Coins.of(1)), unchecked));
            }
        }
        selectFrom = freshPool();
        List<Transaction> chosen = new ArrayList<>();
        for (Transaction tx : selectFrom.candidates(genesisState, POOL, Long.MAX_VALUE)) {
            if (tx.nonce() == 0 && chosen.size() < BLOCK && tx.fee() >= params.minimumFee() + 1_000) {
                chosen.add(tx);
            }
        }
        BlockBuilder.Built built = BlockBuilder.build(params, genesisState, forger, 0, 1, chosen, Optional.empty(),
                hash -> true);
        block = built.block();
        if (block.transactions().size() != BLOCK) {
            throw new IllegalStateException("block of " + block.transactions().size() + " transactions");
        }
        afterBlock = genesisState.apply(built.outcome().changes());
        settle = BlockBuilder.build(params, genesisState, forger, 0, 1, List.of(), Optional.empty()).block();
    }

    private Mempool freshPool() {
        Mempool p = new Mempool(params, MempoolConfig.defaults(), tx -> true); // holds 20,000
        for (Transaction tx : txs) {
            if (!p.add(tx, genesisState).isAccepted()) {
                throw new IllegalStateException("not admitted: " + tx);
            }
        }
        return p;
    }

    /** A full pool, settled at the genesis head by an (empty) earlier final block, as on a running node. */
    @Setup(Level.Invocation)
    public void refill() {
        pool = freshPool();
        pool.onFinalBlock(settle, genesisState);
    }

    @Benchmark
    public List<Removal> onFinalBlock() {
        return pool.onFinalBlock(block, afterBlock);
    }

    /** Repeated on the same pool (selection changes nothing), so timed as an average over 1 s iterations. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 5, time = 1)
    @Measurement(iterations = 10, time = 1)
    public List<Transaction> candidates() {
        return selectFrom.candidates(genesisState);
    }

    /**
     * The forger's candidates when offered {@value #OFFERED}, about what its {@code BlockSizer} offers at the bench's
     * maximum rate (blocks of ~1,000-1,300 transfers at 100 ms slots): a block's worth from a pool of
     * {@value #SENDERS} senders.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 5, time = 1)
    @Measurement(iterations = 10, time = 1)
    public List<Transaction> candidatesOfABlock() {
        return selectFrom.candidates(genesisState, OFFERED, params.maxBlockBytes());
    }

    /** {@value #SENDERS} funded senders, the forger and their genesis: this benchmark's chain, and MempoolCpuProbe's. */
    record Funded(List<KeyPair> senders, KeyPair forger, MemoryLedgerState genesis) {
        static Funded of(ChainParams params) {
            List<KeyPair> senders = new ArrayList<>();
            List<Genesis.GenesisAccount> accounts = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                KeyPair k = KeyPair.deterministic("bench/final/" + i);
                senders.add(k);
                accounts.add(new Genesis.GenesisAccount("", k.address(), Coins.of(1_000)));
            }
            KeyPair forger = KeyPair.deterministic("bench/final/forger");
            return new Funded(senders, forger, new Genesis(params, 0, accounts, List.of(new Genesis.GenesisValidator(
                    "f", forger.publicKey(), Coins.of(100)))).initialState());
        }
    }
}
