package org.stakechain.storage;

/**
 * The narrow key-value interface every store of the node sits on: reads, consistent snapshots, and atomic
 * batches. Implementations: {@link org.stakechain.storage.rocksdb.RocksDbKeyValueStore} (the node) and
 * {@link org.stakechain.storage.memory.InMemoryKeyValueStore} (tests), held to one contract by
 * {@code KeyValueStoreContractTest}.
 *
 * <p>Guarantees: a batch is applied all or nothing, also across a crash; once {@link #write} with
 * {@code sync = true} returns, the batch survives a crash of the process or the machine. Operations after
 * {@link #close()} throw {@link StorageException}.
 */
public interface KeyValueStore extends KeyValueReader, AutoCloseable {

    /** Applies every operation of {@code batch}, in order, atomically; durably before returning if {@code sync}. */
    void write(WriteBatch batch, boolean sync);

    /** A read-only view of the store as it is now, unaffected by later writes, until it is closed. */
    Snapshot snapshot();

    /** Where the data lives, for error messages ("RocksDB at /var/stakechain/db"). */
    String location();

    @Override
    void close();

    /** A consistent point-in-time view. Close it: a RocksDB snapshot pins old versions of data until released. */
    interface Snapshot extends KeyValueReader, AutoCloseable {
        @Override
        void close();
    }
}
