package org.stakechain.storage.rocksdb;

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
 */
final class SerializedBatch {
    static final int HEADER = 12;
    static final byte DELETE = 0x4;
    static final byte PUT = 0x5;

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
        int count = batch.size();
        long size = HEADER;
        for (int i = 0; i < count; i++) {
            WriteBatch.Operation op = batch.operation(i);
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
            WriteBatch.Operation op = batch.operation(i);
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
