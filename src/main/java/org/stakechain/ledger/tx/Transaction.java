package org.stakechain.ledger.tx;

import java.util.Arrays;
import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Ed25519;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.PublicKey;
import org.stakechain.crypto.Signature;
import org.stakechain.crypto.SigningDomain;
import org.stakechain.ledger.ChainParams;

/**
 * A signed transaction. Encoding: {@code type u8 | chainId string | sender 32 | nonce u64 | fee u64 | payload}
 * (the body, which is signed under {@link SigningDomain#TRANSACTION}) followed by the 64-byte signature.
 * The hash, the transaction's id, is SHA-256 of the whole encoding. Both are computed once, at construction.
 *
 * <p>A pooled transaction lives seconds, so what it holds is what young collections copy and the old generation
 * fills with: the signature is not kept as an object of its own but read as a view of the encoding's last
 * {@link Signature#LENGTH} bytes ({@link Signature#viewOf}), which saves a 64-byte array and its holder per
 * transaction (docs/performance.md "Fewer long-lived objects (round 10)").
 */
public final class Transaction {
    public static final int MAX_ENCODED_BYTES = 2_048;
    /** The chain id of the last decoded transaction (racy by design: any thread's immutable String will do). */
    private static String lastChainId = "";

    private final String chainId;
    private final PublicKey sender;
    private final long nonce;
    private final long fee;
    private final TxPayload payload;
    /** Body then signature: the body (what is signed) is all but the last {@link Signature#LENGTH} bytes. */
    private final byte[] encoded;
    private final Hash hash;

    /** The encoding of a signed body: body then signature. */
    private static byte[] signed(byte[] body, Signature signature) {
        return new CanonicalWriter(body.length + Signature.LENGTH).fixed(body).signature(signature).toByteArray();
    }

    /** {@code encoded} is body then signature; the decoder passes the bytes it read (canonical, so the same). */
    private Transaction(String chainId, PublicKey sender, long nonce, long fee, TxPayload payload, byte[] encoded) {
        this.chainId = chainId;
        this.sender = sender;
        this.nonce = nonce;
        this.fee = fee;
        this.payload = payload;
        this.encoded = encoded;
        this.hash = Hash.of(encoded);
    }

    /** Builds and signs a transaction with the sender's keys. */
    public static Transaction sign(String chainId, KeyPair sender, long nonce, long fee, TxPayload payload) {
        byte[] body = body(chainId, sender.publicKey(), nonce, fee, payload);
        Signature signature = sender.sign(SigningDomain.TRANSACTION, chainId, body);
        return new Transaction(chainId, sender.publicKey(), nonce, fee, payload, signed(body, signature));
    }

    /** A transaction with a given signature, valid or not: for decoding and for tests of rejection. */
    public static Transaction of(String chainId, PublicKey sender, long nonce, long fee, TxPayload payload, Signature signature) {
        return new Transaction(chainId, sender, nonce, fee, payload,
                signed(body(chainId, sender, nonce, fee, payload), signature));
    }

    private static byte[] body(String chainId, PublicKey sender, long nonce, long fee, TxPayload payload) {
        if (nonce < 0 || fee < 0) {
            throw new IllegalArgumentException("nonce and fee are never negative");
        }
        CanonicalWriter w = new CanonicalWriter(128);
        w.u8(payload.type().code()).string(chainId).publicKey(sender).u64(nonce).u64(fee);
        payload.writeTo(w);
        return w.toByteArray();
    }

    public boolean verifySignature() {
        return Ed25519.verify(sender, SigningDomain.TRANSACTION.payload(chainId, encoded, 0,
                encoded.length - Signature.LENGTH), signature());
    }

    public TxType type() {
        return payload.type();
    }

    public String chainId() {
        return chainId;
    }

    public PublicKey sender() {
        return sender;
    }

    public Address senderAddress() {
        return sender.address();
    }

    public long nonce() {
        return nonce;
    }

    public long fee() {
        return fee;
    }

    public TxPayload payload() {
        return payload;
    }

    /** The last {@link Signature#LENGTH} bytes of the encoding, as a view of it (no copy; a new holder per call). */
    public Signature signature() {
        return Signature.viewOf(encoded, encoded.length - Signature.LENGTH);
    }

    public Hash hash() {
        return hash;
    }

    public byte[] encode() {
        return encoded.clone();
    }

    public int encodedSize() {
        return encoded.length;
    }

    public void writeTo(CanonicalWriter out) {
        out.fixed(encoded);
    }

    public static Transaction readFrom(CanonicalReader in) {
        int start = in.position();
        TxType type = TxType.fromCode(in.u8("transaction type"));
        // a node sees one chain id: the last one decoded is reused when the bytes are the same (no String per tx)
        String chainId = in.string(ChainParams.MAX_CHAIN_ID_BYTES, "chain id", lastChainId);
        lastChainId = chainId;
        PublicKey sender = in.publicKey("sender");
        long nonce = in.u64("nonce");
        long fee = in.u64("fee");
        TxPayload payload = TxPayload.readFrom(type, in);
        in.skip(Signature.LENGTH, "signature"); // read back from the encoding: see signature()
        if (in.position() - start > MAX_ENCODED_BYTES) {
            throw new CodecException("transaction larger than " + MAX_ENCODED_BYTES + " bytes");
        }
        // the decoder accepts only canonical encodings, so the bytes read are the encoding: no need to re-encode
        return new Transaction(chainId, sender, nonce, fee, payload, in.readSince(start));
    }

    public static Transaction decode(byte[] bytes) {
        if (bytes.length > MAX_ENCODED_BYTES) {
            throw new CodecException("transaction larger than " + MAX_ENCODED_BYTES + " bytes");
        }
        return CanonicalReader.decodeAll(bytes, Transaction::readFrom);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transaction t && Arrays.equals(encoded, t.encoded);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return payload.type() + "[" + hash.shortHex() + " from " + sender.address() + " nonce " + nonce + " fee " + fee + "]";
    }
}
