package org.stakechain.consensus;

/** A consensus timer: which step of which round of which height it guards. */
public record Timeout(Step step, long height, int round) {

    /** The three timeouts of Tendermint's Algorithm 1, in the seeds' words. */
    public enum Step {
        /** Waiting for the forger's proposal. */
        PROPOSE,
        /** Attestations arrived from a quorum but for no single block yet. */
        ATTEST,
        /** Confirmations arrived from a quorum but for no single block yet. */
        CONFIRM
    }
}
