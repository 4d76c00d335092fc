package org.stakechain.mempool;

/** Why the pool refuses a transaction: a code for machines (API, peer scoring) beside the detail for people. */
public enum RejectReason {
    /** Encoded size above the pool's per-transaction limit. */
    TOO_LARGE,
    /** Signed for another chain. */
    WRONG_CHAIN,
    /** Fee below {@code ChainParams.minimumFee}. */
    FEE_TOO_LOW,
    /** Nonce already used by the sender (a replay or an old transaction). */
    NONCE_TOO_LOW,
    /** Nonce too far ahead of the sender's next nonce. */
    NONCE_TOO_HIGH,
    /** Balance does not cover this transaction after the sender's pooled ones ahead of it. */
    INSUFFICIENT_BALANCE,
    /** Same sender and nonce as a pooled transaction, without a strictly higher fee. */
    REPLACEMENT_UNDERPRICED,
    /** The Ed25519 signature does not verify. */
    BAD_SIGNATURE;

    /** Whether a peer that relays this is at fault (it could have checked), as opposed to merely late. */
    public boolean isPeerFault() {
        return this == TOO_LARGE || this == WRONG_CHAIN || this == BAD_SIGNATURE;
    }
}
