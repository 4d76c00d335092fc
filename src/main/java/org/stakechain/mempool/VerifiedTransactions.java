package org.stakechain.mempool;

import java.util.List;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.RecentHashes;

/**
 * Hashes of transactions whose signatures verified, oldest forgotten first. A transaction's hash covers its
 * signature, so "this hash verified once" means "this transaction verifies": the pool checks each signature
 * once, and block validation can skip the ones the pool already checked. Held in a {@link RecentHashes}: no
 * object per entry for the collector to copy and promote (first in, first out; at twice the pool's capacity a
 * pooled transaction is forgotten only after 40,000 newer ones verified, and then costs one more check).
 */
public final class VerifiedTransactions {
    private final RecentHashes hashes;

    public VerifiedTransactions(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.hashes = new RecentHashes(capacity);
    }

    public boolean contains(Hash txHash) {
        return hashes.contains(txHash);
    }

    public void add(Hash txHash) {
        hashes.add(txHash);
    }

    /** {@link #contains} of each, in one lock for all (a batch's or a block's transactions). */
    public boolean[] containsEach(List<Hash> txHashes) {
        return hashes.containsEach(txHashes);
    }

    /** {@link #add} of each, in one lock for all. */
    public void addAll(List<Hash> txHashes) {
        hashes.addAll(txHashes);
    }

    public int size() {
        return hashes.size();
    }

    public int capacity() {
        return hashes.capacity();
    }
}
