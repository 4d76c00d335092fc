package org.stakechain.storage.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.stakechain.storage.Column;
import org.stakechain.storage.KeyValue;
import org.stakechain.storage.KeyValueStore;
import org.stakechain.storage.StorageException;
import org.stakechain.storage.WriteBatch;

/**
 * The in-memory twin of the RocksDB store, for tests and the simulator: same ordering, same atomic batches, same
 * snapshots, same errors after close. Each write publishes new copies of the columns it touches, so a snapshot
 * is just the set of column maps current when it was taken: simple and exactly consistent, and O(column size)
 * per write, which is fine at test sizes. {@code sync} has nothing to make durable here.
 */
public final class InMemoryKeyValueStore implements KeyValueStore {
    private volatile Map<Column, NavigableMap<byte[], byte[]>> columns;
    private volatile boolean closed;

    public InMemoryKeyValueStore() {
        Map<Column, NavigableMap<byte[], byte[]>> empty = new EnumMap<>(Column.class);
        for (Column c : Column.values()) {
            empty.put(c, Collections.unmodifiableNavigableMap(new TreeMap<>(Arrays::compareUnsigned)));
        }
        this.columns = empty;
    }

    @Override
    public Optional<byte[]> get(Column column, byte[] key) {
        return read(current(), column, key);
    }

    @Override
    public List<KeyValue> scan(Column column, byte[] fromInclusive, byte[] toExclusive, int limit) {
        return scan(current(), column, fromInclusive, toExclusive, limit);
    }

    @Override
    public synchronized void write(WriteBatch batch, boolean sync) {
        Map<Column, NavigableMap<byte[], byte[]>> next = new EnumMap<>(current());
        Map<Column, TreeMap<byte[], byte[]>> copies = new EnumMap<>(Column.class);
        for (WriteBatch.Operation op : batch.operations()) {
            TreeMap<byte[], byte[]> column = copies.computeIfAbsent(op.column(), c -> new TreeMap<>(next.get(c)));
            if (op.isDelete()) {
                column.remove(op.key());
            } else {
                column.put(op.key(), op.value());
            }
        }
        copies.forEach((c, m) -> next.put(c, Collections.unmodifiableNavigableMap(m)));
        columns = next;
    }

    @Override
    public Snapshot snapshot() {
        Map<Column, NavigableMap<byte[], byte[]>> frozen = current();
        return new Snapshot() {
            private volatile boolean released;

            @Override
            public Optional<byte[]> get(Column column, byte[] key) {
                check();
                return read(frozen, column, key);
            }

            @Override
            public List<KeyValue> scan(Column column, byte[] fromInclusive, byte[] toExclusive, int limit) {
                check();
                return InMemoryKeyValueStore.scan(frozen, column, fromInclusive, toExclusive, limit);
            }

            @Override
            public void close() {
                released = true;
            }

            private void check() {
                if (released || closed) {
                    throw new StorageException("snapshot of " + location() + " used after it was closed");
                }
            }
        };
    }

    @Override
    public String location() {
        return "in-memory store";
    }

    @Override
    public void close() {
        closed = true;
    }

    private Map<Column, NavigableMap<byte[], byte[]>> current() {
        if (closed) {
            throw new StorageException(location() + " used after it was closed");
        }
        return columns;
    }

    private static Optional<byte[]> read(Map<Column, NavigableMap<byte[], byte[]>> cols, Column column, byte[] key) {
        byte[] v = cols.get(column).get(key);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    private static List<KeyValue> scan(Map<Column, NavigableMap<byte[], byte[]>> cols, Column column,
                                       byte[] fromInclusive, byte[] toExclusive, int limit) {
        NavigableMap<byte[], byte[]> map = cols.get(column);
        NavigableMap<byte[], byte[]> range = toExclusive == null ? map.tailMap(fromInclusive, true)
                : Arrays.compareUnsigned(fromInclusive, toExclusive) >= 0 ? Collections.emptyNavigableMap()
                : map.subMap(fromInclusive, true, toExclusive, false);
        List<KeyValue> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : range.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(new KeyValue(e.getKey().clone(), e.getValue().clone()));
        }
        return out;
    }
}
