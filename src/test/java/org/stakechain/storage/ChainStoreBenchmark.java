package org.stakechain.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.BlockBuilder;
import org.stakechain.ledger.BlockOutcome;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.StateTransition;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.storage.rocksdb.RocksDbKeyValueStore;
import org.stakechain.testing.CpuSamples;

/**
 * {@link ChainStore#commit} of a block of 1,000 transfers (from 1,000 funded senders to 1,000 new accounts) on
 * RocksDB in a temporary directory: one synced write batch with the block, its indexes and ~2,000 accounts (and,
 * in the in-memory tree, the new root held: docs/storage.md). The store holds {@code accounts} funded
 * accounts (the senders among them). Blocks and their state changes are prepared before the measurement, so only
 * the commit is timed. Also measured: {@link ChainStore#open} of the resulting store, which rebuilds the state
 * tree from the stored accounts ({@link #reopen}, once per trial). Run:
 * {@code scripts/jmh.sh ChainStoreBenchmark} (add {@code -p accounts=100000} for only the large store).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = ChainStoreBenchmark.WARMUP, batchSize = 1)
@Measurement(iterations = ChainStoreBenchmark.MEASURED, batchSize = 1)
public class ChainStoreBenchmark {
    static final int WARMUP = 10;
    static final int MEASURED = 40;

    @Param({"1000"})
    int transfers;

    /** Funded accounts in the genesis (at least {@code transfers}: the first ones send). */
    @Param({"1000", "10000", "100000"})
    int accounts;

    private Path dir;
    private ChainStore store;
    private final List<Prepared> blocks = new ArrayList<>();
    private int next;
    private HeadState view;
    /** The benchmark thread's CPU per measured commit (the synced write's wait for the disk is not CPU). */
    private final CpuSamples cpu = new CpuSamples();

    private record Prepared(Block block, CommitCertificate certificate, BlockOutcome.Applied outcome) {
    }

    /**
     * Builds the whole chain in memory first (signing and verifying 1,000 transactions per block takes seconds
     * here): each measured iteration then commits the next block, and nothing but the commit is timed.
     */
    @Setup(Level.Trial)
    public void prepare() throws IOException {
        ChainParams params = ChainParams.defaults("bench");
        KeyPair forger = KeyPair.deterministic("bench/forger");
        List<KeyPair> senders = new ArrayList<>();
        List<Genesis.GenesisAccount> funded = new ArrayList<>();
        for (int i = 0; i < transfers; i++) {
            KeyPair k = KeyPair.deterministic("bench/sender/" + i);
            senders.add(k);
            funded.add(new Genesis.GenesisAccount("", k.address(), Coins.of(1_000_000)));
        }
        for (int i = transfers; i < accounts; i++) {
            // holders that only need an address: deriving 100,000 key pairs would dominate the set-up
            byte[] raw = java.util.Arrays.copyOf(org.stakechain.crypto.Hash.of(("bench/holder/" + i)
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)).bytes(), 20);
            funded.add(new Genesis.GenesisAccount("", org.stakechain.crypto.Address.wrap(raw), Coins.of(10)));
        }
        Genesis genesis = new Genesis(params, 0, funded,
                List.of(new Genesis.GenesisValidator("forger", forger.publicKey(), Coins.of(100))));
        MemoryLedgerState state = genesis.initialState();
        Optional<CommitCertificate> last = Optional.empty();
        for (int b = 0; b < WARMUP + MEASURED + 2; b++) {
            long height = state.chain().height() + 1;
            List<Transaction> txs = new ArrayList<>();
            for (int i = 0; i < transfers; i++) {
                KeyPair from = senders.get(i);
                txs.add(Transaction.sign(params.chainId(), from, state.account(from.address()).nonce(),
                        params.minimumFee(), new TxPayload.Transfer(
                                KeyPair.deterministic("bench/recipient/" + b + "/" + i).address(), Coins.of(1))));
            }
            Block block = BlockBuilder.build(params, state, forger, 0, state.chain().lastTimestampMillis() + 1, txs,
                    last).block();
            BlockOutcome.Applied outcome = (BlockOutcome.Applied) StateTransition.apply(params, state, block);
            CommitCertificate certificate = CommitCertificate.fromVotes(height, 0, block.hash(), List.of(
                    Vote.sign(VoteKind.CONFIRM, params.chainId(), height, 0, Optional.of(block.hash()), forger)));
            blocks.add(new Prepared(block, certificate, outcome));
            state = state.apply(outcome.changes());
            last = Optional.of(certificate);
        }
        dir = Files.createTempDirectory("chainstore-bench");
        store = ChainStore.open(RocksDbKeyValueStore.open(dir));
        store.initialize(genesis);
    }

    @Benchmark
    public long commitBlock() {
        if (next == WARMUP) {
            cpu.reset();
        }
        Prepared p = blocks.get(next++);
        cpu.start();
        store.commit(p.block(), p.certificate(), p.outcome().changes(), p.outcome().receipts());
        return cpu.stop(store.finalHeight());
    }

    /**
     * A commit as the node's consensus thread does it: the engine's view of the head is open across the commit,
     * then a view of the new head is opened and the old one closed (until round 7 that pruned the tree nodes the
     * block made stale; now the closed view's tree is left to the collector).
     */
    @Benchmark
    public long commitBlockWithHeadViews() {
        if (view == null) {
            view = store.headState();
        }
        if (next == WARMUP) {
            cpu.reset();
        }
        Prepared p = blocks.get(next++);
        cpu.start();
        store.commit(p.block(), p.certificate(), p.outcome().changes(), p.outcome().receipts());
        HeadState old = view;
        view = store.headState();
        old.close();
        return cpu.stop(view.height());
    }

    /**
     * After the measured commits: closes the store and times one {@link ChainStore#open} of it (format checks and
     * the state tree rebuilt from every stored account), printed rather than measured by JMH.
     */
    private void reopen() {
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            try (ChainStore reopened = ChainStore.open(RocksDbKeyValueStore.open(dir))) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                System.out.printf("%nChainStore.open with %d accounts at height %d (tree rebuilt): %d ms%n",
                        accounts, reopened.finalHeight(), millis);
            }
        }
    }

    @TearDown(Level.Trial)
    public void closeStore() throws IOException {
        if (view != null) {
            view.close();
        }
        store.close();
        System.out.printf("%ncommit with %d accounts: %s%n", accounts, cpu.summary());
        reopen();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
