package org.stakechain.network;

import org.stakechain.crypto.Hash;
import org.stakechain.crypto.RecentHashes;

/**
 * The ids of recently seen gossip (SHA-256 of the frame, or of a transaction), bounded: the oldest are forgotten
 * first. Forgetting is safe: a message seen again after that is judged again by the node and ignored as a duplicate.
 * Held in a {@link RecentHashes}, which keeps no object per id for the collector.
 */
final class SeenCache {
    private final RecentHashes entries;

    SeenCache(int capacity) {
        this.entries = new RecentHashes(capacity);
    }

    /** Records {@code id}; true if it was new. */
    boolean markSeen(Hash id) {
        return entries.add(id);
    }

    boolean contains(Hash id) {
        return entries.contains(id);
    }

    int size() {
        return entries.size();
    }
}
