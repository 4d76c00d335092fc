package org.stakechain.api;

/**
 * When a client refused for room ({@code POOL_FULL}) should come back: room comes with the next final block, which
 * takes a block's worth of transactions out of the pool, so the hint is the time until that block is expected — the
 * last final block's moment plus the recent interval between final blocks (smoothed) — plus a small margin for the
 * pool's own bookkeeping after the commit. Never less than one slot (the hint it replaces: a block overdue does not
 * bring clients back sooner than before), nor more than {@link #MAX_INTERVALS} intervals or {@link #MAX_MILLIS}.
 * Before two blocks are seen, and when nothing was final for long (the interval says nothing then), one slot.
 *
 * <p>A fixed one-slot hint (100 ms at the fastest slot) sent a flooding client back several times per block when
 * heights took longer than a slot (a full 5,000-transaction block, a loaded machine): each time every entry it
 * offered was decoded, checked against the pool's rules and refused again (docs/performance.md, "The bench
 * client's nonce order (round 11)").
 *
 * <p>Thread-safe; times in nanoseconds from the caller's monotonic clock.
 */
final class RetryHint {
    /** The shortest slot this takes as the floor. */
    static final long MIN_MILLIS = 20;
    /** Never more, whatever the chain does: a client told to wait seconds for a stalled chain learns little more. */
    static final long MAX_MILLIS = 2_000;
    /** Nor more than this many intervals (a single slow height must not send clients away for long). */
    static final int MAX_INTERVALS = 2;
    /** After the block's expected moment: its commit, then the pool's cleanup, come before the room. */
    static final long MARGIN_MILLIS = 10;
    /** How much a new interval moves the smoothed one. */
    private static final double WEIGHT = 0.25;

    private final long slotMillis;
    private long lastFinalNanos;
    private double intervalNanos; // 0 until two final blocks were seen
    private boolean seen;

    RetryHint(long slotMillis) {
        this.slotMillis = Math.max(MIN_MILLIS, slotMillis);
    }

    /** A block became final here at {@code nanos}. */
    synchronized void onFinal(long nanos) {
        if (seen) {
            long gap = nanos - lastFinalNanos;
            if (gap > 0) {
                intervalNanos = intervalNanos == 0 ? gap : intervalNanos + WEIGHT * (gap - intervalNanos);
            }
        }
        lastFinalNanos = nanos;
        seen = true;
    }

    /** How long a client refused for room at {@code nowNanos} should wait, in milliseconds. */
    synchronized long millisUntilRoom(long nowNanos) {
        if (intervalNanos == 0) {
            return slotMillis;
        }
        double interval = intervalNanos / 1e6;
        double sinceLast = (nowNanos - lastFinalNanos) / 1e6;
        if (sinceLast > MAX_INTERVALS * interval + MAX_MILLIS) {
            return slotMillis; // nothing final for long: the interval says nothing now
        }
        double until = interval - sinceLast + MARGIN_MILLIS;
        long ms = (long) Math.ceil(until);
        return Math.max(slotMillis, Math.min(ms, Math.min(MAX_MILLIS, (long) Math.ceil(MAX_INTERVALS * interval))));
    }
}
