package org.stakechain.network;

import java.util.LinkedHashMap;
import java.util.Map;
import org.stakechain.crypto.Hash;

/**
 * The ids of recently seen gossip (SHA-256 of the frame, or of a transaction), bounded: the oldest are forgotten
 * first. Forgetting is safe: a message seen again after that is judged again by the node and ignored as a duplicate.
 */
final class SeenCache {
    private final Map<Hash, Boolean> entries;

    SeenCache(int capacity) {
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Hash, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records {@code id}; true if it was new. */
    synchronized boolean markSeen(Hash id) {
        return entries.put(id, Boolean.TRUE) == null;
    }

    synchronized boolean contains(Hash id) {
        return entries.containsKey(id);
    }

    synchronized int size() {
        return entries.size();
    }
}
