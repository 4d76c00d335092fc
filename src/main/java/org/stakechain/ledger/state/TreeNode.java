package org.stakechain.ledger.state;

import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Hash;

/**
 * A node of the state tree, addressed by its hash.
 *
 * <p>The encoding is the hash preimage: one tag byte then two 32-byte hashes, so
 * {@code hash() == SHA-256(encode())} and a store can check any node it reads with one digest. The tag
 * separates the two kinds, so no leaf can pose as an internal node in a proof or the other way round.
 */
public sealed interface TreeNode permits LeafNode, InternalNode {
    int LEAF_TAG = 0x00;
    int INTERNAL_TAG = 0x01;
    /** Every node is a tag and two hashes. */
    int ENCODED_LENGTH = 1 + 2 * Hash.LENGTH;

    Hash hash();

    void writeTo(CanonicalWriter out);

    default byte[] encode() {
        CanonicalWriter out = new CanonicalWriter(ENCODED_LENGTH);
        writeTo(out);
        return out.toByteArray();
    }

    static TreeNode readFrom(CanonicalReader in) {
        int tag = in.u8("tree node tag");
        return switch (tag) {
            case LEAF_TAG -> LeafNode.of(in.hash("leaf key"), in.hash("leaf value hash"));
            case INTERNAL_TAG -> {
                Hash left = in.hash("internal node left child");
                Hash right = in.hash("internal node right child");
                if (left.isZero() && right.isZero()) {
                    throw new CodecException("internal tree node with two empty children");
                }
                yield InternalNode.of(left, right);
            }
            default -> throw new CodecException("unknown tree node tag " + tag);
        };
    }

    /** Decodes exactly one node; trailing bytes are an error. */
    static TreeNode decode(byte[] bytes) {
        return CanonicalReader.decodeAll(bytes, TreeNode::readFrom);
    }
}
