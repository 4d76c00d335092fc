package org.stakechain.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads of a {@link KeyValueStore}, or of one consistent {@link KeyValueStore#snapshot() snapshot} of it. */
public interface KeyValueReader {

    /** The value stored under {@code key}, or empty. */
    Optional<byte[]> get(Column column, byte[] key);

    /**
     * Entries with {@code fromInclusive <= key < toExclusive} in unsigned byte order (RocksDB's bytewise order),
     * at most {@code limit} of them. {@code toExclusive == null} means no upper bound.
     */
    List<KeyValue> scan(Column column, byte[] fromInclusive, byte[] toExclusive, int limit);

    /** Entries whose key starts with {@code prefix}, in key order, at most {@code limit}. */
    default List<KeyValue> scanPrefix(Column column, byte[] prefix, int limit) {
        return scan(column, prefix, prefixEnd(prefix), limit);
    }

    /** The smallest key above every key starting with {@code prefix}; null if there is none (all 0xFF). */
    static byte[] prefixEnd(byte[] prefix) {
        byte[] end = Arrays.copyOf(prefix, prefix.length);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xFF) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return null;
    }
}
