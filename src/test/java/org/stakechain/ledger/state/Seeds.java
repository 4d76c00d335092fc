package org.stakechain.ledger.state;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongConsumer;

/**
 * Runs a randomized test over many fixed seeds, or over the one given with {@code -Dsmt.seed=N} to replay a
 * failure. {@code -Dsmt.seeds=N} raises the count for a long run. A failure names its seed.
 */
final class Seeds {
    static final String SEED_PROPERTY = "smt.seed";
    static final String COUNT_PROPERTY = "smt.seeds";

    private Seeds() {
    }

    static void forEach(String test, int defaultCount, LongConsumer body) {
        String one = System.getProperty(SEED_PROPERTY);
        long first;
        long count;
        if (one != null) {
            first = Long.parseLong(one.trim());
            count = 1;
        } else {
            first = 1;
            count = Long.getLong(COUNT_PROPERTY, defaultCount);
        }
        System.out.printf("%s: seeds %d..%d (replay one with -D%s=N)%n", test, first, first + count - 1, SEED_PROPERTY);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (long seed = first; seed < first + count; seed++) {
            try {
                body.accept(seed);
            } catch (AssertionError | RuntimeException e) {
                System.out.printf("%s: FAILED with seed %d; replay with -D%s=%d%n", test, seed, SEED_PROPERTY, seed);
                throw new AssertionError(test + " failed with seed " + seed + "; replay with -D" + SEED_PROPERTY
                        + "=" + seed, e);
            }
        }
        // CPU rather than wall time: the CI machine is shared, and the budget is ours to watch.
        System.out.printf("%s: %d seeds passed in %.2f s CPU%n", test, count,
                (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);
    }
}
