package org.stakechain.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.stakechain.storage.rocksdb.RocksDbKeyValueStore;
import org.stakechain.testing.CpuSamples;

/**
 * The RocksDB write of one block's batch alone, shaped like a 1,000-transfer block's: the ~150 KB block, 1,000
 * transaction-index entries under random 32-byte hashes, 2,000 accounts under random 20-byte addresses, the head
 * pointer; synced, as a commit writes it. Batches are built before the measurement; the thread's CPU per write is
 * printed at the end (the fsync's wait is not CPU). Run with the nodes' compiler:
 * {@code scripts/jmh.sh BlockBatchWriteBenchmark -jvmArgsAppend -XX:TieredStopAtLevel=1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = BlockBatchWriteBenchmark.WARMUP, batchSize = 1)
@Measurement(iterations = BlockBatchWriteBenchmark.MEASURED, batchSize = 1)
public class BlockBatchWriteBenchmark {
    static final int WARMUP = 20;
    static final int MEASURED = 100;

    private Path dir;
    private RocksDbKeyValueStore store;
    private final List<WriteBatch> batches = new ArrayList<>();
    private int next;
    private final CpuSamples cpu = new CpuSamples();

    @Setup(Level.Trial)
    public void open() throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        for (int b = 0; b < WARMUP + MEASURED; b++) {
            WriteBatch batch = new WriteBatch();
            batch.put(Column.BLOCKS, ChainStore.heightKey(b + 1), bytes(random, 150_000));
            for (int i = 0; i < 1_000; i++) {
                batch.put(Column.TX_INDEX, bytes(random, 32), bytes(random, 14));
            }
            for (int i = 0; i < 2_000; i++) {
                batch.put(Column.ACCOUNTS, bytes(random, 20), bytes(random, 30));
            }
            batch.put(Column.META, ChainStore.META_HEAD, bytes(random, 72));
            batches.add(batch);
        }
        dir = Files.createTempDirectory("block-batch-bench");
        store = RocksDbKeyValueStore.open(dir);
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Benchmark
    public int writeBlockBatch() {
        if (next == WARMUP) {
            cpu.reset();
        }
        WriteBatch batch = batches.get(next++);
        cpu.start();
        store.write(batch, true);
        return cpu.stop(batch.size());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        System.out.printf("%nwrite of a block's batch: %s%n", cpu.summary());
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
