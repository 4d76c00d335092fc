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
import org.stakechain.storage.Column;
import org.stakechain.storage.WriteBatch;

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
