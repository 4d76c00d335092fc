package org.stakechain.mempool;

import java.util.Map;

/**
 * A snapshot of the pool's size and what it has done since start: gauges first, then counters.
 *
 * @param rejected rejections at the door, by reason
 */
public record MempoolMetrics(int transactions, long bytes, int senders, int maxTransactions, long maxBytes,
                             int verifiedCached, long accepted, long duplicates, long poolFull,
                             Map<RejectReason, Long> rejected, Map<Removal.Cause, Long> removed,
                             long signatureChecks) {

    public MempoolMetrics {
        rejected = Map.copyOf(rejected);
        removed = Map.copyOf(removed);
    }
}
