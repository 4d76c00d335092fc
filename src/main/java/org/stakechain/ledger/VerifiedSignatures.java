package org.stakechain.ledger;

import org.stakechain.crypto.Hash;
import org.stakechain.ledger.block.CommitCertificate;

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

    /**
     * Whether this node verified {@code confirmation}'s exact signature as its validator's CONFIRM of
     * {@code certificate}'s height, round and block (a block's certificate of its previous block is mostly the
     * CONFIRM votes every node verified when they arrived). Same rule as above: true only for a signature that
     * verified here for that very payload. Knows none by default.
     */
    default boolean containsConfirmation(CommitCertificate certificate, CommitCertificate.Confirmation confirmation) {
        return false;
    }

    /** Known here or in {@code other}. */
    default VerifiedSignatures or(VerifiedSignatures other) {
        VerifiedSignatures self = this;
        return new VerifiedSignatures() {
            @Override
            public boolean contains(Hash txHash) {
                return self.contains(txHash) || other.contains(txHash);
            }

            @Override
            public boolean containsConfirmation(CommitCertificate certificate,
                                                CommitCertificate.Confirmation confirmation) {
                return self.containsConfirmation(certificate, confirmation)
                        || other.containsConfirmation(certificate, confirmation);
            }
        };
    }
}
