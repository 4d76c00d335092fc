package org.stakechain.ledger.state;

import java.security.MessageDigest;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;

/** The one node hash: SHA-256(tag || a || b), shared by the nodes and by proof verification. */
final class NodeHashing {
    /**
     * One digest and its buffers per thread, behind one thread-local lookup: this runs for every node of every
     * update (about 9,000 per block of 1,000 transfers) and for every touched key's key and value.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** This thread's digest and buffers; a caller hashing many nodes takes it once ({@link #scratch}). */
    static final class Scratch {
        final MessageDigest digest = Hash.sha256();
        final byte[] preimage = new byte[TreeNode.ENCODED_LENGTH];
        /** The digest's output before it becomes a {@link Hash} (which holds its bytes in fields, not an array). */
        final byte[] out = new byte[Hash.LENGTH];

        /**
         * Completes the digest: its fresh 32-byte array is read into the {@link Hash}'s fields and dropped. (Not
         * through {@link #out}: digest(buf, off, len) allocates an array of its own with some providers.) The
         * one-pass paths below use {@link #out} instead.
         */
        Hash finish() {
            return Hash.finish(digest);
        }

        /**
         * SHA-256(tag || a || b): a node's hash, built by hand rather than through a writer, in one native call where
         * the library allows it ({@link Hash#ofRange}).
         */
        Hash hash(int tag, Hash a, Hash b) {
            preimage[0] = (byte) tag;
            a.copyTo(preimage, 1);
            b.copyTo(preimage, 1 + Hash.LENGTH);
            return Hash.ofRange(preimage, 0, TreeNode.ENCODED_LENGTH, digest, out);
        }
    }

    private NodeHashing() {
    }

    /**
     * This thread's scratch, for a caller that hashes thousands of nodes in a row (the tree's update): under C1 a
     * {@code ThreadLocal.get} is a map probe plus a native weak-reference check, ~9% of an update when made per node.
     * Use it on this thread only.
     */
    static Scratch scratch() {
        return SCRATCH.get();
    }

    static Hash hash(int tag, Hash a, Hash b) {
        return SCRATCH.get().hash(tag, a, b);
    }

    /** SHA-256 of one encoding (an account's, the chain state's commitment): one native call where possible. */
    static Hash digest(byte[] data) {
        Scratch s = SCRATCH.get();
        return Hash.ofRange(data, 0, data.length, s.digest, s.out);
    }

    /** SHA-256 of the concatenated parts on this thread's digest: for the tree's keys. */
    static Hash digest(byte[] first, byte[] second) {
        Scratch s = SCRATCH.get();
        s.digest.update(first);
        s.digest.update(second);
        return s.finish();
    }

    /**
     * SHA-256(prefix || address), the two copied into the scratch buffer and hashed in one call where possible: an
     * account's tree key. The prefix fits: it is a short constant ({@link StateKeys}).
     */
    static Hash digest(byte[] prefix, Address address) {
        Scratch s = SCRATCH.get();
        int length = prefix.length + Address.LENGTH;
        if (length > s.preimage.length) {
            s.digest.update(prefix);
            address.copyTo(s.preimage, 0);
            s.digest.update(s.preimage, 0, Address.LENGTH);
            return s.finish();
        }
        System.arraycopy(prefix, 0, s.preimage, 0, prefix.length);
        address.copyTo(s.preimage, prefix.length);
        return Hash.ofRange(s.preimage, 0, length, s.digest, s.out);
    }

    static Hash internal(Hash left, Hash right) {
        return hash(TreeNode.INTERNAL_TAG, left, right);
    }
}
