package org.stakechain.ledger.state;

import org.stakechain.crypto.Hash;

/** The one node hash: SHA-256(tag || a || b), shared by the nodes and by proof verification. */
final class NodeHashing {
    private NodeHashing() {
    }

    /** Built by hand rather than through a writer: this runs for every node of every update. */
    static Hash hash(int tag, Hash a, Hash b) {
        byte[] preimage = new byte[TreeNode.ENCODED_LENGTH];
        preimage[0] = (byte) tag;
        a.copyTo(preimage, 1);
        b.copyTo(preimage, 1 + Hash.LENGTH);
        return Hash.of(preimage);
    }

    static Hash internal(Hash left, Hash right) {
        return hash(TreeNode.INTERNAL_TAG, left, right);
    }
}
