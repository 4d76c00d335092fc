package org.stakechain.cli;

import java.util.List;
import java.util.Map;

/**
 * How a node process's JVM is started by the commands that start nodes ({@code testnet run}, {@code demo}), and,
 * through the {@code stakechain} launcher, by {@code stakechain node}. Measured with 100,000 funded accounts
 * (docs/operations.md): these keep a validator's resident set under 400 MB at its peak and an idle node under
 * 200 MB. Without them the JVM sizes its heap from the machine's memory (a quarter of it), and RSS grows with it.
 */
public final class NodeJvm {
    /**
     * Heap at most 192 MiB (the 100k-account state tree and account cache are ~70 MiB live), starting at 32 MiB so
     * an idle node does not touch a 64 MiB young generation it does not need (the default initial heap is 1/64 of
     * the machine's memory, i.e. the maximum here); serial GC, the cheapest collector in memory and CPU on 2
     * cores; capped direct buffers (the network's), code cache, metaspace and thread stacks.
     */
    public static final List<String> FLAGS = List.of("-Xms32m", "-Xmx192m", "-XX:+UseSerialGC",
            "-XX:MaxDirectMemorySize=64m", "-Xss512k", "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=96m",
            // C2 compiles a method after ~3-4x the default calls: an idle node (one block a second) stops paying
            // C2 for code that runs a few times a block, while the hot paths under load cross these in seconds
            // (docs/performance.md: idle CPU, and throughput measured with and without)
            "-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000",
            "-XX:Tier4CompileThreshold=60000", "-XX:Tier4BackEdgeThreshold=400000");

    /** glibc gives each thread that mallocs its own 64 MiB arena by default; RocksDB's threads would add up. */
    public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    private NodeJvm() {
    }
}
