package org.stakechain.mempool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/**
 * Admission of pre-signed transfers into an empty pool, {@value #BATCH} per invocation (200 senders, 5 nonces
 * each, random fees): with the Ed25519 check, and without it (the cost of the pool's own rules and lock). Also
 * the batch with its signatures checked in parallel ({@link Mempool#addAll}); and
 * one block's selection from a pool holding {@value #BATCH} entries. Run:
 * {@code java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) org.openjdk.jmh.Main MempoolBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 7, time = 2)
@Fork(1)
public class MempoolBenchmark {
    static final int BATCH = 1_000;
    static final int SENDERS = 200;

    ChainParams params;
    MemoryLedgerState state;
    List<Transaction> txs;
    Mempool full;
    SignatureVerifiers verifiers;

    @Setup(Level.Trial)
    public void setUp() {
        params = ChainParams.defaults("bench");
        List<KeyPair> senders = new ArrayList<>();
        List<Genesis.GenesisAccount> accounts = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            KeyPair k = KeyPair.deterministic("bench/mempool/" + i);
            senders.add(k);
            accounts.add(new Genesis.GenesisAccount("", k.address(), Coins.of(1_000)));
        }
        KeyPair validator = KeyPair.deterministic("bench/mempool/validator");
        state = new Genesis(params, 0, accounts, List.of(new Genesis.GenesisValidator("v", validator.publicKey(),
                Coins.of(100)))).initialState();
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        txs = new ArrayList<>();
        for (int n = 0; n < BATCH / SENDERS; n++) {
            for (KeyPair k : senders) {
                txs.add(Transaction.sign(params.chainId(), k, n, params.minimumFee() + random.nextInt(10_000),
                        new TxPayload.Transfer(validator.address(), Coins.of(1))));
            }
        }
        verifiers = SignatureVerifiers.perCore("bench-verify");
        full = new Mempool(params, MempoolConfig.defaults(), tx -> true);
        txs.forEach(tx -> full.add(tx, state));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void admitWithSignatureCheck(Blackhole bh) {
        Mempool pool = new Mempool(params, MempoolConfig.defaults(), SignatureCheck.ED25519);
        for (Transaction tx : txs) {
            bh.consume(pool.add(tx, state));
        }
    }

    /** The batch as gossip delivers it: signatures in parallel, one helper per core but one (Mempool.addAll). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void admitBatchParallel(Blackhole bh) {
        Mempool pool = new Mempool(params, MempoolConfig.defaults(), SignatureCheck.ED25519);
        bh.consume(pool.addAll(txs, state, verifiers));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        verifiers.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void admitWithoutSignatureCheck(Blackhole bh) {
        Mempool pool = new Mempool(params, MempoolConfig.defaults(), tx -> true);
        for (Transaction tx : txs) {
            bh.consume(pool.add(tx, state));
        }
    }

    /** The batch path (gossip, API batches) without the signature: the pool's own cost per transaction. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void admitBatchWithoutSignatureCheck(Blackhole bh) {
        Mempool pool = new Mempool(params, MempoolConfig.defaults(), tx -> true);
        bh.consume(pool.addAll(txs, state, SignatureVerifiers.inline()));
    }

    /** The same batch again into the pool that holds it: gossip brings most transactions more than once. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void readmitBatchOfDuplicates(Blackhole bh) {
        bh.consume(full.addAll(txs, state, SignatureVerifiers.inline()));
    }

    @Benchmark
    public List<Transaction> selectBlockFromPoolOfBatch() {
        return full.candidates(state);
    }
}
