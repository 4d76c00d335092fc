package org.stakechain.mempool;

import java.util.LinkedHashMap;
import java.util.Map;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.tx.Transaction;

/**
 * The newest transactions this pool refused for room ({@code POOL_FULL}) although their signatures verified, oldest
 * forgotten first. Under load pools fill at different moments, so a forger whose pool took a transaction may
 * include it in a block while this node's pool had refused it; a compact proposal naming it is then rebuilt from
 * here instead of fetched whole (Bitcoin's compact blocks keep such an "extra pool" for the same reason). Nothing
 * here is offered to forgers or counted as pooled; a block rebuilt from it is validated like any other (the
 * transaction's hash covers its signature, so the id names exactly this transaction).
 *
 * <p>Kept as their encodings, decoded again on the rare lookup that finds one: under load refusals come faster
 * than blocks and each entry lives seconds, long enough to be promoted and to die in the old generation; the
 * encoding is ~170 B of the ~460 B a decoded transfer holds (its signature, recipient and payload objects), and the
 * refused transaction object itself then dies young (docs/performance.md, "GC (round 7)").
 *
 * <p>Thread-safe (synchronized).
 */
final class RefusedTransactions {
    private final int capacity;
    private final LinkedHashMap<Hash, byte[]> byHash;

    RefusedTransactions(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, got " + capacity);
        }
        this.capacity = capacity;
        this.byHash = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Hash, byte[]> eldest) {
                return size() > RefusedTransactions.this.capacity;
            }
        };
    }

    void add(Transaction tx) {
        if (capacity > 0) {
            byte[] encoded = tx.encode(); // a copy, made outside the lock
            synchronized (this) {
                byHash.putIfAbsent(tx.hash(), encoded);
            }
        }
    }

    /** The refused transaction with this hash, or null; decoded outside the lock. */
    Transaction get(Hash txHash) {
        byte[] encoded;
        synchronized (this) {
            encoded = byHash.get(txHash);
        }
        // canonical encoding, decoded once before: the same transaction (its hash is the key)
        return encoded == null ? null : Transaction.decode(encoded);
    }

    synchronized int size() {
        return byHash.size();
    }
}
