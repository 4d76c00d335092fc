package org.stakechain.ledger.state;

import org.stakechain.codec.CanonicalWriter;
import org.stakechain.crypto.Hash;

/**
 * A branch on one key bit: left for 0, right for 1. An empty child is {@link Hash#ZERO}. Two empty children
 * are rejected here; the other canonical rule (no lone leaf next to an empty sibling) needs the child's
 * kind, so {@link SparseMerkleTree} keeps it.
 */
public final class InternalNode implements TreeNode {
    private final Hash left;
    private final Hash right;
    private final Hash hash;

    private InternalNode(Hash left, Hash right) {
        this.left = left;
        this.right = right;
        this.hash = NodeHashing.hash(INTERNAL_TAG, left, right);
    }

    public static InternalNode of(Hash left, Hash right) {
        if (left.isZero() && right.isZero()) {
            throw new IllegalArgumentException("an internal tree node needs at least one non-empty child");
        }
        return new InternalNode(left, right);
    }

    public Hash left() {
        return left;
    }

    public Hash right() {
        return right;
    }

    /** The child on the side of {@code bit}: the next step of a key's path. */
    public Hash child(boolean bit) {
        return bit ? right : left;
    }

    @Override
    public Hash hash() {
        return hash;
    }

    @Override
    public void writeTo(CanonicalWriter out) {
        out.u8(INTERNAL_TAG).hash(left).hash(right);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InternalNode other && hash.equals(other.hash);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "Internal[" + left.shortHex() + ", " + right.shortHex() + ", " + hash.shortHex() + "]";
    }
}
