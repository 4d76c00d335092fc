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
        CONFIRM,
        /**
         * The slot of the next height begins: after a block is final the engine waits until one slot past its
         * timestamp before round 0 (Tendermint's timeoutCommit), so blocks come once per slot, not as fast as
         * the network allows. Added by the consensus engine; {@code round} is 0.
         */
        NEXT_HEIGHT
    }
}
