package org.stakechain.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stakechain.storage.Column;
import org.stakechain.storage.KeyValueStore;
import org.stakechain.storage.WriteBatch;
import org.stakechain.storage.memory.InMemoryKeyValueStore;
import org.stakechain.testing.Seeds;

/**
 * RocksDB gets each batch's operations in key order ({@link SerializedBatch#inKeyOrder}), not in the batch's; the
 * store must end up holding exactly what applying the operations one by one in the batch's order gives (the
 * in-memory store does that). Seeded batches over a small key space, so keys repeat within a batch and across
 * batches, with deletes of present and absent keys, in several columns; a failure prints its seed, replay with
 * {@code -Dstorage.batch.seed=N}, run more with {@code -Dstorage.batch.seeds=N}.
 */
class KeyOrderedBatchTest {
    @Test
    void keyOrderedBatchesLeaveTheSameContentsAsTheOperationsInTheirOrder(@TempDir Path dir) {
        for (long seed : Seeds.of("storage.batch.seed", 4_100, 4)) {
            try (KeyValueStore rocks = RocksDbKeyValueStore.open(dir.resolve("s" + seed), 8L << 20);
                 KeyValueStore reference = new InMemoryKeyValueStore()) {
                SplittableRandom random = new SplittableRandom(seed);
                for (int b = 0; b < 30; b++) {
                    WriteBatch batch = randomBatch(random);
                    rocks.write(batch, b % 2 == 0);
                    reference.write(batch, false);
                    if (b == 15 && rocks instanceof RocksDbKeyValueStore r) {
                        r.flush(); // later batches then also meet keys in table files, not only in the memtable
                    }
                    for (Column c : new Column[] {Column.ACCOUNTS, Column.TX_INDEX, Column.META}) {
                        assertThat(rocks.scan(c, new byte[0], null, Integer.MAX_VALUE))
                                .as("seed %d (replay with -Dstorage.batch.seed=%d), batch %d, column %s", seed, seed, b, c)
                                .isEqualTo(reference.scan(c, new byte[0], null, Integer.MAX_VALUE));
                    }
                }
            }
        }
    }

    private static WriteBatch randomBatch(SplittableRandom random) {
        WriteBatch batch = new WriteBatch();
        int ops = 1 + random.nextInt(400);
        for (int i = 0; i < ops; i++) {
            Column column = new Column[] {Column.ACCOUNTS, Column.TX_INDEX, Column.META}[random.nextInt(3)];
            // 1 or 2 bytes from a small space: repeats in a batch, a prefix of another key, bytes above 0x7f
            byte[] key = new byte[1 + random.nextInt(2)];
            for (int k = 0; k < key.length; k++) {
                key[k] = (byte) (random.nextInt(6) * 51);
            }
            if (random.nextInt(3) == 0) {
                batch.delete(column, key);
            } else {
                byte[] value = new byte[random.nextInt(40)];
                random.nextBytes(value);
                batch.put(column, key, value);
            }
        }
        return batch;
    }
}
