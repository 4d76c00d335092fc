package org.stakechain.crypto;

import java.util.Arrays;

/** An Ed25519 public key: its 32-byte encoding (RFC 8032 §5.1.2). Whether it is a valid point is the verifier's question. */
public final class PublicKey implements Comparable<PublicKey> {
    public static final int LENGTH = 32;

    private final byte[] bytes;
    /** Derived on first use (a SHA-256): the mempool and the ledger ask for a sender's address many times. */
    private Address address;

    /** Keys are map keys in the mempool and the validator sets: hashed once, not over 32 bytes per lookup. */
    private final int hash;

    private PublicKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    public static PublicKey wrap(byte[] encoded) {
        if (encoded.length != LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got " + encoded.length);
        }
        return new PublicKey(encoded.clone());
    }

    /** The key in the {@value #LENGTH} bytes of {@code source} from {@code offset}, copied once (decoders). */
    public static PublicKey copyOf(byte[] source, int offset) {
        return new PublicKey(Arrays.copyOfRange(source, offset, Math.addExact(offset, LENGTH)));
    }

    public static PublicKey parse(String hex) {
        return wrap(Hex.decode(hex));
    }

    /** A public key from PEM SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}), as OpenSSL writes it. */
    public static PublicKey parsePem(String pem) {
        return KeyFormats.parsePublicKeyPem(pem);
    }

    /** PEM SubjectPublicKeyInfo, readable by {@code openssl pkey -pubin}. */
    public String pem() {
        return KeyFormats.publicKeyPem(this);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The encoding itself, not a copy: for the verifier's hot path in this package only; never modify it. */
    byte[] raw() {
        return bytes;
    }

    public Address address() {
        Address a = address;
        if (a == null) {
            // a benign race: Address is immutable (final fields), so two threads at worst derive it twice
            a = Address.of(this);
            address = a;
        }
        return a;
    }

    public String hex() {
        return Hex.encode(bytes);
    }

    @Override
    public int compareTo(PublicKey other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return hex();
    }
}
