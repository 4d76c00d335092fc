package org.stakechain.ledger.validators;

import org.stakechain.crypto.Address;
import org.stakechain.crypto.PublicKey;

/** One active validator of an epoch: its key and the stake (its lottery tickets, one per base unit) it had at the snapshot. */
public record Validator(PublicKey publicKey, long stake) {
    public Validator {
        if (stake <= 0) {
            throw new IllegalArgumentException("an active validator has positive stake, got " + stake);
        }
    }

    public Address address() {
        return publicKey.address();
    }
}
