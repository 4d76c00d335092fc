package org.stakechain.cli;

import java.util.List;
import java.util.Map;

/**
 * How a node process's JVM is started by the commands that start several nodes on one machine ({@code testnet run},
 * {@code demo}, {@code bench}). The {@code stakechain} launcher starts {@code stakechain node} (one node, usually
 * a machine of its own) with the same memory flags but keeps C2, with raised thresholds. Measured with 100,000 funded accounts
 * (docs/operations.md): these keep a validator's resident set under 400 MB at its peak and an idle node under
 * 200 MB. Without them the JVM sizes its heap from the machine's memory (a quarter of it), and RSS grows with it.
 */
public final class NodeJvm {
    /**
     * Heap at most 192 MiB (the 100k-account state tree and account cache are ~70 MiB live), all of it reserved
     * from the start with the young generation fixed at 42 MiB: the old generation then has its whole 150 MiB
     * before its first full collection instead of growing into it from 85 MiB one full collection at a time (and
     * the young generation growing to 64 MiB, an idle node's RSS with it). At the maximum rate: full collections
     * 12 -> 8 a run, GC CPU -8%; with 100,000 accounts 32 -> 15, -30%; idle RSS unchanged, since only the pages
     * in use are resident (docs/performance.md, "GC (round 8)"). Grown from 32 MiB instead, the heap took three
     * full collections to reach its working size ("GC: the initial heap"). Serial GC, the cheapest collector in
     * memory and CPU on 2 cores; capped direct buffers (the network's), code cache, metaspace and thread stacks.
     */
    public static final List<String> FLAGS = List.of("-Xms192m", "-Xmx192m", "-Xmn42m", "-XX:+UseSerialGC",
            // what survives a young collection here lives seconds (pooled transactions, the state tree's recent
            // nodes) and was promoted at the next one anyway, after a second copy through a survivor space that
            // overflowed every time: promoted at once, GC CPU -17 to -23% over 200,000 transfers, full
            // collections as many (docs/performance.md, "Promoted at once (round 13)")
            "-XX:MaxTenuringThreshold=0",
            "-XX:MaxDirectMemorySize=64m", "-Xss512k", "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=96m",
            // C1 only: these JVMs are several nodes sharing a machine's cores (testnet run, demo, bench), and each
            // would pay C2 to compile the same code again; C2 was the largest consumer of CPU under load minutes
            // after start, and C1 only gave more finalized tx/s cold and warmed and half the idle CPU. The hot
            // native paths (Ed25519, SHA-256 via ACCP, RocksDB) do not depend on it (docs/performance.md).
            "-XX:TieredStopAtLevel=1",
            // C1 at a tenth of its thresholds: code that runs a few dozen times a second (per frame, per vote, per
            // block) is compiled within the first seconds instead of running interpreted for minutes. Measured:
            // node CPU per finalized transaction at the maximum rate 515 -> 472 us, idle CPU 2.25% -> 1.7% of a
            // core; RSS +5-8 MB (docs/performance.md, "Round 7").
            "-XX:CompileThresholdScaling=0.1");

    /** glibc gives each thread that mallocs its own 64 MiB arena by default; RocksDB's threads would add up. */
    public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    private NodeJvm() {
    }
}
