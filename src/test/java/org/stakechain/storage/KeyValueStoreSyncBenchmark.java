package org.stakechain.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
import org.stakechain.storage.rocksdb.RocksDbKeyValueStore;

/**
 * What the sync policy costs: one RocksDB batch of {@code ops} 65-byte values (a tree node's size) under 32-byte
 * keys, written with and without fsync of the write-ahead log. A block of 1,000 transfers is ~40,000 operations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class KeyValueStoreSyncBenchmark {
    @Param({"1", "40000"})
    int ops;

    @Param({"true", "false"})
    boolean sync;

    private Path dir;
    private RocksDbKeyValueStore store;
    private final SplittableRandom random = new SplittableRandom(1);

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("kv-sync-bench");
        store = RocksDbKeyValueStore.open(dir);
    }

    @Benchmark
    public int writeBatch() {
        WriteBatch batch = new WriteBatch();
        byte[] value = new byte[65];
        for (int i = 0; i < ops; i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            batch.put(Column.TREE_NODES, key, value);
        }
        store.write(batch, sync);
        return batch.size();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
