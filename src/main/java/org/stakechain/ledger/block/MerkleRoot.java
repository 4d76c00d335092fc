package org.stakechain.ledger.block;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.stakechain.crypto.Hash;

/**
 * Binary Merkle root over an ordered list of hashes, RFC 6962 style: leaves and inner nodes hashed with
 * different prefixes (0x00 / 0x01) so a leaf can never pass for an inner node; an odd node is promoted.
 */
public final class MerkleRoot {
    private static final byte LEAF = 0;
    private static final byte NODE = 1;

    /**
     * One digest per thread: {@code MessageDigest.getInstance} walks the provider's lookup on every call, once per
     * block built or checked. Every use below ends in a digest(), which resets it, and starts with a reset.
     */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Hash::sha256);

    private MerkleRoot() {
    }

    public static Hash of(List<Hash> items) {
        int n = items.size();
        if (n == 0) {
            return Hash.ZERO;
        }
        // Every level lives in one array, 32 bytes a node, each level written over the one below it: a block of
        // 1,000 transactions otherwise made ~2,000 Hash objects and ~6,000 arrays to compute one root.
        MessageDigest digest = DIGEST.get();
        digest.reset(); // consensus-critical: never start from what a use that threw half-way left behind
        byte[] level = new byte[n * Hash.LENGTH];
        byte[] preimage = new byte[1 + 2 * Hash.LENGTH];
        preimage[0] = LEAF;
        for (int i = 0; i < n; i++) {
            items.get(i).copyTo(preimage, 1);
            digest.update(preimage, 0, 1 + Hash.LENGTH);
            finish(digest, level, i);
        }
        preimage[0] = NODE;
        while (n > 1) {
            int pairs = n / 2;
            // node j of the next level is written at slot j only after slots 2j and 2j+1 were read: j <= 2j
            for (int j = 0; j < pairs; j++) {
                System.arraycopy(level, 2 * j * Hash.LENGTH, preimage, 1, 2 * Hash.LENGTH);
                digest.update(preimage, 0, preimage.length);
                finish(digest, level, j);
            }
            if (n % 2 == 1) {
                System.arraycopy(level, (n - 1) * Hash.LENGTH, level, pairs * Hash.LENGTH, Hash.LENGTH);
            }
            n = pairs + n % 2;
        }
        return Hash.wrap(Arrays.copyOf(level, Hash.LENGTH));
    }

    private static void finish(MessageDigest digest, byte[] level, int slot) {
        try {
            digest.digest(level, slot * Hash.LENGTH, Hash.LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 fills 32 bytes", e);
        }
    }
}
