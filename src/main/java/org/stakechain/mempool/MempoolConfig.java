package org.stakechain.mempool;

import org.stakechain.ledger.tx.Transaction;

/**
 * The pool's limits. Node configuration, not consensus: nodes may differ.
 *
 * @param maxTransactions     entries held at most; the lowest-fee ones leave first
 * @param maxBytes            encoded bytes held at most
 * @param maxTransactionBytes the largest transaction admitted
 * @param maxNonceGap         a nonce may be at most {@code maxNonceGap - 1} past the sender's next nonce; this
 *                            also bounds one sender's entries
 * @param verifiedCacheSize   signature-verified hashes remembered
 * @param refusedCacheSize    transactions refused for room kept to rebuild compact proposals ({@link
 *                            RefusedTransactions}); 0 keeps none
 */
public record MempoolConfig(int maxTransactions, long maxBytes, int maxTransactionBytes, int maxNonceGap,
                            int verifiedCacheSize, int refusedCacheSize) {

    public MempoolConfig {
        if (maxTransactions <= 0 || maxBytes <= 0 || maxTransactionBytes <= 0 || maxNonceGap <= 0
                || verifiedCacheSize <= 0 || refusedCacheSize < 0) {
            throw new IllegalArgumentException("mempool limits must be positive: " + this);
        }
        if (maxTransactionBytes > maxBytes) {
            throw new IllegalArgumentException("maxTransactionBytes " + maxTransactionBytes + " above maxBytes " + maxBytes);
        }
    }

    /**
     * Four full blocks by each measure (5,000 transactions, 4 MiB per block by default); nonces up to 63 ahead;
     * eight times the pool's count of verified hashes (160,000, ~7 MiB): a pooled transaction's hash must still be
     * there when its block is checked, and under a sustained flood every node verifies newcomers (its own and
     * gossiped ones) faster than a full pool drains, so a ring of twice the pool forgot pooled transactions before
     * their blocks came and verified them again (1.5 checks per final transaction in a 120,000-transfer run at the
     * maximum rate; 1.15 at four times the pool; 1.00 at eight; docs/performance.md "Round 10");
     * the last 16,384 transactions refused for room (a few seconds of refusals at the maximum rate, while a forger
     * whose pool took them may still include them; a few MiB).
     */
    public static MempoolConfig defaults() {
        return new MempoolConfig(20_000, 16L << 20, Transaction.MAX_ENCODED_BYTES, 64, 160_000, 16_384);
    }

    /**
     * Entries that may wait behind a nonce gap at once: a quarter of the capacity. Capped so entries that cannot be
     * offered to a forger never fill the pool and starve the ones that can (docs/mempool.md "Waiting entries").
     */
    public int maxWaiting() {
        return Math.max(1, maxTransactions / 4);
    }

    public MempoolConfig withCapacity(int transactions, long bytes) {
        return new MempoolConfig(transactions, bytes, (int) Math.min(maxTransactionBytes, bytes), maxNonceGap,
                verifiedCacheSize, refusedCacheSize);
    }

    public MempoolConfig withMaxTransactionBytes(int limit) {
        return new MempoolConfig(maxTransactions, maxBytes, limit, maxNonceGap, verifiedCacheSize, refusedCacheSize);
    }

    public MempoolConfig withMaxNonceGap(int gap) {
        return new MempoolConfig(maxTransactions, maxBytes, maxTransactionBytes, gap, verifiedCacheSize, refusedCacheSize);
    }

    public MempoolConfig withVerifiedCacheSize(int size) {
        return new MempoolConfig(maxTransactions, maxBytes, maxTransactionBytes, maxNonceGap, size, refusedCacheSize);
    }

    public MempoolConfig withRefusedCacheSize(int size) {
        return new MempoolConfig(maxTransactions, maxBytes, maxTransactionBytes, maxNonceGap, verifiedCacheSize, size);
    }
}
