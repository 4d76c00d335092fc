package org.stakechain.ledger.tx;

import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.PublicKey;
import org.stakechain.ledger.block.SignedProposal;
import org.stakechain.ledger.block.Vote;

/**
 * Two conflicting messages signed by one validator key for one height and round: a double forge, a double
 * attest or a double confirm. The pair is kept in canonical order (by hash), so each offence has one encoding
 * and one {@link #id()}, and the same offence cannot be reported twice.
 */
public sealed interface SlashingEvidence permits SlashingEvidence.DoubleVote, SlashingEvidence.DoubleProposal {

    PublicKey offender();

    long height();

    int round();

    /** Whether the two messages really conflict and both signatures verify on {@code chainId}. */
    boolean isValid(String chainId);

    void writeTo(CanonicalWriter out);

    default byte[] encode() {
        CanonicalWriter w = new CanonicalWriter(320);
        writeTo(w);
        return w.toByteArray();
    }

    default Hash id() {
        return Hash.of(encode());
    }

    static SlashingEvidence of(Vote a, Vote b) {
        return a.hash().compareTo(b.hash()) <= 0 ? new DoubleVote(a, b) : new DoubleVote(b, a);
    }

    static SlashingEvidence of(SignedProposal a, SignedProposal b) {
        return a.hash().compareTo(b.hash()) <= 0 ? new DoubleProposal(a, b) : new DoubleProposal(b, a);
    }

    record DoubleVote(Vote first, Vote second) implements SlashingEvidence {
        @Override
        public PublicKey offender() {
            return first.validator();
        }

        @Override
        public long height() {
            return first.height();
        }

        @Override
        public int round() {
            return first.round();
        }

        @Override
        public boolean isValid(String chainId) {
            return first.conflictsWith(second) && first.verifySignature(chainId) && second.verifySignature(chainId);
        }

        @Override
        public void writeTo(CanonicalWriter out) {
            out.u8(1);
            first.writeTo(out);
            second.writeTo(out);
        }
    }

    record DoubleProposal(SignedProposal first, SignedProposal second) implements SlashingEvidence {
        @Override
        public PublicKey offender() {
            return first.forger();
        }

        @Override
        public long height() {
            return first.height();
        }

        @Override
        public int round() {
            return first.round();
        }

        @Override
        public boolean isValid(String chainId) {
            return first.conflictsWith(second) && first.verifySignature(chainId) && second.verifySignature(chainId);
        }

        @Override
        public void writeTo(CanonicalWriter out) {
            out.u8(2);
            first.writeTo(out);
            second.writeTo(out);
        }
    }

    static SlashingEvidence readFrom(CanonicalReader in) {
        int tag = in.u8("evidence kind");
        SlashingEvidence evidence;
        switch (tag) {
            case 1 -> {
                Vote a = Vote.readFrom(in);
                Vote b = Vote.readFrom(in);
                if (a.hash().compareTo(b.hash()) >= 0) {
                    throw new CodecException("double-vote evidence not in canonical order");
                }
                evidence = new DoubleVote(a, b);
            }
            case 2 -> {
                SignedProposal a = SignedProposal.readFrom(in);
                SignedProposal b = SignedProposal.readFrom(in);
                if (a.hash().compareTo(b.hash()) >= 0) {
                    throw new CodecException("double-proposal evidence not in canonical order");
                }
                evidence = new DoubleProposal(a, b);
            }
            default -> throw new CodecException("unknown evidence kind " + tag);
        }
        return evidence;
    }
}
