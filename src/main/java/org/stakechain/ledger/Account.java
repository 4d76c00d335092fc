package org.stakechain.ledger;

import java.util.ArrayList;
import java.util.List;
import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;

/**
 * One account's state. Staked coins are out of the spendable balance and are the account's lottery tickets.
 *
 * @param balance    spendable units
 * @param nonce      the number of transactions this account has sent; the next must carry exactly this
 * @param staked     bonded units: tickets in the forger lottery, and what slashing burns
 * @param unbonding  units on their way out of stake, each with the height it becomes spendable
 * @param validator  registered as a validator (paid the validator fee)
 * @param jailed     caught equivocating: never in a validator set again
 * @param slashed    units this account has lost to slashing, for the record
 */
public record Account(long balance, long nonce, long staked, List<Unbonding> unbonding, boolean validator,
                      boolean jailed, long slashed) {
    public static final int MAX_UNBONDING_ENTRIES = 64;
    public static final Account EMPTY = new Account(0, 0, 0, List.of(), false, false, 0);

    public Account {
        if (balance < 0 || nonce < 0 || staked < 0 || slashed < 0) {
            throw new IllegalArgumentException("account fields are never negative");
        }
        unbonding = List.copyOf(unbonding);
    }

    public static Account funded(long balance) {
        return new Account(balance, 0, 0, List.of(), false, false, 0);
    }

    /** Field by field rather than {@code equals(EMPTY)}: asked for every touched account of every block. */
    public boolean isEmpty() {
        return balance == 0 && nonce == 0 && staked == 0 && unbonding.isEmpty() && !validator && !jailed && slashed == 0;
    }

    public long unbondingTotal() {
        long total = 0;
        for (Unbonding u : unbonding) {
            total = Math.addExact(total, u.amount());
        }
        return total;
    }

    /** Everything the account holds, in any form: what supply accounting counts. */
    public long holdings() {
        return Math.addExact(Math.addExact(balance, staked), unbondingTotal());
    }

    public Account withBalance(long newBalance) {
        return new Account(newBalance, nonce, staked, unbonding, validator, jailed, slashed);
    }

    public Account credit(long amount) {
        return withBalance(Math.addExact(balance, amount));
    }

    public Account withNextNonce() {
        return new Account(balance, Math.addExact(nonce, 1), staked, unbonding, validator, jailed, slashed);
    }

    public Account withStake(long newBalance, long newStaked) {
        return new Account(newBalance, nonce, newStaked, unbonding, validator, jailed, slashed);
    }

    public Account withUnbonding(long newStaked, List<Unbonding> newUnbonding) {
        return new Account(balance, nonce, newStaked, newUnbonding, validator, jailed, slashed);
    }

    public Account registered() {
        return new Account(balance, nonce, staked, unbonding, true, jailed, slashed);
    }

    public Account slashedAndJailed(long newStaked, List<Unbonding> newUnbonding, long lost) {
        return new Account(balance, nonce, newStaked, newUnbonding, validator, true, Math.addExact(slashed, lost));
    }

    /** Moves unbonding entries whose release height has come into the balance. */
    public Account released(long height) {
        if (unbonding.isEmpty() || unbonding.get(0).releaseHeight() > height) {
            return this;
        }
        long freed = 0;
        List<Unbonding> still = new ArrayList<>();
        for (Unbonding u : unbonding) {
            if (u.releaseHeight() <= height) {
                freed = Math.addExact(freed, u.amount());
            } else {
                still.add(u);
            }
        }
        return new Account(Math.addExact(balance, freed), nonce, staked, still, validator, jailed, slashed);
    }

    public void writeTo(CanonicalWriter out) {
        out.u64(balance).u64(nonce).u64(staked)
                .list(unbonding, (w, u) -> w.u64(u.amount()).u64(u.releaseHeight()))
                .bool(validator).bool(jailed).u64(slashed);
    }

    public byte[] encode() {
        // its exact size (the fields below): the buffer is the encoding, no trimming copy; one per account per commit
        CanonicalWriter w = new CanonicalWriter(8 * 3 + 4 + 16 * unbonding.size() + 2 + 8);
        writeTo(w);
        return w.toByteArray();
    }

    public static Account readFrom(CanonicalReader in) {
        long balance = in.u64("balance");
        long nonce = in.u64("nonce");
        long staked = in.u64("staked");
        List<Unbonding> unbonding = in.list(MAX_UNBONDING_ENTRIES, "unbonding", r -> {
            long amount = r.u64("unbonding amount");
            long release = r.u64("unbonding release height");
            if (amount == 0) {
                throw new CodecException("unbonding entry of zero");
            }
            return new Unbonding(amount, release);
        });
        for (int i = 1; i < unbonding.size(); i++) {
            if (unbonding.get(i).releaseHeight() < unbonding.get(i - 1).releaseHeight()) {
                throw new CodecException("unbonding entries not in release order");
            }
        }
        return new Account(balance, nonce, staked, unbonding, in.bool("validator"), in.bool("jailed"), in.u64("slashed"));
    }

    public static Account decode(byte[] bytes) {
        return CanonicalReader.decodeAll(bytes, Account::readFrom);
    }
}
