package org.stakechain.ledger.block;

import java.util.ArrayList;
import java.util.List;
import org.stakechain.crypto.Hash;

/**
 * Binary Merkle root over an ordered list of hashes, RFC 6962 style: leaves and inner nodes hashed with
 * different prefixes (0x00 / 0x01) so a leaf can never pass for an inner node; an odd node is promoted.
 */
public final class MerkleRoot {
    private static final byte[] LEAF = {0};
    private static final byte[] NODE = {1};

    private MerkleRoot() {
    }

    public static Hash of(List<Hash> items) {
        if (items.isEmpty()) {
            return Hash.ZERO;
        }
        List<Hash> level = new ArrayList<>(items.size());
        for (Hash h : items) {
            level.add(Hash.of(LEAF, h.bytes()));
        }
        while (level.size() > 1) {
            List<Hash> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                next.add(i + 1 < level.size() ? Hash.of(NODE, level.get(i).bytes(), level.get(i + 1).bytes()) : level.get(i));
            }
            level = next;
        }
        return level.get(0);
    }
}
