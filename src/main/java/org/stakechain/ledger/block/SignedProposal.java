package org.stakechain.ledger.block;

import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Ed25519;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.PublicKey;
import org.stakechain.crypto.Signature;
import org.stakechain.crypto.SigningDomain;

/**
 * The forger's signature over the block it proposes at (height, round), with the round in which that block
 * was last seen with a quorum of attestations ({@code validRound}, -1 for none: Tendermint's POL round).
 * Two of these with the same forger, height and round but different content are evidence of a double forge.
 */
public record SignedProposal(long height, int round, Hash blockHash, int validRound, PublicKey forger,
                             Signature signature) {

    public SignedProposal {
        if (height < 1 || round < 0 || validRound < -1 || validRound >= round && validRound != -1) {
            throw new IllegalArgumentException("proposal needs height >= 1, round >= 0, -1 <= validRound < round");
        }
    }

    public static SignedProposal sign(String chainId, long height, int round, Hash blockHash, int validRound, KeyPair keys) {
        byte[] body = signedBody(height, round, blockHash, validRound);
        return new SignedProposal(height, round, blockHash, validRound, keys.publicKey(),
                keys.sign(SigningDomain.PROPOSAL, chainId, body));
    }

    static byte[] signedBody(long height, int round, Hash blockHash, int validRound) {
        // validRound + 1 keeps the field unsigned: 0 means "none"
        return new CanonicalWriter(56).u64(height).u32(round).hash(blockHash).u32(validRound + 1L).toByteArray();
    }

    public boolean verifySignature(String chainId) {
        return Ed25519.verify(forger, SigningDomain.PROPOSAL.payload(chainId,
                signedBody(height, round, blockHash, validRound)), signature);
    }

    public boolean conflictsWith(SignedProposal other) {
        return height == other.height && round == other.round && forger.equals(other.forger)
                && (!blockHash.equals(other.blockHash) || validRound != other.validRound);
    }

    public void writeTo(CanonicalWriter out) {
        out.u64(height).u32(round).hash(blockHash).u32(validRound + 1L).publicKey(forger).signature(signature);
    }

    /** The size of {@link #encode()}'s result (fixed). */
    public static final int ENCODED_SIZE = 8 + 4 + Hash.LENGTH + 4 + PublicKey.LENGTH + Signature.LENGTH;

    public int encodedSize() {
        return ENCODED_SIZE;
    }

    public byte[] encode() {
        CanonicalWriter w = new CanonicalWriter(ENCODED_SIZE);
        writeTo(w);
        return w.toByteArray();
    }

    public Hash hash() {
        return Hash.of(encode());
    }

    public static SignedProposal readFrom(CanonicalReader in) {
        long height = in.u64("proposal height");
        long round = in.u32("proposal round");
        Hash block = in.hash("proposal block hash");
        long validRoundPlusOne = in.u32("proposal valid round");
        if (height < 1 || round > Integer.MAX_VALUE || validRoundPlusOne > round) {
            throw new CodecException("proposal height/round/valid round out of range");
        }
        return new SignedProposal(height, (int) round, block, (int) validRoundPlusOne - 1,
                in.publicKey("forger"), in.signature("proposal signature"));
    }
}
