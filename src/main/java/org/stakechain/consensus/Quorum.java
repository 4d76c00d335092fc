package org.stakechain.consensus;

import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.validators.ValidatorSet;

/**
 * The two stake thresholds of a height, both from the one rule {@link ChainParams#isQuorum}: a quorum (75% of
 * the active stake: Tendermint's 2f+1) and its complement, "more than the stake that can be missing from a
 * quorum" (more than 25%: Tendermint's f+1), which proves some validator that follows the protocol is there.
 */
public final class Quorum {
    private final ChainParams params;
    private final ValidatorSet validators;

    public Quorum(ChainParams params, ValidatorSet validators) {
        this.params = params;
        this.validators = validators;
    }

    public ValidatorSet validators() {
        return validators;
    }

    public long totalStake() {
        return validators.totalStake();
    }

    public boolean isQuorum(long stake) {
        return params.isQuorum(stake, validators.totalStake());
    }

    /** True when the stake that did not sign could not make a quorum on its own: more than 25% signed. */
    public boolean exceedsComplement(long stake) {
        return stake > 0 && !params.isQuorum(validators.totalStake() - stake, validators.totalStake());
    }
}
