package org.stakechain.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/** A SHA-256 digest. Immutable; compares by content. */
public final class Hash implements Comparable<Hash> {
    public static final int LENGTH = 32;
    public static final Hash ZERO = new Hash(new byte[LENGTH]);

    /**
     * One digest per thread, reused: {@code MessageDigest.getInstance} walks the providers on every call, which
     * cost more than hashing a transaction. {@code digest()} resets it, so each use starts clean; a call that throws
     * half-way resets it itself.
     */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Hash::sha256);
    private final byte[] bytes;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** SHA-256 over the concatenation of the parts. */
    public static Hash of(byte[]... parts) {
        MessageDigest digest = DIGEST.get();
        try {
            for (byte[] part : parts) {
                digest.update(part);
            }
        } catch (RuntimeException e) {
            digest.reset(); // a null part half-way must not leak into the thread's next hash
            throw e;
        }
        return new Hash(digest.digest()); // digest() resets it for the next use
    }

    public static Hash of(byte[] data, int offset, int length) {
        MessageDigest digest = DIGEST.get();
        try {
            digest.update(data, offset, length);
        } catch (RuntimeException e) {
            digest.reset();
            throw e;
        }
        return new Hash(digest.digest());
    }

    /** SHA-256 of the bytes remaining in {@code data}, whose position is left as it is. */
    public static Hash of(java.nio.ByteBuffer data) {
        MessageDigest digest = DIGEST.get();
        try {
            digest.update(data.duplicate());
        } catch (RuntimeException e) {
            digest.reset();
            throw e;
        }
        return new Hash(digest.digest());
    }

    /**
     * Completes {@code digest} (a SHA-256, which this resets) and keeps the array {@code digest()} returns, which
     * is fresh and nobody else's: no copy. For callers that feed their own thread's digest.
     */
    public static Hash finish(MessageDigest digest) {
        byte[] out = digest.digest();
        if (out.length != LENGTH) {
            throw new IllegalArgumentException("not a SHA-256: " + out.length + " bytes");
        }
        return new Hash(out);
    }

    /**
     * SHA-256 of {@code data[offset, offset + length)} in one native call where the library allows it (ACCP's single
     * pass, {@link Sha256Digests#digestInto}), else on {@code fallback}: the caller's own SHA-256 digest (from
     * {@link #sha256()}), left reset, so a caller hashing many short messages in a row (the state tree's nodes) skips
     * both the digest object's buffering and a thread-local lookup. Same function either way.
     */
    public static Hash ofRange(byte[] data, int offset, int length, MessageDigest fallback) {
        byte[] out = new byte[LENGTH];
        Sha256Digests.digestInto(out, data, offset, length, fallback);
        return new Hash(out);
    }

    /** Wraps exactly 32 bytes that already are a digest (copied). */
    public static Hash wrap(byte[] digest) {
        if (digest.length != LENGTH) {
            throw new IllegalArgumentException("a hash is 32 bytes, got " + digest.length);
        }
        return new Hash(digest.clone());
    }

    /** The 32 bytes at {@code offset} of {@code source}, copied once (a decoder's read: no intermediate array). */
    public static Hash copyOf(byte[] source, int offset) {
        return new Hash(java.util.Arrays.copyOfRange(source, offset, Math.addExact(offset, LENGTH)));
    }

    public static Hash parse(String hex) {
        return wrap(Hex.decode(hex));
    }

    /** A new SHA-256 digest, from the fastest library that gives the known answers ({@link Sha256Digests}). */
    public static MessageDigest sha256() {
        return Sha256Digests.newDigest();
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The digest itself, not a copy: for this package's derivations only; never modify it. */
    byte[] raw() {
        return bytes;
    }

    /** The i-th bit, most significant bit of byte 0 first: the path of a key in the state tree. */
    public boolean bit(int i) {
        return ((bytes[i >>> 3] >>> (7 - (i & 7))) & 1) != 0;
    }

    public byte byteAt(int i) {
        return bytes[i];
    }

    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    /** Asked at every step of the state tree's walk: a digest's first byte is rarely zero, so that decides it. */
    public boolean isZero() {
        return this == ZERO || bytes[0] == 0 && equals(ZERO);
    }

    public String hex() {
        return Hex.encode(bytes);
    }

    /** The first 8 hex characters, for logs and the terminal. */
    public String shortHex() {
        return hex().substring(0, 8);
    }

    @Override
    public int compareTo(Hash other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    /** Arrays.equals: an intrinsic under C1 too, unlike byte-array view VarHandles (~3x slower there). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Hash h)) {
            return false;
        }
        return Arrays.equals(bytes, h.bytes);
    }

    /**
     * The first 4 bytes: a digest's bytes are already uniform, so hashing them again buys nothing. Crafted
     * collisions (a {@link #wrap}ped value chosen by a peer) are no worse than with any fixed function: hash maps
     * keep colliding {@link Comparable} keys in trees.
     */
    @Override
    public int hashCode() {
        return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    @Override
    public String toString() {
        return hex();
    }
}
