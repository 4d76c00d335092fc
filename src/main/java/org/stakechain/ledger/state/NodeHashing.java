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

        /**
         * The digest's own fresh array, wrapped without a copy: one 32-byte array per node hash. (Finishing into a
         * reused buffer and wrapping a copy made two with providers whose digest(buf, off, len) allocates.)
         */
        Hash finish() {
            return Hash.finish(digest);
        }

        /** SHA-256(tag || a || b): a node's hash, built by hand rather than through a writer. */
        Hash hash(int tag, Hash a, Hash b) {
            preimage[0] = (byte) tag;
            a.copyTo(preimage, 1);
            b.copyTo(preimage, 1 + Hash.LENGTH);
            digest.update(preimage, 0, TreeNode.ENCODED_LENGTH);
            return finish();
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

    /** SHA-256 of the concatenated parts on this thread's digest: for the tree's keys and value hashes. */
    static Hash digest(byte[]... parts) {
        Scratch s = SCRATCH.get();
        for (byte[] part : parts) {
            s.digest.update(part);
        }
        return s.finish();
    }

    /** SHA-256(prefix || address), without copying the address out first: an account's tree key. */
    static Hash digest(byte[] prefix, Address address) {
        Scratch s = SCRATCH.get();
        address.copyTo(s.preimage, 0);
        s.digest.update(prefix);
        s.digest.update(s.preimage, 0, Address.LENGTH);
        return s.finish();
    }

    static Hash internal(Hash left, Hash right) {
        return hash(TreeNode.INTERNAL_TAG, left, right);
    }
}
