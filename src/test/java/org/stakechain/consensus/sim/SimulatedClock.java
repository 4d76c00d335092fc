package org.stakechain.consensus.sim;

/** The only time a simulation knows: milliseconds, moved forward by the event queue and nothing else. */
public final class SimulatedClock {
    private long now;

    public SimulatedClock(long startMillis) {
        this.now = startMillis;
    }

    public long now() {
        return now;
    }

    void advanceTo(long millis) {
        if (millis < now) {
            throw new IllegalStateException("time never goes back: " + millis + " < " + now);
        }
        now = millis;
    }
}
