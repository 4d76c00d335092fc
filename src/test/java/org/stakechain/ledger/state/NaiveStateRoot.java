package org.stakechain.ledger.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.stakechain.crypto.Hash;

/**
 * The reference: the root recomputed from the whole key set by the definition, sharing no code with
 * {@link SparseMerkleTree} (not even the node classes). O(N) per call; tests only.
 */
final class NaiveStateRoot {
    private NaiveStateRoot() {
    }

    static Hash of(SortedMap<Hash, Hash> all) {
        return subtree(new ArrayList<>(all.entrySet()), 0);
    }

    /** entries: sorted, all sharing their first {@code depth} bits. */
    private static Hash subtree(List<Map.Entry<Hash, Hash>> entries, int depth) {
        if (entries.isEmpty()) {
            return Hash.ZERO;
        }
        if (entries.size() == 1) {
            Map.Entry<Hash, Hash> only = entries.get(0);
            return Hash.of(new byte[] {0x00}, only.getKey().bytes(), only.getValue().bytes());
        }
        int split = 0;
        while (split < entries.size() && !entries.get(split).getKey().bit(depth)) {
            split++;
        }
        Hash left = subtree(entries.subList(0, split), depth + 1);
        Hash right = subtree(entries.subList(split, entries.size()), depth + 1);
        return Hash.of(new byte[] {0x01}, left.bytes(), right.bytes());
    }
}
