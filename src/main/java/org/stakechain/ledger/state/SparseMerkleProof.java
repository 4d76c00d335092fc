package org.stakechain.ledger.state;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Hash;

/**
 * The path from the root to where a key lives or would live: the sibling hash at each depth, top first,
 * then what sits at the end of the path, which is the key's leaf (membership), another key's leaf or
 * nothing (non-membership). A light client checks it against a block header's state root with
 * {@link SparseMerkleTree#verify}.
 */
public record SparseMerkleProof(List<Hash> siblings, Optional<LeafNode> leaf) {
    /** A key has 256 bits, so no path is longer. */
    public static final int MAX_SIBLINGS = 256;

    public SparseMerkleProof {
        siblings = List.copyOf(siblings);
        Objects.requireNonNull(leaf, "leaf");
        if (siblings.size() > MAX_SIBLINGS) {
            throw new IllegalArgumentException("a proof has at most " + MAX_SIBLINGS + " siblings, got "
                    + siblings.size());
        }
    }

    public static SparseMerkleProof of(List<Hash> siblings, Optional<LeafNode> leaf) {
        return new SparseMerkleProof(siblings, leaf);
    }

    /** The root this proof commits to if {@code key}'s path is the one it describes. */
    Hash impliedRoot(Hash key) {
        Hash current = leaf.map(LeafNode::hash).orElse(Hash.ZERO);
        for (int depth = siblings.size() - 1; depth >= 0; depth--) {
            Hash sibling = siblings.get(depth);
            current = key.bit(depth) ? NodeHashing.internal(sibling, current) : NodeHashing.internal(current, sibling);
        }
        return current;
    }

    /**
     * Whether the end of the path is consistent with the claim. For absence, another key's leaf must lie on
     * {@code key}'s path (share the prefix walked); the tree would hold {@code key} there otherwise.
     */
    boolean endsWith(Hash key, Optional<Hash> valueHash) {
        if (valueHash.isPresent()) {
            return leaf.isPresent() && leaf.get().key().equals(key) && leaf.get().valueHash().equals(valueHash.get());
        }
        if (leaf.isEmpty()) {
            return true;
        }
        Hash other = leaf.get().key();
        if (other.equals(key)) {
            return false;
        }
        for (int i = 0; i < siblings.size(); i++) {
            if (other.bit(i) != key.bit(i)) {
                return false;
            }
        }
        return true;
    }

    public void writeTo(CanonicalWriter out) {
        out.u16(siblings.size());
        siblings.forEach(out::hash);
        out.bool(leaf.isPresent());
        leaf.ifPresent(l -> out.hash(l.key()).hash(l.valueHash()));
    }

    public byte[] encode() {
        CanonicalWriter out = new CanonicalWriter(3 + (siblings.size() + 2) * Hash.LENGTH);
        writeTo(out);
        return out.toByteArray();
    }

    public static SparseMerkleProof readFrom(CanonicalReader in) {
        int count = in.u16("proof sibling count");
        if (count > MAX_SIBLINGS) {
            throw new CodecException("proof has " + count + " siblings, above the limit " + MAX_SIBLINGS);
        }
        Hash[] siblings = new Hash[count];
        for (int i = 0; i < count; i++) {
            siblings[i] = in.hash("proof sibling");
        }
        Optional<LeafNode> leaf = in.bool("proof has leaf")
                ? Optional.of(LeafNode.of(in.hash("proof leaf key"), in.hash("proof leaf value hash")))
                : Optional.empty();
        return new SparseMerkleProof(List.of(siblings), leaf);
    }

    public static SparseMerkleProof decode(byte[] bytes) {
        return CanonicalReader.decodeAll(bytes, SparseMerkleProof::readFrom);
    }
}
