package org.stakechain.network;

/** A token bucket: {@code capacity} tokens, refilled at {@code perSecond}; a message takes one token or one per byte. */
final class TokenBucket {
    private final double capacity;
    private final double perMilli;
    private double tokens;
    private long lastMillis;

    TokenBucket(double capacity, double perSecond, long nowMillis) {
        this.capacity = capacity;
        this.perMilli = perSecond / 1000.0;
        this.tokens = capacity;
        this.lastMillis = nowMillis;
    }

    synchronized boolean tryTake(double amount, long nowMillis) {
        if (nowMillis > lastMillis) {
            tokens = Math.min(capacity, tokens + (nowMillis - lastMillis) * perMilli);
            lastMillis = nowMillis;
        }
        if (tokens >= amount) {
            tokens -= amount;
            return true;
        }
        return false;
    }
}
