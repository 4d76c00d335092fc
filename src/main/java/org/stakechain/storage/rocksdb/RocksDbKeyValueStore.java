package org.stakechain.storage.rocksdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.PerfLevel;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.WriteOptions;
import org.stakechain.storage.Column;
import org.stakechain.storage.KeyValue;
import org.stakechain.storage.KeyValueStore;
import org.stakechain.storage.StorageException;
import org.stakechain.storage.WriteBatch;

/**
 * {@link KeyValueStore} on an embedded RocksDB under one data directory: one column family per {@link Column},
 * checksums verified on every read, atomic write batches through the write-ahead log, and a {@code sync} write
 * fsyncs that log before it returns.
 *
 * <p>It refuses to open, with a {@link StorageException} saying why, when another process holds the directory's
 * lock, when RocksDB finds the files damaged, or when the directory holds database files without the CURRENT
 * file that names them (RocksDB would otherwise create a fresh, empty database over them). A read that meets a
 * damaged block throws rather than answering. Closing waits for reads in progress: the native handles must not
 * be freed under a running call.
 */
public final class RocksDbKeyValueStore implements KeyValueStore {
    static {
        RocksDbNativeLibrary.load(); // not RocksDB.loadLibrary(): that one leaves a 15 MB copy in /tmp per killed process
    }

    /** Memtable memory for all column families together. */
    static final long MEMTABLE_BUDGET = 32L << 20;
    static final long MEMTABLE_BYTES = 8L << 20;

    private final Path directory;
    private final RocksDB db;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final LRUCache blockCache;
    private final ColumnFamilyHandle defaultFamily;
    private final Map<Column, ColumnFamilyHandle> families;
    /** Each column's family id by ordinal: {@code ColumnFamilyHandle.getID()} is a JNI call, twice per operation. */
    private final int[] familyIds;
    private final WriteOptions syncWrite;
    private final WriteOptions asyncWrite;
    private final ReadOptions readOptions;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private RocksDbKeyValueStore(Path directory, RocksDB db, DBOptions dbOptions, ColumnFamilyOptions cfOptions,
                                 LRUCache blockCache, List<ColumnFamilyHandle> handles) {
        this.directory = directory;
        this.db = db;
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.blockCache = blockCache;
        this.defaultFamily = handles.get(0);
        this.families = new EnumMap<>(Column.class);
        this.familyIds = new int[Column.values().length];
        for (Column c : Column.values()) {
            families.put(c, handles.get(1 + c.ordinal()));
            familyIds[c.ordinal()] = families.get(c).getID();
        }
        this.syncWrite = new WriteOptions().setSync(true);
        this.asyncWrite = new WriteOptions().setSync(false);
        this.readOptions = new ReadOptions().setVerifyChecksums(true);
    }

    /** Opens (creating if needed) the store under {@code directory}, with a 64 MiB block cache. */
    public static RocksDbKeyValueStore open(Path directory) {
        return open(directory, 64L << 20);
    }

    public static RocksDbKeyValueStore open(Path directory, long blockCacheBytes) {
        Path dir = directory.toAbsolutePath();
        refuseOrphanedFiles(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("cannot create data directory " + dir + ": " + e.getMessage(), e);
        }
        LRUCache cache = new LRUCache(blockCacheBytes);
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache)
                .setFilterPolicy(new BloomFilter(10, false));
        // Memory, not speed, is what the defaults get wrong here: optimizeLevelStyleCompaction() alone sizes each
        // column family's memtable at 128 MiB, so a busy node's RSS would grow by hundreds of MiB before a flush.
        // 8 MiB memtables (two per family) under a 32 MiB cap for all of them together keep it bounded; the
        // level sizes follow the same 32 MiB budget. optimizeLevelStyleCompaction leaves L0 and L1, where the hot
        // data is, uncompressed.
        ColumnFamilyOptions cfOptions = baseFamilyOptions().setTableFormatConfig(table)
                .optimizeLevelStyleCompaction(MEMTABLE_BUDGET)
                .setWriteBufferSize(MEMTABLE_BYTES).setMaxWriteBufferNumber(2);
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setParanoidChecks(true).setKeepLogFileNum(5)
                .setDbWriteBufferSize(MEMTABLE_BUDGET)
                // a write-ahead log file goes once every family's data in it is flushed; quiet families (meta,
                // protection) would otherwise keep logs alive up to 4x the sum of all memtables
                .setMaxTotalWalSize(4 * MEMTABLE_BUDGET);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
        for (Column c : Column.values()) {
            descriptors.add(new ColumnFamilyDescriptor(c.familyName().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    cfOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            return new RocksDbKeyValueStore(dir, db, dbOptions, cfOptions, cache, handles);
        } catch (RocksDBException e) {
            dbOptions.close();
            cfOptions.close();
            cache.close();
            throw openFailure(dir, e);
        }
    }

    /**
     * Memtable inserts with a hint: RocksDB then keeps the skip list's insert position (its "splice") per key
     * prefix and, for a key after it, climbs only as many levels as it must before searching down, where a plain
     * insert searches from the top whenever the key is not right beside the previous one. With the batch's keys in
     * order ({@link SerializedBatch}) each insert starts from the previous one. One prefix (empty, length 0): a
     * block's keys are one sorted run per family. Only settable by name (RocksJava has no setter); it changes no
     * file format, only how the memtable is searched while inserting.
     */
    private static ColumnFamilyOptions baseFamilyOptions() {
        java.util.Properties hint = new java.util.Properties();
        hint.setProperty("memtable_insert_with_hint_prefix_extractor", "rocksdb.FixedPrefix.0");
        try (org.rocksdb.ConfigOptions config = new org.rocksdb.ConfigOptions()) {
            ColumnFamilyOptions options = ColumnFamilyOptions.getColumnFamilyOptionsFromProps(config, hint);
            if (options == null) {
                throw new StorageException("RocksDB refused the memtable insert-hint option");
            }
            return options;
        }
    }

    @Override
    public Optional<byte[]> get(Column column, byte[] key) {
        return reading(() -> get(readOptions, column, key));
    }

    @Override
    public List<KeyValue> scan(Column column, byte[] fromInclusive, byte[] toExclusive, int limit) {
        return reading(() -> scan(readOptions, column, fromInclusive, toExclusive, limit));
    }

    /**
     * Writes the batch atomically. The writing thread's RocksDB perf level is set to {@link PerfLevel#DISABLE}
     * first: at RocksDB's default level every key comparison and memtable step adds to a perf-context counter in
     * a thread-local with a constructor, and from a dynamically loaded library (RocksJava's) each such access is a
     * {@code __tls_get_addr} call plus the thread-local's init check, ~3% of a block's write (docs/storage.md). The
     * counters are statistics nobody reads here; the level is per thread, so it is set on every write (one JNI
     * call per block) whichever thread commits.
     */
    @Override
    public void write(WriteBatch batch, boolean sync) {
        reading(() -> {
            db.setPerfLevel(PerfLevel.DISABLE);
            // the whole batch crosses JNI once, in RocksDB's serialized form, not once per operation
            try (org.rocksdb.WriteBatch native_ = new org.rocksdb.WriteBatch(
                    SerializedBatch.of(batch, familyIds))) {
                db.write(sync ? syncWrite : asyncWrite, native_);
                return null;
            } catch (RocksDBException e) {
                throw failure("write of " + batch.size() + " operations failed", e);
            }
        });
    }

    @Override
    public Snapshot snapshot() {
        return reading(() -> {
            org.rocksdb.Snapshot snap = db.getSnapshot();
            ReadOptions options = new ReadOptions().setVerifyChecksums(true).setSnapshot(snap);
            return new Snapshot() {
                private boolean released;

                @Override
                public Optional<byte[]> get(Column column, byte[] key) {
                    return reading(() -> {
                        check();
                        return RocksDbKeyValueStore.this.get(options, column, key);
                    });
                }

                @Override
                public List<KeyValue> scan(Column column, byte[] fromInclusive, byte[] toExclusive, int limit) {
                    return reading(() -> {
                        check();
                        return RocksDbKeyValueStore.this.scan(options, column, fromInclusive, toExclusive, limit);
                    });
                }

                @Override
                public void close() {
                    lifecycle.readLock().lock();
                    try {
                        synchronized (this) {
                            if (!released && !closed) {
                                db.releaseSnapshot(snap);
                                options.close();
                            }
                            released = true;
                        }
                    } finally {
                        lifecycle.readLock().unlock();
                    }
                }

                private synchronized void check() {
                    if (released) {
                        throw new StorageException("snapshot of " + location() + " used after it was closed");
                    }
                }
            };
        });
    }

    @Override
    public String location() {
        return "RocksDB at " + directory;
    }

    /**
     * Reads every table file and checks its block checksums. RocksDB opens a store without reading its tables, so
     * a damaged table would otherwise surface only when some read reaches it: a node calls this at start so that it
     * refuses to run on a damaged store instead of running with final blocks it cannot serve (found by the fault
     * suite, docs/reliability.md). Costs one sequential read of the store.
     */
    public void verifyChecksums() {
        reading(() -> {
            try {
                db.verifyChecksum();
                return null;
            } catch (RocksDBException e) {
                throw failure("verifying checksums", e);
            }
        });
    }

    /** The calling thread's RocksDB perf level (tests: {@link #write} disables it). */
    PerfLevel perfLevelOfThisThread() {
        return reading(db::getPerfLevel);
    }

    /** Flushes memtables to table files: for tests that need data in SST files rather than only in the log. */
    public void flush() {
        reading(() -> {
            try (org.rocksdb.FlushOptions options = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
                List<ColumnFamilyHandle> all = new ArrayList<>(families.values());
                db.flush(options, all);
                return null;
            } catch (RocksDBException e) {
                throw failure("flush failed", e);
            }
        });
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            families.values().forEach(ColumnFamilyHandle::close);
            defaultFamily.close();
            try {
                db.syncWal();
            } catch (RocksDBException ignored) {
                // every committed batch was written with sync already; this only covers unsynced writes
            }
            db.close();
            syncWrite.close();
            asyncWrite.close();
            readOptions.close();
            dbOptions.close();
            cfOptions.close();
            blockCache.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private Optional<byte[]> get(ReadOptions options, Column column, byte[] key) {
        try {
            return Optional.ofNullable(db.get(families.get(column), options, key));
        } catch (RocksDBException e) {
            throw failure("read of " + column + " failed", e);
        }
    }

    private List<KeyValue> scan(ReadOptions options, Column column, byte[] from, byte[] to, int limit) {
        List<KeyValue> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator(families.get(column), options)) {
            for (it.seek(from); it.isValid() && out.size() < limit; it.next()) {
                byte[] key = it.key();
                if (to != null && Arrays.compareUnsigned(key, to) >= 0) {
                    break;
                }
                out.add(new KeyValue(key, it.value()));
            }
            it.status();
        } catch (RocksDBException e) {
            throw failure("scan of " + column + " failed", e);
        }
        return out;
    }

    private <T> T reading(Supplier<T> action) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new StorageException(location() + " used after it was closed");
            }
            return action.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private StorageException failure(String what, RocksDBException e) {
        Status.Code code = e.getStatus() == null ? null : e.getStatus().getCode();
        if (code == Status.Code.Corruption) {
            return new StorageException(location() + " is damaged (" + what + "): " + e.getMessage()
                    + "; refusing to serve data from it. Restore the data directory from a backup or resync.", e);
        }
        return new StorageException(location() + ": " + what + ": " + e.getMessage(), e);
    }

    /** RocksDB with create-if-missing would start a new empty database beside files whose CURRENT was lost. */
    private static void refuseOrphanedFiles(Path dir) {
        if (!Files.isDirectory(dir) || Files.exists(dir.resolve("CURRENT"))) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> dbFiles = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("MANIFEST-") || n.endsWith(".sst") || n.endsWith(".log"))
                    .sorted().toList();
            if (!dbFiles.isEmpty()) {
                throw new StorageException("RocksDB at " + dir + " is damaged: it holds database files " + dbFiles
                        + " but no CURRENT file; refusing to start a new database over them. Restore the data "
                        + "directory from a backup, or remove it to resync from peers.");
            }
        } catch (IOException e) {
            throw new StorageException("cannot read data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static StorageException openFailure(Path dir, RocksDBException e) {
        String message = String.valueOf(e.getMessage());
        Status.Code code = e.getStatus() == null ? null : e.getStatus().getCode();
        if (code == Status.Code.Corruption || message.contains("orruption") || message.contains("checksum")) {
            return new StorageException("RocksDB at " + dir + " is damaged: " + message + "; refusing to start. "
                    + "Restore the data directory from a backup, or remove it to resync from peers.", e);
        }
        if (message.contains("/LOCK") || message.contains("lock hold") || message.contains("While lock file")) {
            return new StorageException("data directory " + dir + " is in use by another process (RocksDB lock "
                    + "held: " + message + "); stop the other node or choose another data directory.", e);
        }
        return new StorageException("cannot open RocksDB at " + dir + ": " + message, e);
    }
}
