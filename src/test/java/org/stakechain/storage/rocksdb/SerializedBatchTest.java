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

/**
 * The batch serialized in Java is byte for byte the one RocksDB's own WriteBatch builds from the same operations in
 * {@linkplain SerializedBatch#inKeyOrder key order}, and that order is grouped by column, sorted by key, and stable.
 */
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
        for (int i = 0; i < 500; i++) {
            Column column = Column.values()[random.nextInt(Column.values().length)];
            // lengths across the varint boundaries (127/128, 16383/16384)
            byte[] key = bytes(random, new int[] {0, 1, 20, 32, 127, 128, 300}[random.nextInt(7)]);
            if (random.nextInt(4) == 0) {
                batch.delete(column, key);
            } else {
                batch.put(column, key, bytes(random, new int[] {0, 13, 127, 128, 16_383, 16_384, 70_000}[random.nextInt(7)]));
            }
        }
        try (org.rocksdb.WriteBatch theirs = new org.rocksdb.WriteBatch()) {
            for (WriteBatch.Operation op : SerializedBatch.inKeyOrder(batch)) {
                if (op.isDelete()) {
                    theirs.delete(handles.get(1 + op.column().ordinal()), op.key());
                } else {
                    theirs.put(handles.get(1 + op.column().ordinal()), op.key(), op.value());
                }
            }
            assertThat(SerializedBatch.of(batch, c -> handles.get(1 + c.ordinal()).getID())).isEqualTo(theirs.data());
        }
    }

    @Test
    void keyOrderGroupsByColumnSortsUnsignedAndKeepsTheOrderOfOperationsOnOneKey() {
        WriteBatch batch = new WriteBatch()
                .put(Column.ACCOUNTS, new byte[] {(byte) 0x80}, new byte[] {1})
                .put(Column.TX_INDEX, new byte[] {2}, new byte[] {2})
                .put(Column.ACCOUNTS, new byte[] {0x7f}, new byte[] {3})
                .delete(Column.ACCOUNTS, new byte[] {(byte) 0x80})
                .put(Column.TX_INDEX, new byte[] {1, 0}, new byte[] {4})
                .put(Column.ACCOUNTS, new byte[] {(byte) 0x80}, new byte[] {5})
                .put(Column.ACCOUNTS, new byte[] {}, new byte[] {6})
                .put(Column.TX_INDEX, new byte[] {1}, new byte[] {7});
        List<String> order = new ArrayList<>();
        for (WriteBatch.Operation op : SerializedBatch.inKeyOrder(batch)) {
            order.add(op.column() + " " + java.util.HexFormat.of().formatHex(op.key()) + " "
                    + (op.isDelete() ? "delete" : java.util.HexFormat.of().formatHex(op.value())));
        }
        // TX_INDEX comes before ACCOUNTS in Column; 0x80 sorts after 0x7f (unsigned); the three operations on
        // ACCOUNTS 80 keep their order, so the last put still wins
        assertThat(order).containsExactly("TX_INDEX 01 07", "TX_INDEX 0100 04", "TX_INDEX 02 02",
                "ACCOUNTS  06", "ACCOUNTS 7f 03", "ACCOUNTS 80 01", "ACCOUNTS 80 delete", "ACCOUNTS 80 05");
    }

    /**
     * The packed sort against a plain stable sort by column and key: keys sharing long prefixes, shorter keys that
     * are prefixes of others, repeats, and one column above the packed sort's 65,536 operations. Replay with
     * {@code -Dstorage.order.seed=N}.
     */
    @Test
    void keyOrderIsAStableSortByColumnAndUnsignedKey() {
        for (long seed : org.stakechain.testing.Seeds.of("storage.order.seed", 5_200, 12)) {
            SplittableRandom random = new SplittableRandom(seed);
            WriteBatch batch = new WriteBatch();
            int count = seed == 5_200 ? 70_000 : 1 + random.nextInt(3_000);
            byte[] shared = bytes(random, 12);
            for (int i = 0; i < count; i++) {
                Column column = seed == 5_200 ? Column.ACCOUNTS : Column.values()[random.nextInt(3)];
                byte[] key = switch (random.nextInt(4)) {
                    case 0 -> bytes(random, 20); // random, as hashes and addresses
                    case 1 -> java.util.Arrays.copyOf(shared, random.nextInt(13)); // prefixes of one another
                    case 2 -> { // the shared prefix, then a random tail: ties on the first 6 bytes
                        byte[] k = java.util.Arrays.copyOf(shared, 7 + random.nextInt(4));
                        k[k.length - 1] = (byte) random.nextInt(256);
                        yield k;
                    }
                    default -> new byte[] {(byte) random.nextInt(256)};
                };
                if (random.nextInt(5) == 0) {
                    batch.delete(column, key);
                } else {
                    batch.put(column, key, new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)});
                }
            }
            List<WriteBatch.Operation> expected = new ArrayList<>(batch.operations());
            expected.sort(java.util.Comparator.<WriteBatch.Operation>comparingInt(op -> op.column().ordinal())
                    .thenComparing(WriteBatch.Operation::key, java.util.Arrays::compareUnsigned)); // List.sort is stable
            assertThat(List.of(SerializedBatch.inKeyOrder(batch)))
                    .as("seed %d (replay with -Dstorage.order.seed=%d)", seed, seed)
                    .containsExactlyElementsOf(expected);
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
