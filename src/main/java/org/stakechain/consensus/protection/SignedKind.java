package org.stakechain.consensus.protection;

import org.stakechain.ledger.block.VoteKind;

/** The three kinds of message a validator signs during consensus; each has its own high-water mark. */
public enum SignedKind {
    PROPOSAL,
    ATTEST,
    CONFIRM;

    public static SignedKind of(VoteKind kind) {
        return kind == VoteKind.ATTEST ? ATTEST : CONFIRM;
    }
}
