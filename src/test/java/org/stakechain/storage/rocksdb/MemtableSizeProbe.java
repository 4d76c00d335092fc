package org.stakechain.storage.rocksdb;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;
import org.stakechain.storage.Column;
import org.stakechain.storage.WriteBatch;

/**
 * Probe, not a test: the consensus thread's CPU per synced block batch (RocksDB's write of it) against the memtable
 * size per column family, with a memtable that already holds many keys (blocks written before the measurement).
 * Batches shaped like a 1,500-transfer block: a 225 KB block, 1,500 index entries under random hashes, 2,700
 * accounts from a pool of 20,000 addresses. Also prints the process CPU besides the writing thread (flushes and
 * compactions run on RocksDB's threads), which is noisier.
 * {@code java -cp ... org.stakechain.storage.rocksdb.MemtableSizeProbe MEMTABLE_MIB [PRE] [MEASURED]}
 */
public final class MemtableSizeProbe {
    public static void main(String[] args) throws Exception {
        RocksDB.loadLibrary();
        long memtable = Long.parseLong(args[0]) << 20;
        int pre = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        int measured = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        Path dir = Files.createTempDirectory("memtable-probe");
        java.util.Properties hint = new java.util.Properties();
        hint.setProperty("memtable_insert_with_hint_prefix_extractor", "rocksdb.FixedPrefix.0");
        ColumnFamilyOptions cf;
        try (org.rocksdb.ConfigOptions config = new org.rocksdb.ConfigOptions()) {
            cf = ColumnFamilyOptions.getColumnFamilyOptionsFromProps(config, hint);
        }
        cf.optimizeLevelStyleCompaction(RocksDbKeyValueStore.MEMTABLE_BUDGET).setWriteBufferSize(memtable)
                .setMaxWriteBufferNumber(2);
        DBOptions db = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setDbWriteBufferSize(RocksDbKeyValueStore.MEMTABLE_BUDGET)
                .setMaxTotalWalSize(4 * RocksDbKeyValueStore.MEMTABLE_BUDGET);
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
        SplittableRandom random = new SplittableRandom(7);
        byte[][] addresses = new byte[20_000][];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = bytes(random, 20);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] cpu = new long[measured];
        long processStart = 0;
        long threadStart = 0;
        try (WriteOptions sync = new WriteOptions().setSync(true)) {
            for (int b = 0; b < pre + measured; b++) {
                WriteBatch batch = new WriteBatch();
                batch.put(Column.BLOCKS, java.nio.ByteBuffer.allocate(8).putLong(b + 1).array(), bytes(random, 225_000));
                for (int i = 0; i < 1_500; i++) {
                    batch.put(Column.TX_INDEX, bytes(random, 32), bytes(random, 14));
                }
                boolean[] used = new boolean[addresses.length];
                for (int i = 0; i < 2_700; i++) {
                    int a;
                    do {
                        a = random.nextInt(addresses.length);
                    } while (used[a]);
                    used[a] = true;
                    batch.put(Column.ACCOUNTS, addresses[a], bytes(random, 45));
                }
                batch.put(Column.META, "head".getBytes(), bytes(random, 72));
                byte[] serialized = SerializedBatch.of(batch, ids);
                if (b == pre) {
                    processStart = os.getProcessCpuTime();
                    threadStart = threads.getCurrentThreadCpuTime();
                }
                long t0 = threads.getCurrentThreadCpuTime();
                try (org.rocksdb.WriteBatch native_ = new org.rocksdb.WriteBatch(serialized)) {
                    rocks.write(sync, native_);
                }
                if (b >= pre) {
                    cpu[b - pre] = threads.getCurrentThreadCpuTime() - t0;
                }
            }
        }
        long process = os.getProcessCpuTime() - processStart;
        long thread = threads.getCurrentThreadCpuTime() - threadStart;
        long[] s = cpu.clone();
        Arrays.sort(s);
        long sum = 0;
        for (long c : cpu) {
            sum += c;
        }
        System.out.printf("memtable %d MiB: write CPU median %d µs (p25 %d, p75 %d, mean %d); other threads %d µs "
                        + "per block; sst files %d%n", memtable >> 20,
                s[measured / 2] / 1000, s[measured / 4] / 1000, s[measured * 3 / 4] / 1000, sum / measured / 1000,
                (process - thread) / measured / 1000,
                Files.list(dir).filter(p -> p.toString().endsWith(".sst")).count());
        handles.forEach(ColumnFamilyHandle::close);
        rocks.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
