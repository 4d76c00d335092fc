package org.stakechain.ledger.block;

import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.PublicKey;
import org.stakechain.crypto.Signature;
import org.stakechain.ledger.ChainParams;

/**
 * What a block commits to. The block hash is SHA-256 of this header's canonical encoding; the body is bound
 * to it through {@code txRoot} and {@code lastCommitHash}, the resulting state through {@code stateRoot}.
 *
 * @param round          the consensus round in which this block was proposed
 * @param timestampMillis the forger's clock, milliseconds since the epoch; strictly increasing along the chain
 * @param forger         the validator drawn by the lottery that proposed this block
 * @param beaconReveal   the forger's deterministic signature over the height: the next link of the random beacon
 * @param lastCommitHash hash of the certificate of the previous block carried in this block's body (ZERO at height 1)
 */
public record BlockHeader(String chainId, long height, int round, Hash previousHash, long timestampMillis,
                          PublicKey forger, Signature beaconReveal, Hash txRoot, Hash stateRoot, Hash lastCommitHash) {

    public BlockHeader {
        if (height < 1 || round < 0 || timestampMillis < 0) {
            throw new IllegalArgumentException("header height >= 1, round >= 0, timestamp >= 0");
        }
    }

    public void writeTo(CanonicalWriter out) {
        out.string(chainId).u64(height).u32(round).hash(previousHash).u64(timestampMillis).publicKey(forger)
                .signature(beaconReveal).hash(txRoot).hash(stateRoot).hash(lastCommitHash);
    }

    /** The size of {@link #encode()}'s result, counted without encoding. */
    public int encodedSize() {
        return CanonicalWriter.stringSize(chainId) + 8 + 4 + Hash.LENGTH + 8 + PublicKey.LENGTH + Signature.LENGTH
                + 3 * Hash.LENGTH;
    }

    public byte[] encode() {
        CanonicalWriter w = new CanonicalWriter(encodedSize()); // exact: the buffer is the encoding, no trim
        writeTo(w);
        return w.toByteArray();
    }

    public Hash hash() {
        return Hash.of(encode());
    }

    public static BlockHeader readFrom(CanonicalReader in) {
        String chainId = in.string(ChainParams.MAX_CHAIN_ID_BYTES, "chain id");
        long height = in.u64("height");
        long round = in.u32("round");
        if (height < 1 || round > Integer.MAX_VALUE) {
            throw new CodecException("header height must be >= 1 and round fit in 31 bits");
        }
        return new BlockHeader(chainId, height, (int) round, in.hash("previous hash"), in.u64("timestamp"),
                in.publicKey("forger"), in.signature("beacon reveal"), in.hash("tx root"), in.hash("state root"),
                in.hash("last commit hash"));
    }
}
