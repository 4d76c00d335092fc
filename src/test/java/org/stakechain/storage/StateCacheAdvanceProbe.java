package org.stakechain.storage;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.stakechain.crypto.Address;
import org.stakechain.ledger.Account;

/**
 * Probe, not a test: thread CPU of {@link StateCache#advance} per block shaped like the bench's at full rate
 * (2,700 changed accounts of 20,000, a view one head back open at every commit, as admission keeps one), and of
 * the reads a block's admission makes. {@code java -cp ... org.stakechain.storage.StateCacheAdvanceProbe [BLOCKS]}
 */
public final class StateCacheAdvanceProbe {
    public static void main(String[] args) {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        SplittableRandom random = new SplittableRandom(3);
        Address[] addresses = new Address[20_000];
        for (int i = 0; i < addresses.length; i++) {
            byte[] b = new byte[20];
            random.nextBytes(b);
            addresses[i] = Address.wrap(b);
        }
        StateCache cache = new StateCache(100_000, 0);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[blocks];
        int hits = 0;
        for (int h = 1; h <= blocks; h++) {
            Map<Address, Account> changed = new LinkedHashMap<>();
            while (changed.size() < 2_700) {
                changed.put(addresses[random.nextInt(addresses.length)], Account.funded(random.nextLong(1, 1L << 40)));
            }
            Map<Address, Account> frozen = java.util.Collections.unmodifiableMap(changed);
            long t0 = threads.getCurrentThreadCpuTime();
            cache.advance(h, frozen, h - 1);
            cpu[h - 1] = threads.getCurrentThreadCpuTime() - t0;
            for (int r = 0; r < 3_000; r++) {
                Address a = addresses[random.nextInt(addresses.length)];
                if (cache.accountOrNull(h - random.nextInt(2), a) != null) {
                    hits++;
                } else {
                    cache.rememberAccount(h, a, Account.funded(1));
                }
            }
        }
        long[] s = Arrays.copyOfRange(cpu, blocks / 3, blocks);
        Arrays.sort(s);
        long sum = 0;
        for (long c : s) {
            sum += c;
        }
        System.out.printf("StateCache.advance: median %d µs CPU (p25 %d, p75 %d, mean %d) per block; %d hits%n",
                s[s.length / 2] / 1000, s[s.length / 4] / 1000, s[s.length * 3 / 4] / 1000, sum / s.length / 1000, hits);
    }
}
