package org.stakechain.ledger.state;

import org.stakechain.codec.CanonicalWriter;
import org.stakechain.crypto.Hash;

/**
 * A branch on one key bit: left for 0, right for 1. An empty child is {@link Hash#ZERO}, that very instance (any
 * zero hash given is replaced by it), so the tree's walk tells an empty child without loading the hash. Two empty
 * children are rejected here; the other canonical rule (no lone leaf next to an empty sibling) needs the child's
 * kind, so {@link SparseMerkleTree} keeps it.
 */
public final class InternalNode implements TreeNode {
    private final Hash left;
    private final Hash right;
    private final Hash hash;
    /**
     * The children themselves when the tree built this node over nodes it held (null when empty or not known,
     * as for a decoded node): a walk of a reader that {@link TreeNodeReader#followsLinks() follows links} steps
     * down these instead of looking each child up by hash. Final, so a node published to other threads without
     * synchronisation is seen whole; they point downwards only, so a node keeps alive only the subtree it roots
     * (for a node of a live tree, nodes that are live anyway). Not part of the encoding or the hash.
     */
    private final TreeNode leftNode;
    private final TreeNode rightNode;

    private InternalNode(Hash left, Hash right, Hash hash, TreeNode leftNode, TreeNode rightNode) {
        this.left = left;
        this.right = right;
        this.hash = hash;
        this.leftNode = leftNode;
        this.rightNode = rightNode;
    }

    public static InternalNode of(Hash left, Hash right) {
        if (left.isZero() && right.isZero()) {
            throw new IllegalArgumentException("an internal tree node needs at least one non-empty child");
        }
        // an empty child kept as Hash.ZERO itself: the tree's walk tells it by identity (see the class comment)
        left = left.isZero() ? Hash.ZERO : left;
        right = right.isZero() ? Hash.ZERO : right;
        return new InternalNode(left, right, NodeHashing.hash(INTERNAL_TAG, left, right), null, null);
    }

    /**
     * The tree's own factory: over children it holds ({@code leftNode}/{@code rightNode} the nodes whose hashes are
     * {@code left}/{@code right}, or null when empty or not at hand). The caller vouches for that correspondence,
     * and passes its thread's {@link NodeHashing#scratch}, and an empty child as {@link Hash#ZERO} itself (the tree
     * has no other zero hash: a node's hash is a digest), so the check here loads neither hash.
     */
    static InternalNode linked(NodeHashing.Scratch scratch, Hash left, Hash right, TreeNode leftNode,
                               TreeNode rightNode) {
        if (left == Hash.ZERO && right == Hash.ZERO) {
            throw new IllegalArgumentException("an internal tree node needs at least one non-empty child");
        }
        return new InternalNode(left, right, scratch.hash(INTERNAL_TAG, left, right), leftNode, rightNode);
    }

    /** The left child's node when the tree built this node over it, else null (see {@link #leftNode}). */
    TreeNode leftNode() {
        return leftNode;
    }

    TreeNode rightNode() {
        return rightNode;
    }

    /** The linked node on the side of {@code bit}, or null (see {@link #leftNode}). */
    TreeNode childNode(boolean bit) {
        return bit ? rightNode : leftNode;
    }

    /** Whether each non-empty child is linked: true of every node an update builds over a linked tree. */
    boolean linkedWhole() {
        return (leftNode != null || left.isZero()) && (rightNode != null || right.isZero());
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
