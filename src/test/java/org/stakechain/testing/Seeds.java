package org.stakechain.testing;

/**
 * Seeds for generator tests: a fixed base so CI is reproducible, overridable to replay one failure.
 * A failing test prints its seed; rerun it with {@code -D<property>=<seed>}.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The seeds to run: the one from {@code -Dproperty} if given, else {@code count} seeds from {@code base}. */
    public static long[] of(String property, long base, int count) {
        String replay = System.getProperty(property);
        if (replay != null && !replay.isBlank()) {
            return new long[] {Long.parseLong(replay.trim())};
        }
        int n = Integer.getInteger(property + "s", count);
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = base + i;
        }
        return seeds;
    }
}
