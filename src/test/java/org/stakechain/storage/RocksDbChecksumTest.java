package org.stakechain.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stakechain.storage.rocksdb.RocksDbKeyValueStore;

/**
 * RocksDB opens a store whose table file has 64 garbled bytes without noticing; {@code verifyChecksums} finds them.
 * Regression for the fault suite's finding: a follower restarted on such a store ran, and answered 500 for a
 * final block in the garbled file for as long as it ran (the node now verifies at start and refuses).
 */
class RocksDbChecksumTest {
    @TempDir
    Path dir;

    @Test
    void aGarbledTableFileOpensButFailsTheChecksumVerification() throws IOException {
        Path db = dir.resolve("db");
        RocksDbKeyValueStore store = RocksDbKeyValueStore.open(db, 8L << 20);
        Random random = new Random(5);
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 20_000; i++) {
            byte[] value = new byte[100];
            random.nextBytes(value); // incompressible, so the file is large and the garbled bytes hit data
            batch.put(Column.BLOCKS, ("key-" + i).getBytes(), value);
        }
        store.write(batch, true);
        store.flush();
        store.verifyChecksums(); // intact: passes
        store.close();

        Path sst;
        try (Stream<Path> files = Files.list(db)) {
            List<Path> tables = files.filter(p -> p.toString().endsWith(".sst")).toList();
            sst = tables.stream().max(Comparator.comparingLong(RocksDbChecksumTest::size)).orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(sst.toFile(), "rw")) {
            byte[] junk = new byte[64];
            random.nextBytes(junk);
            f.seek(f.length() / 3);
            f.write(junk);
        }

        RocksDbKeyValueStore damaged = RocksDbKeyValueStore.open(db, 8L << 20);
        try {
            assertThatThrownBy(damaged::verifyChecksums).isInstanceOf(StorageException.class)
                    .hasMessageContaining("damaged").hasMessageContaining("verifying checksums");
        } finally {
            damaged.close();
        }
        assertThat(size(sst)).isPositive();
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
