package org.stakechain.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An Ed25519 key pair, held as the 32-byte private seed (RFC 8032 §5.1.5) and the derived public key.
 * {@link #toString()} never shows the seed, so a key pair in a log line leaks nothing.
 */
public final class KeyPair {
    public static final int SEED_LENGTH = 32;

    private final byte[] seed;
    private final PublicKey publicKey;

    private KeyPair(byte[] seed, PublicKey publicKey) {
        this.seed = seed;
        this.publicKey = publicKey;
    }

    public static KeyPair fromSeed(byte[] seed) {
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, got " + seed.length);
        }
        byte[] copy = seed.clone();
        return new KeyPair(copy, Ed25519.publicKeyOf(copy));
    }

    /** A key pair from a PEM PKCS#8 private key, as {@code openssl genpkey -algorithm ed25519} writes it. */
    public static KeyPair parsePem(String pem) {
        return KeyFormats.parsePrivateKeyPem(pem);
    }

    /** A key pair from its seed written as 64 hex characters. */
    public static KeyPair parseSeedHex(String hex) {
        return KeyFormats.parseSeedHex(hex);
    }

    /** Trusts the caller that {@code publicKey} is the one {@code seed} derives; for known-answer tests. */
    static KeyPair of(byte[] seed, PublicKey publicKey) {
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, got " + seed.length);
        }
        return new KeyPair(seed.clone(), publicKey);
    }

    public static KeyPair generate(SecureRandom random) {
        byte[] seed = new byte[SEED_LENGTH];
        random.nextBytes(seed);
        return fromSeed(seed);
    }

    /** A key pair from a name, for tests and the demo's well-known accounts only: anyone can derive it. */
    public static KeyPair deterministic(String name) {
        return fromSeed(Hash.of(("stakechain/insecure-test-key/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8)).bytes());
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public Address address() {
        return publicKey.address();
    }

    /** The private seed; callers that persist it must encrypt it. */
    public byte[] seed() {
        return seed.clone();
    }

    /** The private key as PEM PKCS#8, readable by OpenSSL; as secret as the seed. */
    public String privateKeyPem() {
        return KeyFormats.privateKeyPem(this);
    }

    /** The seed as 64 hex characters; as secret as the seed. */
    public String seedHex() {
        return KeyFormats.seedHex(this);
    }

    public Signature sign(byte[] message) {
        return Ed25519.sign(this, message);
    }

    public Signature sign(SigningDomain domain, String chainId, byte[] body) {
        return sign(domain.payload(chainId, body));
    }

    byte[] seedUnsafe() {
        return seed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyPair k && Arrays.equals(seed, k.seed);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "KeyPair[" + publicKey.hex() + "]";
    }
}
