package org.stakechain.ledger.block;

import java.util.Optional;
import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.crypto.Ed25519;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.PublicKey;
import org.stakechain.crypto.Signature;

/**
 * A signed ATTEST or CONFIRM for (height, round, block hash or nil). Nil says "no valid proposal seen in time".
 * The chain id is not in the encoding; it is in what is signed, so a vote only verifies on its own chain.
 */
public record Vote(VoteKind kind, long height, int round, Optional<Hash> blockHash, PublicKey validator,
                   Signature signature) {

    public Vote {
        if (height < 1 || round < 0) {
            throw new IllegalArgumentException("vote height >= 1 and round >= 0");
        }
    }

    public static Vote sign(VoteKind kind, String chainId, long height, int round, Optional<Hash> blockHash, KeyPair keys) {
        byte[] body = signedBody(height, round, blockHash);
        return new Vote(kind, height, round, blockHash, keys.publicKey(), keys.sign(kind.domain(), chainId, body));
    }

    public static byte[] signedBody(long height, int round, Optional<Hash> blockHash) {
        CanonicalWriter w = new CanonicalWriter(48);
        w.u64(height).u32(round).bool(blockHash.isPresent());
        blockHash.ifPresent(w::hash);
        return w.toByteArray();
    }

    public boolean isNil() {
        return blockHash.isEmpty();
    }

    public boolean verifySignature(String chainId) {
        return Ed25519.verify(validator, kind.domain().payload(chainId, signedBody(height, round, blockHash)), signature);
    }

    /** Same signer, kind, height and round, different choice: the evidence of a double vote. */
    public boolean conflictsWith(Vote other) {
        return kind == other.kind && height == other.height && round == other.round
                && validator.equals(other.validator) && !blockHash.equals(other.blockHash);
    }

    public void writeTo(CanonicalWriter out) {
        out.u8(kind.code()).u64(height).u32(round).bool(blockHash.isPresent());
        blockHash.ifPresent(out::hash);
        out.publicKey(validator).signature(signature);
    }

    /** The size of {@link #encode()}'s result, counted without encoding. */
    public int encodedSize() {
        return 1 + 8 + 4 + 1 + (blockHash.isPresent() ? Hash.LENGTH : 0) + PublicKey.LENGTH + Signature.LENGTH;
    }

    public byte[] encode() {
        CanonicalWriter w = new CanonicalWriter(encodedSize());
        writeTo(w);
        return w.toByteArray();
    }

    public Hash hash() {
        return Hash.of(encode());
    }

    public static Vote readFrom(CanonicalReader in) {
        VoteKind kind = VoteKind.fromCode(in.u8("vote kind"));
        long height = in.u64("vote height");
        long round = in.u32("vote round");
        if (height < 1 || round > Integer.MAX_VALUE) {
            throw new org.stakechain.codec.CodecException("vote height must be >= 1 and round fit in 31 bits");
        }
        Optional<Hash> block = in.bool("vote has block") ? Optional.of(in.hash("vote block hash")) : Optional.empty();
        return new Vote(kind, height, (int) round, block, in.publicKey("voter"), in.signature("vote signature"));
    }

    public static Vote decode(byte[] bytes) {
        return CanonicalReader.decodeAll(bytes, Vote::readFrom);
    }
}
