package org.stakechain.ledger.tx;

import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Address;

/** What a transaction does; everything else (sender, nonce, fee, signature) is common to all kinds. */
public sealed interface TxPayload {

    TxType type();

    void writeTo(CanonicalWriter out);

    /** Move {@code amount} units of spendable balance to {@code to}. */
    record Transfer(Address to, long amount) implements TxPayload {
        public Transfer {
            requirePositive(amount);
        }

        @Override
        public TxType type() {
            return TxType.TRANSFER;
        }

        @Override
        public void writeTo(CanonicalWriter out) {
            out.address(to).u64(amount);
        }
    }

    /** Lock {@code amount} of balance as stake: the notebook's exchange of coins for lottery tickets. */
    record Stake(long amount) implements TxPayload {
        public Stake {
            requirePositive(amount);
        }

        @Override
        public TxType type() {
            return TxType.STAKE;
        }

        @Override
        public void writeTo(CanonicalWriter out) {
            out.u64(amount);
        }
    }

    /** Start unbonding {@code amount} of stake; it stays slashable for the unbonding period. */
    record Unstake(long amount) implements TxPayload {
        public Unstake {
            requirePositive(amount);
        }

        @Override
        public TxType type() {
            return TxType.UNSTAKE;
        }

        @Override
        public void writeTo(CanonicalWriter out) {
            out.u64(amount);
        }
    }

    /** Register the sender as a validator, burning the chain's validator fee (the seed's VALIDATOR_FEE). */
    record RegisterValidator() implements TxPayload {
        @Override
        public TxType type() {
            return TxType.REGISTER_VALIDATOR;
        }

        @Override
        public void writeTo(CanonicalWriter out) {
        }
    }

    /** Report an equivocation; the sender earns the finder's fee if it is valid and new. */
    record SlashEvidence(SlashingEvidence evidence) implements TxPayload {
        @Override
        public TxType type() {
            return TxType.SLASH_EVIDENCE;
        }

        @Override
        public void writeTo(CanonicalWriter out) {
            evidence.writeTo(out);
        }
    }

    static TxPayload readFrom(TxType type, CanonicalReader in) {
        return switch (type) {
            case TRANSFER -> new Transfer(in.address("recipient"), positive(in.u64("amount")));
            case STAKE -> new Stake(positive(in.u64("amount")));
            case UNSTAKE -> new Unstake(positive(in.u64("amount")));
            case REGISTER_VALIDATOR -> new RegisterValidator();
            case SLASH_EVIDENCE -> new SlashEvidence(SlashingEvidence.readFrom(in));
        };
    }

    private static long positive(long amount) {
        if (amount == 0) {
            throw new CodecException("amount must be positive");
        }
        return amount;
    }

    private static void requirePositive(long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be positive, got " + amount);
        }
    }
}
