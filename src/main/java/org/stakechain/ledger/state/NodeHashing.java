package org.stakechain.ledger.state;

import java.security.MessageDigest;
import org.stakechain.crypto.Hash;

/** The one node hash: SHA-256(tag || a || b), shared by the nodes and by proof verification. */
final class NodeHashing {
    /**
     * One digest and one preimage buffer per thread: {@code MessageDigest.getInstance} looks the provider up on
     * every call, and this runs for every node of every update (about 9,000 per block of 1,000 transfers).
     */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Hash::sha256);
    private static final ThreadLocal<byte[]> PREIMAGE = ThreadLocal.withInitial(() -> new byte[TreeNode.ENCODED_LENGTH]);

    private NodeHashing() {
    }

    /** Built by hand rather than through a writer: this runs for every node of every update. */
    static Hash hash(int tag, Hash a, Hash b) {
        byte[] preimage = PREIMAGE.get();
        preimage[0] = (byte) tag;
        a.copyTo(preimage, 1);
        b.copyTo(preimage, 1 + Hash.LENGTH);
        MessageDigest digest = DIGEST.get();
        digest.update(preimage);
        return Hash.wrap(digest.digest());
    }

    /** SHA-256 of the concatenated parts on this thread's digest: for the tree's keys and value hashes. */
    static Hash digest(byte[]... parts) {
        MessageDigest digest = DIGEST.get();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return Hash.wrap(digest.digest());
    }

    static Hash internal(Hash left, Hash right) {
        return hash(TreeNode.INTERNAL_TAG, left, right);
    }
}
