package org.stakechain.consensus;

/**
 * Seeds for randomised consensus tests: fixed by default so CI is reproducible; a failing run prints its seed,
 * and {@code -D<property>=<seed>} replays exactly that one.
 */
final class TestSeeds {
    private TestSeeds() {
    }

    static long[] of(String property, long base, int count) {
        String replay = System.getProperty(property);
        if (replay != null && !replay.isBlank()) {
            return new long[] {Long.parseLong(replay.trim())};
        }
        long[] seeds = new long[count];
        for (int i = 0; i < count; i++) {
            seeds[i] = base + i;
        }
        return seeds;
    }
}
