package org.stakechain.ledger;

import org.stakechain.crypto.Hash;

/**
 * What this node already knows about transaction signatures: the hashes of transactions whose signatures passed
 * the strict Ed25519 rule here before. The state transition skips verifying those and verifies every other one.
 *
 * <p>Sound because a transaction's hash is SHA-256 of its whole encoding, signature included: a known hash
 * names exactly the bytes that verified, and the same payload under another signature has another hash. An
 * implementation must only ever answer true for hashes of transactions it saw verify under
 * {@link org.stakechain.ledger.tx.Transaction#verifySignature()}, or consensus splits.
 */
@FunctionalInterface
public interface VerifiedSignatures {

    /** Knows nothing: every signature is verified. */
    VerifiedSignatures NONE = txHash -> false;

    boolean contains(Hash txHash);

    /** Known here or in {@code other}. */
    default VerifiedSignatures or(VerifiedSignatures other) {
        return txHash -> contains(txHash) || other.contains(txHash);
    }
}
