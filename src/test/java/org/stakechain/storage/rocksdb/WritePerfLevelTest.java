package org.stakechain.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.PerfLevel;
import org.stakechain.storage.Column;
import org.stakechain.storage.WriteBatch;

/**
 * A write turns RocksDB's per-thread perf counters off on the thread that writes (they cost ~3% of a block's write
 * and nobody reads them), whichever thread that is, and the write still lands.
 */
class WritePerfLevelTest {
    @Test
    void aWriteDisablesPerfCountersOnTheWritingThread(@TempDir Path dir) throws Exception {
        try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir, 8L << 20)) {
            for (int n = 0; n < 2; n++) {
                int i = n;
                byte[] key = {(byte) i};
                PerfLevel[] levels = onNewThread(() -> {
                    PerfLevel before = store.perfLevelOfThisThread();
                    store.write(new WriteBatch().put(Column.ACCOUNTS, key, new byte[] {7}), i == 0);
                    return new PerfLevel[] {before, store.perfLevelOfThisThread()};
                });
                assertThat(levels[0]).as("a new thread starts at RocksDB's default").isNotEqualTo(PerfLevel.DISABLE);
                assertThat(levels[1]).isEqualTo(PerfLevel.DISABLE);
                assertThat(store.get(Column.ACCOUNTS, key)).hasValueSatisfying(v -> assertThat(v).containsExactly(7));
            }
            assertThat(onNewThread(store::perfLevelOfThisThread)).as("a thread that has not written")
                    .isNotEqualTo(PerfLevel.DISABLE);
        }
    }

    private static <T> T onNewThread(Callable<T> task) throws Exception {
        FutureTask<T> future = new FutureTask<>(task);
        Thread thread = new Thread(future, "perf-level-test");
        thread.start();
        return future.get(60, TimeUnit.SECONDS);
    }
}
