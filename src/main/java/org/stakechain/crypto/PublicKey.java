package org.stakechain.crypto;

import java.util.Arrays;

/** An Ed25519 public key: its 32-byte encoding (RFC 8032 §5.1.2). Whether it is a valid point is the verifier's question. */
public final class PublicKey implements Comparable<PublicKey> {
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private PublicKey(byte[] bytes) {
        this.bytes = bytes;
    }

    public static PublicKey wrap(byte[] encoded) {
        if (encoded.length != LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got " + encoded.length);
        }
        return new PublicKey(encoded.clone());
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
        return Address.of(this);
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
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
