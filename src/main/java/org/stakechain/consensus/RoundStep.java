package org.stakechain.consensus;

/** Where a node is within one height, in the seeds' words. */
public enum RoundStep {
    /** The last block is final; waiting for the slot of the next height to begin. */
    NEW_HEIGHT,
    /** Waiting for the forger's proposal (Tendermint: propose). */
    PROPOSE,
    /** This node has attested, for a block or nil (Tendermint: prevote). */
    ATTEST,
    /** This node has confirmed, for a block or nil (Tendermint: precommit). */
    CONFIRM,
    /** A block of this height is final; waiting for the host to store it and call {@code onCommitted}. */
    COMMITTED
}
