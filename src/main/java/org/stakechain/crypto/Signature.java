package org.stakechain.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * An Ed25519 signature: R (32 bytes) followed by S (32 bytes, little-endian).
 *
 * <p>Its {@value #LENGTH} bytes are a range of an array: its own copy ({@link #wrap}, {@link #copyOf}) or, for a
 * value decoded from a larger immutable encoding, that encoding itself ({@link #viewOf}): a transaction's signature
 * is the last 64 bytes of the transaction's encoding, which the transaction keeps anyway, so a view costs no second
 * copy of them (docs/performance.md "Fewer long-lived objects (round 10)"). Every method answers the same for equal bytes, whichever the array.
 */
public final class Signature {
    public static final int LENGTH = 64;

    private final byte[] source;
    private final int offset;

    private Signature(byte[] source, int offset) {
        this.source = source;
        this.offset = offset;
    }

    public static Signature wrap(byte[] encoded) {
        if (encoded.length != LENGTH) {
            throw new IllegalArgumentException("an Ed25519 signature is 64 bytes, got " + encoded.length);
        }
        return new Signature(encoded.clone(), 0);
    }

    /** The signature in the {@value #LENGTH} bytes of {@code source} from {@code offset}, copied once (decoders). */
    public static Signature copyOf(byte[] source, int offset) {
        return new Signature(Arrays.copyOfRange(source, offset, Math.addExact(offset, LENGTH)), 0);
    }

    /**
     * The signature in the {@value #LENGTH} bytes of {@code source} from {@code offset}, not copied: for a decoder
     * that keeps {@code source} as an immutable encoding (never written again by anyone), so the signature and the
     * encoding share those bytes. Any other caller wants {@link #copyOf}.
     */
    public static Signature viewOf(byte[] source, int offset) {
        Objects.checkFromIndexSize(offset, LENGTH, source.length);
        return new Signature(source, offset);
    }

    public static Signature parse(String hex) {
        return wrap(Hex.decode(hex));
    }

    public byte[] bytes() {
        return Arrays.copyOfRange(source, offset, offset + LENGTH);
    }

    /** The array holding the encoding, not a copy (from {@link #offset()}): for the verifier only; never modify it. */
    byte[] array() {
        return source;
    }

    /** Where the encoding starts in {@link #array()}. */
    int offset() {
        return offset;
    }

    public String hex() {
        return offset == 0 && source.length == LENGTH ? Hex.encode(source) : Hex.encode(bytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature s
                && Arrays.equals(source, offset, offset + LENGTH, s.source, s.offset, s.offset + LENGTH);
    }

    /** {@link Arrays#hashCode(byte[])} of the {@value #LENGTH} bytes, as when the signature always had its own array. */
    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset, end = offset + LENGTH; i < end; i++) {
            h = 31 * h + source[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return hex();
    }
}
