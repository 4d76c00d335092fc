package org.stakechain.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The calling thread's CPU time per benchmark call, kept and summarised at the end of a trial: on a shared machine
 * a call's wall-clock time swings with the load (and, for a synced store write, with the disk), its CPU time
 * much less. For benchmarks in modes where JMH's aux counters do not apply (single shot, sample).
 */
public final class CpuSamples {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long[] micros = new long[256];
    private int count;
    private long started;

    public void start() {
        started = THREADS.getCurrentThreadCpuTime();
    }

    public <T> T stop(T result) {
        long took = (THREADS.getCurrentThreadCpuTime() - started) / 1_000;
        if (count == micros.length) {
            micros = Arrays.copyOf(micros, count * 2);
        }
        micros[count++] = took;
        return result;
    }

    /** Forgets the samples so far (the warm-up's). */
    public void reset() {
        count = 0;
    }

    /** "median N µs (p25 .. p75, n calls)" over the samples since the last reset. */
    public String summary() {
        if (count == 0) {
            return "no calls";
        }
        long[] sorted = Arrays.copyOf(micros, count);
        Arrays.sort(sorted);
        return "median " + sorted[count / 2] + " µs CPU (p25 " + sorted[count / 4] + ", p75 " + sorted[count * 3 / 4]
                + ", " + count + " calls)";
    }
}
