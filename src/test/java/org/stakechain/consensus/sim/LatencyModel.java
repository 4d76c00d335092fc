package org.stakechain.consensus.sim;

import java.util.SplittableRandom;

/** How long one message takes on one link. Every draw comes from the simulation's seeded generator. */
public sealed interface LatencyModel {

    long sampleMillis(SplittableRandom random);

    String describe();

    /** Uniform in [min, max]. */
    record Uniform(long minMillis, long maxMillis) implements LatencyModel {
        @Override
        public long sampleMillis(SplittableRandom random) {
            return minMillis + random.nextLong(maxMillis - minMillis + 1);
        }

        @Override
        public String describe() {
            return "uniform " + minMillis + "-" + maxMillis + " ms";
        }
    }

    /** A floor plus an exponential tail of the given mean: a busy but well-behaved network. */
    record Exponential(long floorMillis, double meanMillis) implements LatencyModel {
        @Override
        public long sampleMillis(SplittableRandom random) {
            return floorMillis + (long) (-meanMillis * Math.log(1.0 - random.nextDouble()));
        }

        @Override
        public String describe() {
            return "exponential floor " + floorMillis + " ms mean +" + meanMillis + " ms";
        }
    }

    /**
     * Mostly {@code base}, but a fraction of messages take a Pareto-distributed detour (shape 1.5, capped):
     * the stragglers that make rounds time out and messages overtake each other.
     */
    record LongTail(LatencyModel base, double tailProbability, long tailScaleMillis, long capMillis) implements LatencyModel {
        @Override
        public long sampleMillis(SplittableRandom random) {
            long b = base.sampleMillis(random);
            if (random.nextDouble() >= tailProbability) {
                return b;
            }
            double pareto = tailScaleMillis / Math.pow(1.0 - random.nextDouble(), 1 / 1.5);
            return b + Math.min(capMillis, (long) pareto);
        }

        @Override
        public String describe() {
            return base.describe() + ", " + (int) (tailProbability * 100) + "% long tail from " + tailScaleMillis
                    + " ms capped at " + capMillis + " ms";
        }
    }
}
