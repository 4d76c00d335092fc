package org.stakechain.crypto;

import java.util.Arrays;

/** An Ed25519 signature: R (32 bytes) followed by S (32 bytes, little-endian). */
public final class Signature {
    public static final int LENGTH = 64;

    private final byte[] bytes;

    private Signature(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Signature wrap(byte[] encoded) {
        if (encoded.length != LENGTH) {
            throw new IllegalArgumentException("an Ed25519 signature is 64 bytes, got " + encoded.length);
        }
        return new Signature(encoded.clone());
    }

    /** The signature in the {@value #LENGTH} bytes of {@code source} from {@code offset}, copied once (decoders). */
    public static Signature copyOf(byte[] source, int offset) {
        return new Signature(Arrays.copyOfRange(source, offset, Math.addExact(offset, LENGTH)));
    }

    public static Signature parse(String hex) {
        return wrap(Hex.decode(hex));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The encoding itself, not a copy: for the verifier's hot path in this package only; never modify it. */
    byte[] raw() {
        return bytes;
    }

    public String hex() {
        return Hex.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature s && Arrays.equals(bytes, s.bytes);
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
