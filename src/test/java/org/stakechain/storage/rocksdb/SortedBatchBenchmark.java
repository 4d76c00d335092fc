package org.stakechain.storage.rocksdb;

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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rocksdb.RocksDBException;
import org.stakechain.storage.Column;
import org.stakechain.storage.WriteBatch;

/**
 * Writing a block-sized batch (3,000 puts of random 32-byte keys, as a block's accounts and transaction index
 * are, with 100-byte values) to RocksDB in the batch's own order against sorted by key
 * ({@link SerializedBatch#sorted}): serialization and the native write, the write-ahead log not synced so the
 * memtable's inserts are what differs. Run: {@code scripts/jmh.sh SortedBatchBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SortedBatchBenchmark {
    @Param({"given", "sorted"})
    String order;

    @Param({"3000"})
    int operations;

    private Path dir;
    private RocksDbKeyValueStore store;
    private final List<WriteBatch> batches = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("sorted-batch");
        store = RocksDbKeyValueStore.open(dir);
        SplittableRandom random = new SplittableRandom(42);
        for (int b = 0; b < 64; b++) {
            WriteBatch batch = new WriteBatch();
            for (int i = 0; i < operations; i++) {
                byte[] key = new byte[32];
                byte[] value = new byte[100];
                random.nextBytes(key);
                random.nextBytes(value);
                batch.put(i % 3 == 0 ? Column.values()[0] : Column.values()[1], key, value);
            }
            batches.add(batch);
        }
    }

    @Benchmark
    public int write() throws RocksDBException {
        WriteBatch batch = batches.get(next++ & 63);
        byte[] bytes = "sorted".equals(order) ? SerializedBatch.sorted(batch, store::familyId)
                : SerializedBatch.of(batch, store::familyId);
        store.writeSerialized(bytes);
        return bytes.length;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
