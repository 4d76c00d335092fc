package org.stakechain.storage.rocksdb;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.ConfigOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;
import org.stakechain.storage.Column;
import org.stakechain.storage.WriteBatch;

/**
 * Probe, not a test: the CPU of writing block-shaped batches to RocksDB under one option set, named by
 * {@code -Dprobe.config} (comma-separated: {@code base}, {@code wb4}, {@code wb2}, {@code wb16}, {@code recycle},
 * {@code mbloom}, {@code noperf}, {@code nohint}, {@code unsorted}). Batches are like a 1,000-transfer block's: a 150 KB block,
 * 1,000 transaction-index entries under random 32-byte hashes, 2,000 accounts drawn from a pool of 20,000
 * addresses, the head pointer. All batches are built first; then each is written synced, and the writer thread's
 * CPU (and its user part) per write is kept; the process CPU over the writes and the background work they cause
 * (waited for at the end) is printed, then the CPU per read of a random pool account. Run one JVM per option set,
 * alternating, pinned to one core:
 * {@code taskset -c 0 java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp ... -Dprobe.config=base
 * org.stakechain.storage.rocksdb.BlockWriteOptionsProbe}.
 */
public final class BlockWriteOptionsProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        RocksDB.loadLibrary();
        List<String> config = Arrays.asList(System.getProperty("probe.config", "base").split(","));
        int blocks = Integer.getInteger("probe.blocks", 400);
        int warm = Integer.getInteger("probe.warm", 100);
        SplittableRandom random = new SplittableRandom(Long.getLong("probe.seed", 1));
        byte[][] pool = new byte[20_000][];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = bytes(random, 20);
        }
        List<WriteBatch> batches = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            WriteBatch batch = new WriteBatch();
            batch.put(Column.BLOCKS, java.nio.ByteBuffer.allocate(8).putLong(b + 1).array(), bytes(random, 150_000));
            for (int i = 0; i < 1_000; i++) {
                batch.put(Column.TX_INDEX, bytes(random, 32), bytes(random, 14));
            }
            for (int i = 0; i < 2_000; i++) {
                batch.put(Column.ACCOUNTS, pool[random.nextInt(pool.length)], bytes(random, 30));
            }
            batch.put(Column.META, "head".getBytes(), bytes(random, 72));
            batches.add(batch);
        }
        System.gc();
        Path dir = Files.createTempDirectory("write-options-probe");
        LRUCache cache = new LRUCache(64L << 20);
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache)
                .setFilterPolicy(new BloomFilter(10, false));
        Properties props = new Properties();
        if (!config.contains("nohint")) {
            props.setProperty("memtable_insert_with_hint_prefix_extractor", "rocksdb.FixedPrefix.0");
        }
        ColumnFamilyOptions cf;
        try (ConfigOptions co = new ConfigOptions()) {
            cf = props.isEmpty() ? new ColumnFamilyOptions() : ColumnFamilyOptions.getColumnFamilyOptionsFromProps(co, props);
        }
        long wb = config.contains("wb4") ? 4L << 20 : config.contains("wb2") ? 2L << 20
                : config.contains("wb16") ? 16L << 20 : 8L << 20;
        cf.setTableFormatConfig(table).optimizeLevelStyleCompaction(32L << 20).setWriteBufferSize(wb)
                .setMaxWriteBufferNumber(2);
        if (config.contains("mbloom")) {
            cf.setMemtablePrefixBloomSizeRatio(0.05).setMemtableWholeKeyFiltering(true);
        }
        DBOptions db = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setParanoidChecks(true).setKeepLogFileNum(5).setDbWriteBufferSize(32L << 20)
                .setMaxTotalWalSize(4 * (32L << 20));
        if (config.contains("recycle")) {
            db.setRecycleLogFileNum(4);
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cf));
        for (Column c : Column.values()) {
            descriptors.add(new ColumnFamilyDescriptor(c.familyName().getBytes(), cf));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB rocks = RocksDB.open(db, dir.toString(), descriptors, handles);
        int[] ids = new int[Column.values().length];
        for (Column c : Column.values()) {
            ids[c.ordinal()] = handles.get(1 + c.ordinal()).getID();
        }
        boolean unsorted = config.contains("unsorted");
        if (config.contains("noperf")) {
            rocks.setPerfLevel(org.rocksdb.PerfLevel.DISABLE);
        }
        long[] cpu = new long[blocks - warm];
        long[] user = new long[blocks - warm];
        long processStart = 0;
        long wallStart = 0;
        try (WriteOptions sync = new WriteOptions().setSync(true)) {
            for (int b = 0; b < blocks; b++) {
                if (b == warm) {
                    processStart = processCpu();
                    wallStart = System.nanoTime();
                }
                long c0 = THREADS.getCurrentThreadCpuTime();
                long u0 = THREADS.getCurrentThreadUserTime();
                byte[] serialized = unsorted ? inBatchOrder(batches.get(b), ids) : SerializedBatch.of(batches.get(b), ids);
                try (org.rocksdb.WriteBatch nativeBatch = new org.rocksdb.WriteBatch(serialized)) {
                    rocks.write(sync, nativeBatch);
                }
                if (b >= warm) {
                    cpu[b - warm] = THREADS.getCurrentThreadCpuTime() - c0;
                    user[b - warm] = THREADS.getCurrentThreadUserTime() - u0;
                }
            }
        }
        long wall = System.nanoTime() - wallStart;
        for (int i = 0; i < 600; i++) {
            if (rocks.getLongProperty("rocksdb.num-running-compactions") == 0
                    && rocks.getLongProperty("rocksdb.num-running-flushes") == 0
                    && rocks.getLongProperty("rocksdb.compaction-pending") == 0) {
                break;
            }
            Thread.sleep(50);
        }
        long process = processCpu() - processStart;
        ColumnFamilyHandle accounts = handles.get(1 + Column.ACCOUNTS.ordinal());
        long[] reads = new long[20];
        try (ReadOptions ro = new ReadOptions().setVerifyChecksums(true)) {
            for (int round = 0; round < reads.length; round++) {
                long c0 = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < 2_000; i++) {
                    if (rocks.get(accounts, ro, pool[random.nextInt(pool.length)]) == null) {
                        throw new IllegalStateException("missing account");
                    }
                }
                reads[round] = (THREADS.getCurrentThreadCpuTime() - c0) / 2_000;
            }
        }
        String files = rocks.getProperty("rocksdb.num-files-at-level0") + "/" + rocks.getProperty(
                handles.get(1 + Column.ACCOUNTS.ordinal()), "rocksdb.num-files-at-level0");
        handles.forEach(ColumnFamilyHandle::close);
        rocks.close();
        long cpuSum = Arrays.stream(cpu).sum();
        long userSum = Arrays.stream(user).sum();
        Arrays.sort(cpu);
        Arrays.sort(reads);
        int n = cpu.length;
        System.out.printf("config=%s write_cpu_us median=%d p25=%d p75=%d mean=%d user_mean=%d | process_cpu_per_block_us=%d"
                        + " wall_per_block_us=%d | read_cpu_ns median=%d | accounts L0 files %s%n",
                String.join(",", config), cpu[n / 2] / 1000, cpu[n / 4] / 1000, cpu[3 * n / 4] / 1000,
                cpuSum / n / 1000, userSum / n / 1000, process / n / 1000, wall / n / 1000, reads[reads.length / 2], files);
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The batch in its own order, serialized as {@link SerializedBatch} does (before it sorted). */
    private static byte[] inBatchOrder(WriteBatch batch, int[] ids) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[8]);
        int n = batch.size();
        out.writeBytes(new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
        for (WriteBatch.Operation op : batch.operations()) {
            out.write(op.value() == null ? SerializedBatch.DELETE : SerializedBatch.PUT);
            varint(out, ids[op.column().ordinal()]);
            varint(out, op.key().length);
            out.writeBytes(op.key());
            if (op.value() != null) {
                varint(out, op.value().length);
                out.writeBytes(op.value());
            }
        }
        return out.toByteArray();
    }

    private static void varint(java.io.ByteArrayOutputStream out, int v) {
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
