package org.stakechain.network;

import java.util.Random;

/**
 * Reconnect delays: exponential in the number of failed attempts, capped, with "equal jitter" (half fixed, half
 * random) so nodes that lost the same peer at the same moment do not all knock on its door at once.
 */
final class Backoff {
    private Backoff() {
    }

    static long delayMillis(int failures, long baseMillis, long maxMillis, Random random) {
        long exponential = baseMillis << Math.min(Math.max(failures - 1, 0), 30);
        long capped = Math.min(maxMillis, exponential < 0 ? maxMillis : exponential);
        long half = capped / 2;
        return half + (long) (random.nextDouble() * (capped - half + 1));
    }
}
