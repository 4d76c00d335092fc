package org.stakechain.ledger.state;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongConsumer;
import org.stakechain.testing.Seeds;

/**
 * Runs a randomized tree test over the project's seeds ({@link Seeds}): a fixed range by default,
 * {@code -Dsmt.seed=N} to replay one, {@code -Dsmt.seeds=N} for a longer run. A failure names its seed.
 */
final class SeededRuns {
    static final String SEED_PROPERTY = "smt.seed";
    private static final long BASE = 1;

    private SeededRuns() {
    }

    static void forEach(String test, int defaultCount, LongConsumer body) {
        long[] seeds = Seeds.of(SEED_PROPERTY, BASE, defaultCount);
        System.out.printf("%s: seeds %d..%d (replay one with -D%s=N)%n", test, seeds[0], seeds[seeds.length - 1],
                SEED_PROPERTY);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (long seed : seeds) {
            try {
                body.accept(seed);
            } catch (AssertionError | RuntimeException e) {
                System.out.printf("%s: FAILED with seed %d; replay with -D%s=%d%n", test, seed, SEED_PROPERTY, seed);
                throw new AssertionError(test + " failed with seed " + seed + "; replay with -D" + SEED_PROPERTY
                        + "=" + seed, e);
            }
        }
        // CPU rather than wall time: the CI machine is shared, and the budget is ours to watch.
        System.out.printf("%s: %d seeds passed in %.2f s CPU%n", test, seeds.length,
                (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);
    }
}
