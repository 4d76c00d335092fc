package org.stakechain.consensus.sim;

/** How a simulated validator behaves. Byzantine roles sign with the key directly, bypassing slashing protection. */
public enum Role {
    HONEST,
    /** Runs, but sends nothing: not its votes, not relays, not sync answers. */
    SILENT,
    /** When drawn to forge, signs a second block for the same height and round and splits the peers between them. */
    EQUIVOCATING_FORGER,
    /** Every attestation and confirmation goes out in two versions: the block to some peers, nil or another block to others. */
    DOUBLE_VOTER,
    /** When drawn to forge, proposes a block with a wrong state root or a transaction whose signature is forged. */
    INVALID_PROPOSER;

    public boolean honest() {
        return this == HONEST;
    }

    public boolean equivocates() {
        return this == EQUIVOCATING_FORGER || this == DOUBLE_VOTER;
    }
}
