package org.stakechain.ledger.block;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Ed25519;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.PublicKey;
import org.stakechain.crypto.Signature;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.validators.ValidatorSet;

/**
 * The confirmations that made a block final: CONFIRM votes for (height, round, blockHash) whose signers carry
 * at least the finality threshold of the height's active stake. Stored with the block, so anyone holding the
 * validator set can check finality without re-running consensus. Signers are in canonical (key) order.
 */
public record CommitCertificate(long height, int round, Hash blockHash, List<Confirmation> confirmations) {
    public static final int MAX_CONFIRMATIONS = ValidatorSet.MAX_VALIDATORS;

    /** One validator's CONFIRM signature; height, round and block are the certificate's. */
    public record Confirmation(PublicKey validator, Signature signature) {
    }

    /** The result of checking a certificate: valid with the stake that signed, or why not. */
    public sealed interface Check permits Valid, Invalid {
    }

    public record Valid(long signedStake, long totalStake) implements Check {
    }

    public record Invalid(String reason) implements Check {
    }

    public CommitCertificate {
        confirmations = List.copyOf(confirmations);
    }

    /** Builds a certificate from CONFIRM votes for one block; sorts and de-duplicates signers. */
    public static CommitCertificate fromVotes(long height, int round, Hash blockHash, List<Vote> confirms) {
        List<Confirmation> list = new ArrayList<>();
        for (Vote v : confirms) {
            if (v.kind() != VoteKind.CONFIRM || v.height() != height || v.round() != round
                    || !v.blockHash().equals(Optional.of(blockHash))) {
                throw new IllegalArgumentException("not a CONFIRM for this block: " + v);
            }
            list.add(new Confirmation(v.validator(), v.signature()));
        }
        list.sort(Comparator.comparing(Confirmation::validator));
        List<Confirmation> unique = new ArrayList<>();
        for (Confirmation c : list) {
            if (unique.isEmpty() || !unique.get(unique.size() - 1).validator().equals(c.validator())) {
                unique.add(c);
            }
        }
        return new CommitCertificate(height, round, blockHash, unique);
    }

    public List<Vote> votes() {
        List<Vote> out = new ArrayList<>(confirmations.size());
        for (Confirmation c : confirmations) {
            out.add(new Vote(VoteKind.CONFIRM, height, round, Optional.of(blockHash), c.validator(), c.signature()));
        }
        return out;
    }

    /**
     * Checks every signature against {@code validators} (the set active at this height) and the quorum rule.
     * Costs one signature verification per confirmation.
     */
    public Check verify(ChainParams params, ValidatorSet validators) {
        return verify(params, validators, c -> false);
    }

    /**
     * As {@link #verify(ChainParams, ValidatorSet)}, without verifying again the signatures of the confirmations
     * {@code alreadyVerified} accepts: it must accept only a confirmation whose exact signature this node verified as
     * that validator's CONFIRM of this certificate's height, round and block (a record equal to it in a certificate
     * for the same). Every other check (order, membership, stake, quorum) still runs.
     */
    public Check verify(ChainParams params, ValidatorSet validators, Predicate<Confirmation> alreadyVerified) {
        byte[] payload = VoteKind.CONFIRM.domain().payload(params.chainId(),
                Vote.signedBody(height, round, Optional.of(blockHash)));
        long signed = 0;
        PublicKey previous = null;
        for (Confirmation c : confirmations) {
            if (previous != null && previous.compareTo(c.validator()) >= 0) {
                return new Invalid("confirmations not in canonical order or repeated");
            }
            previous = c.validator();
            long stake = validators.stakeOf(c.validator());
            if (stake == 0) {
                return new Invalid("confirmation from " + c.validator().address() + ", not a validator at height " + height);
            }
            if (!alreadyVerified.test(c) && !Ed25519.verify(c.validator(), payload, c.signature())) {
                return new Invalid("bad confirmation signature from " + c.validator().address());
            }
            signed = Math.addExact(signed, stake);
        }
        if (!params.isQuorum(signed, validators.totalStake())) {
            return new Invalid("confirmations carry " + signed + " of " + validators.totalStake()
                    + " stake, below the finality threshold");
        }
        return new Valid(signed, validators.totalStake());
    }

    public void writeTo(CanonicalWriter out) {
        out.u64(height).u32(round).hash(blockHash)
                .list(confirmations, (w, c) -> w.publicKey(c.validator()).signature(c.signature()));
    }

    /** The size of {@link #encode()}'s result, counted without encoding. */
    public int encodedSize() {
        return 8 + 4 + Hash.LENGTH + 4 + (PublicKey.LENGTH + Signature.LENGTH) * confirmations.size();
    }

    public byte[] encode() {
        CanonicalWriter w = new CanonicalWriter(encodedSize());
        writeTo(w);
        return w.toByteArray();
    }

    public Hash hash() {
        return Hash.of(encode());
    }

    public static CommitCertificate readFrom(CanonicalReader in) {
        long height = in.u64("certificate height");
        long round = in.u32("certificate round");
        if (round > Integer.MAX_VALUE) {
            throw new CodecException("certificate round above 2^31-1");
        }
        Hash block = in.hash("certificate block hash");
        List<Confirmation> list = in.list(MAX_CONFIRMATIONS, "confirmations",
                r -> new Confirmation(r.publicKey("confirmer"), r.signature("confirmation signature")));
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i - 1).validator().compareTo(list.get(i).validator()) >= 0) {
                throw new CodecException("confirmations not in canonical order or repeated");
            }
        }
        return new CommitCertificate(height, (int) round, block, list);
    }

    public static CommitCertificate decode(byte[] bytes) {
        return CanonicalReader.decodeAll(bytes, CommitCertificate::readFrom);
    }
}
