package org.stakechain.ledger;

/** Coins leaving stake: still slashable until {@code releaseHeight}, spendable from then on. */
public record Unbonding(long amount, long releaseHeight) {
    public Unbonding {
        if (amount <= 0 || releaseHeight < 0) {
            throw new IllegalArgumentException("unbonding needs a positive amount and a release height");
        }
    }
}
