package org.stakechain.consensus.sim;

/** Runs one seed end to end: scenario, simulation, invariants; failures carry the seed and how to replay it. */
public final class SimulationRunner {
    private SimulationRunner() {
    }

    public static Invariants.Report runSeed(long seed) {
        return run(Scenario.random(seed));
    }

    public static Invariants.Report run(Scenario scenario) {
        SimulationResult result;
        try {
            result = new Simulation(scenario).run();
        } catch (RuntimeException | AssertionError e) {
            throw new SeedFailure(scenario, "the run threw " + e, e);
        }
        try {
            return Invariants.check(result);
        } catch (AssertionError e) {
            throw new SeedFailure(scenario, e.getMessage() + "\n  " + result.summary(), e);
        }
    }

    /** A failed seed: the message says which, what broke, and the command that replays it. */
    public static final class SeedFailure extends AssertionError {
        public final long seed;

        SeedFailure(Scenario scenario, String what, Throwable cause) {
            super("seed " + scenario.seed() + " failed (replay: ./mvnw -o test -Dtest=SimulationTest -Dsim.seed="
                    + scenario.seed() + ")\n  " + scenario.describe() + "\n  " + what, cause);
            this.seed = scenario.seed();
        }
    }
}
