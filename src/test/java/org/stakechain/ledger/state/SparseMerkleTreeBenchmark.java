package org.stakechain.ledger.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
import org.stakechain.crypto.Hash;
import org.stakechain.testing.CpuSamples;

/**
 * The state root's cost for one block: 1,000 changed accounts in a 100,000-account state, nodes in memory
 * (so this is hashing and tree work; a RocksDB store adds its reads). Sample mode, so JMH reports the median
 * (p0.50). {@code rehashAllAccounts} is the O(N) alternative the tree exists to avoid. See docs/state-root.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = SparseMerkleTreeBenchmark.WARMUP_ITERATIONS, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class SparseMerkleTreeBenchmark {
    /** Distinct pre-made batches, cycled, so no batch is answered from a warm cache of the last one. */
    private static final int BATCHES = 32;
    static final int WARMUP_ITERATIONS = 3;

    @Param("100000")
    public int accounts;

    @Param("1000")
    public int changed;

    private InMemoryTreeNodeStore store;
    private Hash root;
    private SortedMap<Hash, Optional<Hash>> all;
    private final List<SortedMap<Hash, Optional<Hash>>> updates = new ArrayList<>();
    private final List<SortedMap<Hash, Optional<Hash>>> inserts = new ArrayList<>();
    private int next;
    /** CPU per update of the measured iterations, printed at the end (wall time swings with a shared machine's load). */
    private final CpuSamples cpu = new CpuSamples();
    private int iteration;

    @Setup(Level.Iteration)
    public void startIteration() {
        if (iteration++ == WARMUP_ITERATIONS) {
            cpu.reset();
        }
    }

    @TearDown(Level.Trial)
    public void printCpu() {
        System.out.printf("%nupdate CPU with %d accounts, %d changed: %s%n", accounts, changed, cpu.summary());
    }

    @Setup(Level.Trial)
    public void buildState() {
        TreeTestData data = new TreeTestData(20_240_601L);
        all = TreeTestData.inserts(data.entries(accounts));
        // as the node's StateTree: the walk reads the root from the map and follows the nodes' links below it
        store = InMemoryTreeNodeStore.linked();
        TreeUpdate built = SparseMerkleTree.update(Hash.ZERO, all, store);
        store.write(built);
        root = built.root();

        List<Hash> keys = new ArrayList<>(all.keySet());
        for (int b = 0; b < BATCHES; b++) {
            SortedMap<Hash, Optional<Hash>> update = new TreeMap<>();
            while (update.size() < changed) {
                update.put(keys.get(data.random().nextInt(keys.size())), Optional.of(data.value()));
            }
            updates.add(update);
            SortedMap<Hash, Optional<Hash>> insert = new TreeMap<>();
            while (insert.size() < changed) {
                insert.put(data.key(), Optional.of(data.value()));
            }
            inserts.add(insert);
        }
    }

    /** A block that changes the balances of 1,000 existing accounts. */
    @Benchmark
    public TreeUpdate updateExistingAccounts() {
        cpu.start();
        return cpu.stop(SparseMerkleTree.update(root, updates.get(next++ % BATCHES), store));
    }

    /** A block that creates 1,000 new accounts. */
    @Benchmark
    public TreeUpdate createNewAccounts() {
        cpu.start();
        return cpu.stop(SparseMerkleTree.update(root, inserts.get(next++ % BATCHES), store));
    }

    /** The O(N) baseline: rebuild the commitment over every account. */
    @Benchmark
    public TreeUpdate rehashAllAccounts() {
        return SparseMerkleTree.update(Hash.ZERO, all, InMemoryTreeNodeStore.empty());
    }
}
