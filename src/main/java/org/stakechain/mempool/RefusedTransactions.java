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
 * <p>Thread-safe (synchronized).
 */
final class RefusedTransactions {
    private final int capacity;
    private final LinkedHashMap<Hash, Transaction> byHash;

    RefusedTransactions(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, got " + capacity);
        }
        this.capacity = capacity;
        this.byHash = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Hash, Transaction> eldest) {
                return size() > RefusedTransactions.this.capacity;
            }
        };
    }

    synchronized void add(Transaction tx) {
        if (capacity > 0) {
            byHash.putIfAbsent(tx.hash(), tx);
        }
    }

    /** The refused transaction with this hash, or null. */
    synchronized Transaction get(Hash txHash) {
        return byHash.get(txHash);
    }

    synchronized int size() {
        return byHash.size();
    }
}
