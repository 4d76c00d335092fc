package org.stakechain.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Mixed-fault simulations over many seeds; every run must keep every {@link Invariants invariant}.
 *
 * <ul>
 *   <li>{@code -Dsim.seed=N} replays one seed, printing what it did;</li>
 *   <li>{@code -Dsim.seeds=N} changes how many seeds the CI test runs (default 1,000, from {@code -Dsim.firstSeed}, default 1);</li>
 *   <li>the {@code long}-tagged test runs 100,000 further seeds: {@code ./mvnw test -Dtest='SimulationTest#manySeeds'
 *       -Dtest.groups.excluded=none} ({@code -Dsim.longSeeds=N} to change the count).</li>
 * </ul>
 * Seeds run in parallel, one simulation per thread; each run is single-threaded and depends only on its seed.
 */
class SimulationTest {

    @Test
    void mixedFaultSeedsKeepEveryInvariant() {
        String one = System.getProperty("sim.seed");
        if (one != null && !one.isBlank()) {
            replay(Long.parseLong(one.trim()));
            return;
        }
        long first = Long.getLong("sim.firstSeed", 1);
        runSeeds(first, Long.getLong("sim.seeds", 1_000));
    }

    @Test
    @Tag("long")
    void manySeeds() {
        runSeeds(1_000_000, Long.getLong("sim.longSeeds", 100_000));
    }

    @Test
    void aSeedReplaysExactly() {
        Scenario scenario = Scenario.random(42);
        SimulationResult a = new Simulation(scenario).run();
        SimulationResult b = new Simulation(scenario).run();
        assertThat(a.maxHonestHeight()).isGreaterThan(3);
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    }

    private static void replay(long seed) {
        Scenario scenario = Scenario.random(seed);
        System.out.println("seed " + seed + ":\n  " + scenario.describe());
        SimulationResult result = new Simulation(scenario).run();
        System.out.println("  " + result.summary());
        result.simulation().injections().forEach(i -> System.out.println("  injected: " + i));
        SimulationRunner.run(scenario);
    }

    private static void runSeeds(long first, long count) {
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicLong heights = new AtomicLong();
        AtomicInteger checkedEquivocations = new AtomicInteger();
        long start = System.nanoTime();
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        try {
            pool.submit(() -> LongStream.range(first, first + count).parallel().forEach(seed -> {
                try {
                    Invariants.Report r = SimulationRunner.runSeed(seed);
                    heights.addAndGet(r.replayedHeight());
                    checkedEquivocations.addAndGet(r.equivocationsChecked());
                } catch (SimulationRunner.SeedFailure f) {
                    System.out.println("FAILED " + f.getMessage());
                    failures.add(String.valueOf(f.seed));
                }
            })).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(java.util.Locale.ROOT,
                "simulation: %d seeds from %d in %.1f s (%.1f seeds/s on %d threads), %d final heights, %d equivocations checked, %d failed%n",
                count, first, seconds, count / seconds, Runtime.getRuntime().availableProcessors(), heights.get(),
                checkedEquivocations.get(), failures.size());
        assertThat(failures).as("failing seeds (replay each with -Dsim.seed=...)").isEmpty();
    }
}
