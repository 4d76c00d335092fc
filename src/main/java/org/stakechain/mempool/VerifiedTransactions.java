package org.stakechain.mempool;

import java.util.LinkedHashMap;
import java.util.Map;
import org.stakechain.crypto.Hash;

/**
 * Hashes of transactions whose signatures verified, oldest forgotten first. A transaction's hash covers its
 * signature, so "this hash verified once" means "this transaction verifies": the pool checks each signature
 * once, and block validation can skip the ones the pool already checked.
 */
public final class VerifiedTransactions {
    private final int capacity;
    private final Map<Hash, Boolean> hashes;

    public VerifiedTransactions(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.hashes = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Hash, Boolean> eldest) {
                return size() > VerifiedTransactions.this.capacity;
            }
        };
    }

    public synchronized boolean contains(Hash txHash) {
        return hashes.get(txHash) != null;
    }

    public synchronized void add(Hash txHash) {
        hashes.put(txHash, Boolean.TRUE);
    }

    public synchronized int size() {
        return hashes.size();
    }

    public int capacity() {
        return capacity;
    }
}
