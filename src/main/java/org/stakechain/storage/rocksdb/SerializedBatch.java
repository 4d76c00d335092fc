package org.stakechain.storage.rocksdb;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.ToIntFunction;
import org.stakechain.storage.Column;
import org.stakechain.storage.WriteBatch;

/**
 * A {@link WriteBatch} in RocksDB's own serialized form, the one its write-ahead log holds (db/write_batch.cc):
 * a fixed64 sequence number (zero: RocksDB assigns it), a fixed32 count, then per operation a tag
 * ({@value #PUT} put or {@value #DELETE} delete, both in a column family), the family's id as a varint32, and the
 * key and (for a put) the value, each prefixed by its length as a varint32. Integers are little-endian.
 *
 * <p>Why: handing RocksDB the whole batch in one JNI call ({@code new org.rocksdb.WriteBatch(byte[])}) instead
 * of one call per operation; a block's commit holds ~3,000 operations, and each call cost about a microsecond
 * (docs/storage.md). {@code SerializedBatchTest} checks the bytes against RocksDB's own batch for the same
 * operations.
 *
 * <p>The operations go in {@linkplain #inKeyOrder key order}, not in the batch's: grouped by column family and, in
 * each, sorted by key (unsigned bytes, RocksDB's bytewise order), stably. RocksDB inserts a batch into each
 * family's memtable (a skip list) in the order it holds the operations, and with the insert hint the store sets
 * ({@link RocksDbKeyValueStore}) each insert continues from the previous key's position: a key a little after it
 * is found in a few steps, a random one from the top of the list. A block's ~3,000 keys (transaction hashes,
 * addresses) are random, and the memtable insert was most of the commit's RocksDB time (docs/storage.md). Reordering keeps the batch's meaning: families are independent,
 * and RocksDB gives a batch's operations rising sequence numbers in the order they are serialized, so with a
 * stable sort the later of two operations on one key still gets the higher one and wins.
 */
final class SerializedBatch {
    static final int HEADER = 12;
    static final byte DELETE = 0x4;
    static final byte PUT = 0x5;
    private static final Column[] COLUMNS = Column.values();
    /** Most operations one column may hold for the packed sort: the operation's index takes 16 bits of a long. */
    private static final int PACKED_MAX = 1 << 16;
    /** Longer runs of keys that share their first 6 bytes are sorted by TimSort, shorter ones by insertion. */
    private static final int INSERTION_MAX = 16;
    private static final Comparator<WriteBatch.Operation> BY_KEY =
            (a, b) -> Arrays.compareUnsigned(a.key(), b.key());

    private SerializedBatch() {
    }

    /** {@code familyId} gives the RocksDB column family id of each column. */
    static byte[] of(WriteBatch batch, ToIntFunction<Column> familyId) {
        int[] ids = new int[Column.values().length];
        for (Column c : Column.values()) {
            ids[c.ordinal()] = familyId.applyAsInt(c);
        }
        return of(batch, ids);
    }

    /**
     * {@code familyIds[c.ordinal()]} is column c's RocksDB family id. Operations are read by index and ids from
     * the array: this loop runs for every operation of every block, and interface calls cost here under C1.
     */
    static byte[] of(WriteBatch batch, int[] familyIds) {
        WriteBatch.Operation[] ops = inKeyOrder(batch);
        int count = ops.length;
        long size = HEADER;
        for (int i = 0; i < count; i++) {
            WriteBatch.Operation op = ops[i];
            byte[] key = op.key();
            byte[] value = op.value();
            size += 1 + varintSize(familyIds[op.column().ordinal()]) + varintSize(key.length) + key.length;
            if (value != null) {
                size += varintSize(value.length) + value.length;
            }
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a batch of " + size + " bytes is too large to write at once");
        }
        byte[] out = new byte[(int) size];
        int at = HEADER;
        out[8] = (byte) count;
        out[9] = (byte) (count >>> 8);
        out[10] = (byte) (count >>> 16);
        out[11] = (byte) (count >>> 24);
        for (int i = 0; i < count; i++) {
            WriteBatch.Operation op = ops[i];
            byte[] value = op.value();
            out[at++] = value == null ? DELETE : PUT;
            at = varint(out, at, familyIds[op.column().ordinal()]);
            at = bytes(out, at, op.key());
            if (value != null) {
                at = bytes(out, at, value);
            }
        }
        return out;
    }

    /**
     * The batch's operations grouped by column (in {@link Column} order) and within each column sorted by key,
     * unsigned; operations on the same key keep their order (the sort is stable), so the last still wins.
     */
    static WriteBatch.Operation[] inKeyOrder(WriteBatch batch) {
        int count = batch.size();
        // counting sort by column, then one sort per column: a block's batch is mostly two columns of random keys
        int[] start = new int[COLUMNS.length + 1];
        for (int i = 0; i < count; i++) {
            start[batch.operation(i).column().ordinal() + 1]++;
        }
        for (int c = 0; c < COLUMNS.length; c++) {
            start[c + 1] += start[c];
        }
        int[] fill = start.clone();
        WriteBatch.Operation[] ops = new WriteBatch.Operation[count];
        for (int i = 0; i < count; i++) {
            WriteBatch.Operation op = batch.operation(i);
            ops[fill[op.column().ordinal()]++] = op;
        }
        for (int c = 0; c < COLUMNS.length; c++) {
            if (start[c + 1] - start[c] > 1) {
                sortByKey(ops, start[c], start[c + 1]);
            }
        }
        return ops;
    }

    /**
     * Stable sort of {@code ops[from, to)} by key, unsigned. A comparator sort of a block's ~2,000 keys cost
     * about as much as the memtable saved under C1 (the nodes' compiler): so each operation becomes one long,
     * its key's first 6 bytes (unsigned, zero-padded) above its index, sorted as primitives; keys that share
     * their first 6 bytes (rare for hashes and addresses) are then put in whole-key order, stably.
     */
    private static void sortByKey(WriteBatch.Operation[] ops, int from, int to) {
        int n = to - from;
        if (n > PACKED_MAX) {
            Arrays.sort(ops, from, to, BY_KEY); // TimSort: stable
            return;
        }
        long[] packed = new long[n];
        boolean ordered = true;
        for (int i = 0; i < n; i++) {
            // the sign bit flipped: signed order of the longs is then unsigned order of prefix and index
            packed[i] = (prefix48(ops[from + i].key()) << 16 | i) ^ Long.MIN_VALUE;
            ordered &= i == 0 || packed[i - 1] < packed[i];
        }
        if (!ordered) {
            Arrays.sort(packed);
            WriteBatch.Operation[] in = Arrays.copyOfRange(ops, from, to);
            for (int i = 0; i < n; i++) {
                ops[from + i] = in[(int) (packed[i] & 0xffff)];
            }
        }
        int run = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || packed[i] >>> 16 != packed[run] >>> 16) {
                if (i - run > 1) {
                    sortRun(ops, from + run, from + i);
                }
                run = i;
            }
        }
    }

    /** Keys sharing their first 6 bytes, in batch order: into whole-key order, stably. */
    private static void sortRun(WriteBatch.Operation[] ops, int from, int to) {
        if (to - from > INSERTION_MAX) {
            Arrays.sort(ops, from, to, BY_KEY);
            return;
        }
        for (int i = from + 1; i < to; i++) {
            WriteBatch.Operation op = ops[i];
            int j = i;
            while (j > from && Arrays.compareUnsigned(ops[j - 1].key(), op.key()) > 0) {
                ops[j] = ops[j - 1];
                j--;
            }
            ops[j] = op;
        }
    }

    /** The key's first 6 bytes as an unsigned 48-bit number, a shorter key padded with zeros. */
    private static long prefix48(byte[] key) {
        long p = 0;
        for (int i = 0; i < 6; i++) {
            p = p << 8 | (i < key.length ? key[i] & 0xff : 0);
        }
        return p;
    }

    private static int bytes(byte[] out, int at, byte[] value) {
        at = varint(out, at, value.length);
        System.arraycopy(value, 0, out, at, value.length);
        return at + value.length;
    }

    private static int varint(byte[] out, int at, int value) {
        while ((value & ~0x7f) != 0) {
            out[at++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
        return at;
    }

    static int varintSize(int value) {
        int n = 1;
        while ((value & ~0x7f) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }
}
