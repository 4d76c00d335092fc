package org.stakechain.crypto;

/**
 * A library that computes Ed25519: deterministic RFC 8032 signing, and the bare cofactorless
 * verification equation. The strict rule's encoding checks are not the engine's job:
 * {@link Ed25519} runs {@link Ed25519StrictRule} first, so every engine answers the same.
 */
interface Ed25519Engine {
    /** "accp" or "jdk": the value of {@value Ed25519#ENGINE_PROPERTY} that selects this engine. */
    String name();

    /** The library and version, for the one log line at start-up. */
    String description();

    /** RFC 8032 signing with the 32-byte seed of {@code keys}. */
    byte[] sign(KeyPair keys, byte[] message);

    /**
     * The library's verdict without our pre-checks: false for a signature that does not verify and for
     * any input the library cannot parse; never throws for 32 / 64-byte inputs.
     */
    default boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        return verify(publicKey, message, signature, 0, signature.length);
    }

    /**
     * {@link #verify(byte[], byte[], byte[])} of the {@code signatureLength} bytes of {@code signature} from
     * {@code signatureOffset} ({@code java.security.Signature.verify(byte[], int, int)}: no copy).
     */
    boolean verify(byte[] publicKey, byte[] message, byte[] signature, int signatureOffset, int signatureLength);
}
