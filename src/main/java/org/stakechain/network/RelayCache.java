package org.stakechain.network;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.stakechain.crypto.Hash;

/**
 * The frames this node announced (transaction batches by batch id, proposals and decided blocks by their gossip id:
 * as pushed to it, or already behind the BlockFrame tag they are served with when fetched, rebuilt or its own),
 * kept so it can serve the peers that ask for them. Bounded by bytes, oldest first out: peers ask within a round trip
 * of the announcement, so a few seconds of frames is all that is ever asked for.
 */
final class RelayCache {
    private final long capacityBytes;
    private final Map<Hash, byte[]> frames = new LinkedHashMap<>();
    private long bytes;

    RelayCache(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    synchronized void put(Hash batchId, byte[] frame) {
        byte[] old = frames.put(batchId, frame);
        bytes += frame.length - (old == null ? 0 : old.length);
        Iterator<byte[]> oldest = frames.values().iterator();
        while (bytes > capacityBytes && oldest.hasNext()) {
            bytes -= oldest.next().length;
            oldest.remove();
        }
    }

    /**
     * The frame as stored (a Transactions, Batch, Proposal or Decided frame), or null if never announced or already
     * evicted.
     */
    synchronized byte[] get(Hash batchId) {
        return frames.get(batchId);
    }

    synchronized int size() {
        return frames.size();
    }
}
