package org.stakechain.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;
import org.stakechain.storage.Column;
import org.stakechain.storage.WriteBatch;
import org.stakechain.testing.Seeds;

/** The batch serialized in Java is byte for byte the one RocksDB's own WriteBatch builds from the same operations. */
class SerializedBatchTest {
    static {
        RocksDB.loadLibrary();
    }

    @Test
    void sameBytesAsRocksDbsOwnBatch(@TempDir Path dir) throws RocksDBException {
        // real column families, as the store opens them: their ids are what the serialized batch names
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        for (Column c : Column.values()) {
            descriptors.add(new ColumnFamilyDescriptor(c.familyName().getBytes(StandardCharsets.US_ASCII)));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
             RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
            try {
                compare(handles);
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        }
    }

    private static void compare(List<ColumnFamilyHandle> handles) throws RocksDBException {
        SplittableRandom random = new SplittableRandom(7);
        WriteBatch batch = new WriteBatch();
        try (org.rocksdb.WriteBatch theirs = new org.rocksdb.WriteBatch()) {
            for (int i = 0; i < 500; i++) {
                Column column = Column.values()[random.nextInt(Column.values().length)];
                // lengths across the varint boundaries (127/128, 16383/16384)
                byte[] key = bytes(random, new int[] {0, 1, 20, 32, 127, 128, 300}[random.nextInt(7)]);
                if (random.nextInt(4) == 0) {
                    batch.delete(column, key);
                    theirs.delete(handles.get(1 + column.ordinal()), key);
                } else {
                    byte[] value = bytes(random, new int[] {0, 13, 127, 128, 16_383, 16_384, 70_000}[random.nextInt(7)]);
                    batch.put(column, key, value);
                    theirs.put(handles.get(1 + column.ordinal()), key, value);
                }
            }
            assertThat(SerializedBatch.of(batch, c -> handles.get(1 + c.ordinal()).getID())).isEqualTo(theirs.data());
        }
    }

    /**
     * Sorted by family and key, the batch leaves the database exactly as the batch in its own order does: random
     * puts and deletes over a few keys (so keys repeat, put after delete and delete after put), applied once each
     * way to two databases, then every column compared.
     */
    @Test
    void sortedBatchLeavesTheSameState(@TempDir Path dir) throws RocksDBException {
        for (long seed : Seeds.of("storage.batch.seed", 500, 3)) {
            System.out.println("sortedBatchLeavesTheSameState seed=" + seed + " (replay: -Dstorage.batch.seed=" + seed
                    + ")");
            sortedBatchLeavesTheSameState(dir.resolve("seed-" + seed), seed);
        }
    }

    private static void sortedBatchLeavesTheSameState(Path dir, long seed) throws RocksDBException {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        SplittableRandom random = new SplittableRandom(seed);
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 2_000; i++) {
            Column column = Column.values()[random.nextInt(Column.values().length)];
            byte[] key = bytes(random, 1 + random.nextInt(2)); // few distinct keys: many repeats
            if (random.nextInt(3) == 0) {
                batch.delete(column, key);
            } else {
                batch.put(column, key, bytes(random, random.nextInt(40)));
            }
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        for (Column c : Column.values()) {
            descriptors.add(new ColumnFamilyDescriptor(c.familyName().getBytes(StandardCharsets.US_ASCII)));
        }
        List<ColumnFamilyHandle> asGiven = new ArrayList<>();
        List<ColumnFamilyHandle> sorted = new ArrayList<>();
        try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
             RocksDB a = RocksDB.open(options, dir.resolve("a").toString(), descriptors, asGiven);
             RocksDB b = RocksDB.open(options, dir.resolve("b").toString(), descriptors, sorted);
             WriteOptions write = new WriteOptions()) {
            try {
                try (org.rocksdb.WriteBatch w = new org.rocksdb.WriteBatch(
                        SerializedBatch.of(batch, c -> asGiven.get(1 + c.ordinal()).getID()))) {
                    a.write(write, w);
                }
                byte[] sortedBytes = SerializedBatch.sorted(batch, c -> sorted.get(1 + c.ordinal()).getID());
                try (org.rocksdb.WriteBatch w = new org.rocksdb.WriteBatch(sortedBytes)) {
                    b.write(write, w);
                }
                for (Column c : Column.values()) {
                    assertThat(contents(b, sorted.get(1 + c.ordinal())))
                            .as("column %s", c).isEqualTo(contents(a, asGiven.get(1 + c.ordinal())));
                }
                assertThat(contents(a, asGiven.get(1 + Column.values()[0].ordinal()))).isNotEmpty();
                // and it is a batch in key order: RocksDB's own batch of the stably sorted operations
                List<WriteBatch.Operation> ops = new ArrayList<>(batch.operations());
                ops.sort(java.util.Comparator.<WriteBatch.Operation>comparingInt(
                        o -> sorted.get(1 + o.column().ordinal()).getID())
                        .thenComparing(WriteBatch.Operation::key, java.util.Arrays::compareUnsigned));
                try (org.rocksdb.WriteBatch theirs = new org.rocksdb.WriteBatch()) {
                    for (WriteBatch.Operation o : ops) {
                        if (o.isDelete()) {
                            theirs.delete(sorted.get(1 + o.column().ordinal()), o.key());
                        } else {
                            theirs.put(sorted.get(1 + o.column().ordinal()), o.key(), o.value());
                        }
                    }
                    assertThat(sortedBytes).isEqualTo(theirs.data());
                }
            } finally {
                asGiven.forEach(ColumnFamilyHandle::close);
                sorted.forEach(ColumnFamilyHandle::close);
            }
        }
    }

    private static java.util.Map<String, String> contents(RocksDB db, ColumnFamilyHandle family) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        try (RocksIterator it = db.newIterator(family)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                out.put(java.util.HexFormat.of().formatHex(it.key()), java.util.HexFormat.of().formatHex(it.value()));
            }
        }
        return out;
    }

    @Test
    void emptyBatchIsTheHeaderAlone() throws RocksDBException {
        try (org.rocksdb.WriteBatch theirs = new org.rocksdb.WriteBatch()) {
            assertThat(SerializedBatch.of(new WriteBatch(), c -> 1)).isEqualTo(theirs.data());
        }
    }

    @Test
    void varintSizes() {
        assertThat(SerializedBatch.varintSize(0)).isEqualTo(1);
        assertThat(SerializedBatch.varintSize(127)).isEqualTo(1);
        assertThat(SerializedBatch.varintSize(128)).isEqualTo(2);
        assertThat(SerializedBatch.varintSize(16_384)).isEqualTo(3);
        assertThat(SerializedBatch.varintSize(Integer.MAX_VALUE)).isEqualTo(5);
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
