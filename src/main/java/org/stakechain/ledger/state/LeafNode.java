package org.stakechain.ledger.state;

import java.util.Objects;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.crypto.Hash;

/**
 * One key and the hash of its value. Its hash does not depend on its depth, so a leaf keeps its hash when
 * a neighbour's insert pushes it down or a neighbour's delete lets it float up.
 *
 * <p>A class rather than a record: the hash is computed once, at construction, and records cannot carry
 * a derived field.
 */
public final class LeafNode implements TreeNode {
    private final Hash key;
    private final Hash valueHash;
    private final Hash hash;

    private LeafNode(Hash key, Hash valueHash, Hash hash) {
        this.key = key;
        this.valueHash = valueHash;
        this.hash = hash;
    }

    public static LeafNode of(Hash key, Hash valueHash) {
        return of(NodeHashing.scratch(), key, valueHash);
    }

    /** As {@link #of(Hash, Hash)} on {@code scratch}, the calling thread's {@link NodeHashing#scratch}. */
    static LeafNode of(NodeHashing.Scratch scratch, Hash key, Hash valueHash) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(valueHash, "valueHash");
        return new LeafNode(key, valueHash, scratch.hash(LEAF_TAG, key, valueHash));
    }

    public Hash key() {
        return key;
    }

    public Hash valueHash() {
        return valueHash;
    }

    @Override
    public Hash hash() {
        return hash;
    }

    @Override
    public void writeTo(CanonicalWriter out) {
        out.u8(LEAF_TAG).hash(key).hash(valueHash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeafNode other && hash.equals(other.hash);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "Leaf[" + key.shortHex() + " -> " + valueHash.shortHex() + ", " + hash.shortHex() + "]";
    }
}
