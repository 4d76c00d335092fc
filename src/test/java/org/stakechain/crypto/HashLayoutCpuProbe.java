package org.stakechain.crypto;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * {@link HashLayoutBenchmark}'s operations timed in thread CPU time, which a loaded shared machine disturbs less
 * than JMH's wall time: median ns per call over rounds of a million calls. Public methods only, so it runs against
 * an older build's classes too (its jar first on the class path), words* aside:
 * {@code java -XX:TieredStopAtLevel=1 -cp [A.jar:]target/test-classes:target/classes:DEPS
 * org.stakechain.crypto.HashLayoutCpuProbe}.
 */
public final class HashLayoutCpuProbe {
    private static final int CALLS = 1_000_000;
    private static final int ROUNDS = 15;

    private HashLayoutCpuProbe() {
    }

    public static void main(String[] args) {
        HashLayoutBenchmark b = new HashLayoutBenchmark();
        b.setUp();
        boolean words = args.length > 0 && args[0].equals("words");
        org.openjdk.jmh.infra.Blackhole hole = new org.openjdk.jmh.infra.Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        Map<String, IntUnaryOperator> ops = new LinkedHashMap<>();
        ops.put("addressEquals", x -> b.addressEquals() ? 1 : 0);
        ops.put("addressHashCode", x -> b.addressHashCode());
        ops.put("addressMapGet", x -> b.addressMapGet());
        ops.put("hashEquals", x -> b.hashEquals() ? 1 : 0);
        ops.put("hashIsZero", x -> b.hashIsZero() ? 1 : 0);
        ops.put("hashBit", x -> b.hashBit() ? 1 : 0);
        ops.put("hashCompareTo", x -> b.hashCompareTo());
        ops.put("hashCopyTo", x -> b.hashCopyTo()[5]);
        ops.put("hashWrap", x -> b.hashWrap().hashCode());
        if (words) {
            ops.put("wordsByHand", x -> {
                b.wordsByHand(hole);
                return 0;
            });
            ops.put("wordsByVarHandle", x -> {
                b.wordsByVarHandle(hole);
                return 0;
            });
        }
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long sink = 0;
        double[][] perOp = new double[ops.size()][ROUNDS];
        for (int round = -3; round < ROUNDS; round++) { // 3 rounds of warm-up, interleaved over the operations
            int k = 0;
            for (IntUnaryOperator op : ops.values()) {
                long start = bean.getCurrentThreadCpuTime();
                for (int i = 0; i < CALLS; i++) {
                    sink += op.applyAsInt(i);
                }
                long ns = bean.getCurrentThreadCpuTime() - start;
                if (round >= 0) {
                    perOp[k][round] = (double) ns / CALLS;
                }
                k++;
            }
        }
        int k = 0;
        for (String name : ops.keySet()) {
            double[] r = perOp[k++];
            Arrays.sort(r);
            System.out.printf("%-18s %7.1f ns CPU (p25 %.1f, p75 %.1f)%n", name, r[ROUNDS / 2], r[ROUNDS / 4],
                    r[3 * ROUNDS / 4]);
        }
        System.out.println("sink " + sink);
    }
}
