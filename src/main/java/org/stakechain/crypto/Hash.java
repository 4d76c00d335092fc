package org.stakechain.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A SHA-256 digest. Immutable; compares by content.
 *
 * <p>The 32 bytes are held as four big-endian {@code long}s, not a {@code byte[]}: one object per hash instead of
 * two (a node's live heap holds ~170,000 of them: state-tree nodes, pool transactions, caches, each marked or copied
 * by every collection), and comparisons read the object's own cache line instead of a second one.
 */
public final class Hash implements Comparable<Hash> {
    public static final int LENGTH = 32;
    public static final Hash ZERO = new Hash(0, 0, 0, 0);

    /**
     * One digest per thread, reused: {@code MessageDigest.getInstance} walks the providers on every call, which
     * cost more than hashing a transaction. {@code digest()} resets it, so each use starts clean; a call that throws
     * half-way resets it itself.
     */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Hash::sha256);
    /** Bytes 0-7, 8-15, 16-23 and 24-31, big-endian: package-private for this package's derivations. */
    final long w0;
    final long w1;
    final long w2;
    final long w3;

    private Hash(long w0, long w1, long w2, long w3) {
        this.w0 = w0;
        this.w1 = w1;
        this.w2 = w2;
        this.w3 = w3;
    }

    /**
     * The 32 bytes at {@code at}, which the caller has checked lie within {@code b}. Unrolled here, not four calls of
     * {@link Words#readLong}: C1 inlines nothing over 35 bytecodes, and the calls were a third of this in a profile.
     */
    private static Hash read(byte[] b, int at) {
        long w0 = (b[at] & 0xffL) << 56 | (b[at + 1] & 0xffL) << 48 | (b[at + 2] & 0xffL) << 40
                | (b[at + 3] & 0xffL) << 32 | (b[at + 4] & 0xffL) << 24 | (b[at + 5] & 0xffL) << 16
                | (b[at + 6] & 0xffL) << 8 | (b[at + 7] & 0xffL);
        long w1 = (b[at + 8] & 0xffL) << 56 | (b[at + 9] & 0xffL) << 48 | (b[at + 10] & 0xffL) << 40
                | (b[at + 11] & 0xffL) << 32 | (b[at + 12] & 0xffL) << 24 | (b[at + 13] & 0xffL) << 16
                | (b[at + 14] & 0xffL) << 8 | (b[at + 15] & 0xffL);
        long w2 = (b[at + 16] & 0xffL) << 56 | (b[at + 17] & 0xffL) << 48 | (b[at + 18] & 0xffL) << 40
                | (b[at + 19] & 0xffL) << 32 | (b[at + 20] & 0xffL) << 24 | (b[at + 21] & 0xffL) << 16
                | (b[at + 22] & 0xffL) << 8 | (b[at + 23] & 0xffL);
        long w3 = (b[at + 24] & 0xffL) << 56 | (b[at + 25] & 0xffL) << 48 | (b[at + 26] & 0xffL) << 40
                | (b[at + 27] & 0xffL) << 32 | (b[at + 28] & 0xffL) << 24 | (b[at + 29] & 0xffL) << 16
                | (b[at + 30] & 0xffL) << 8 | (b[at + 31] & 0xffL);
        return new Hash(w0, w1, w2, w3);
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
        return read(digest.digest(), 0); // digest() resets it for the next use
    }

    public static Hash of(byte[] data, int offset, int length) {
        MessageDigest digest = DIGEST.get();
        try {
            digest.update(data, offset, length);
        } catch (RuntimeException e) {
            digest.reset();
            throw e;
        }
        return read(digest.digest(), 0);
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
        return read(digest.digest(), 0);
    }

    /** Completes {@code digest} (a SHA-256, which this resets). For callers that feed their own thread's digest. */
    public static Hash finish(MessageDigest digest) {
        byte[] out = digest.digest();
        if (out.length != LENGTH) {
            throw new IllegalArgumentException("not a SHA-256: " + out.length + " bytes");
        }
        return read(out, 0);
    }

    /**
     * SHA-256 of {@code data[offset, offset + length)} in one native call where the library allows it (ACCP's single
     * pass, {@link Sha256Digests#digestInto}), else on {@code fallback}: the caller's own SHA-256 digest (from
     * {@link #sha256()}), left reset, so a caller hashing many short messages in a row (the state tree's nodes) skips
     * both the digest object's buffering and a thread-local lookup. Same function either way. The digest goes
     * through a short-lived 32-byte array; {@link #ofRange(byte[], int, int, MessageDigest, byte[])} takes the
     * caller's.
     */
    public static Hash ofRange(byte[] data, int offset, int length, MessageDigest fallback) {
        return ofRange(data, offset, length, fallback, new byte[LENGTH]);
    }

    /**
     * As {@link #ofRange(byte[], int, int, MessageDigest)}, digesting into {@code scratch[0, 32)} (the caller's,
     * reused: overwritten, not kept), so hashing allocates the hash alone. {@code scratch} must not overlap the
     * range hashed.
     */
    public static Hash ofRange(byte[] data, int offset, int length, MessageDigest fallback, byte[] scratch) {
        Sha256Digests.digestInto(scratch, data, offset, length, fallback);
        return read(scratch, 0);
    }

    /** Wraps exactly 32 bytes that already are a digest (copied). */
    public static Hash wrap(byte[] digest) {
        if (digest.length != LENGTH) {
            throw new IllegalArgumentException("a hash is 32 bytes, got " + digest.length);
        }
        return read(digest, 0);
    }

    /**
     * The 32 bytes at {@code offset} of {@code source}, copied (a decoder's read: no intermediate array). As
     * {@code Arrays.copyOfRange} did before: a range running past the end is padded with zeros, one starting
     * outside fails.
     */
    public static Hash copyOf(byte[] source, int offset) {
        if (offset >= 0 && offset <= source.length - LENGTH) {
            return read(source, offset);
        }
        return read(Arrays.copyOfRange(source, offset, Math.addExact(offset, LENGTH)), 0);
    }

    public static Hash parse(String hex) {
        return wrap(Hex.decode(hex));
    }

    /** A new SHA-256 digest, from the fastest library that gives the known answers ({@link Sha256Digests}). */
    public static MessageDigest sha256() {
        return Sha256Digests.newDigest();
    }

    public byte[] bytes() {
        byte[] out = new byte[LENGTH];
        write(out, 0);
        return out;
    }

    /**
     * Unrolled here rather than four calls of {@link Words#writeLong} (C1 inlines nothing over 35 bytecodes): ~20%
     * less in {@code HashLayoutCpuProbe}'s copyTo. Still ~2x an {@code arraycopy} of an array under C1.
     */
    private void write(byte[] target, int at) {
        long w = w0;
        target[at] = (byte) (w >>> 56);
        target[at + 1] = (byte) (w >>> 48);
        target[at + 2] = (byte) (w >>> 40);
        target[at + 3] = (byte) (w >>> 32);
        target[at + 4] = (byte) (w >>> 24);
        target[at + 5] = (byte) (w >>> 16);
        target[at + 6] = (byte) (w >>> 8);
        target[at + 7] = (byte) (w);
        w = w1;
        target[at + 8] = (byte) (w >>> 56);
        target[at + 9] = (byte) (w >>> 48);
        target[at + 10] = (byte) (w >>> 40);
        target[at + 11] = (byte) (w >>> 32);
        target[at + 12] = (byte) (w >>> 24);
        target[at + 13] = (byte) (w >>> 16);
        target[at + 14] = (byte) (w >>> 8);
        target[at + 15] = (byte) (w);
        w = w2;
        target[at + 16] = (byte) (w >>> 56);
        target[at + 17] = (byte) (w >>> 48);
        target[at + 18] = (byte) (w >>> 40);
        target[at + 19] = (byte) (w >>> 32);
        target[at + 20] = (byte) (w >>> 24);
        target[at + 21] = (byte) (w >>> 16);
        target[at + 22] = (byte) (w >>> 8);
        target[at + 23] = (byte) (w);
        w = w3;
        target[at + 24] = (byte) (w >>> 56);
        target[at + 25] = (byte) (w >>> 48);
        target[at + 26] = (byte) (w >>> 40);
        target[at + 27] = (byte) (w >>> 32);
        target[at + 28] = (byte) (w >>> 24);
        target[at + 29] = (byte) (w >>> 16);
        target[at + 30] = (byte) (w >>> 8);
        target[at + 31] = (byte) (w);
    }

    /** The 8 bytes from byte {@code 8 * i}, big-endian. */
    private long word(int i) {
        switch (i) {
            case 0:
                return w0;
            case 1:
                return w1;
            case 2:
                return w2;
            default:
                return w3;
        }
    }

    /** The i-th bit, most significant bit of byte 0 first: the path of a key in the state tree. */
    public boolean bit(int i) {
        if (i < 0 || i >= LENGTH * 8) {
            throw outOfBounds(i >>> 3);
        }
        long w = i < 128 ? (i < 64 ? w0 : w1) : (i < 192 ? w2 : w3);
        return (w << (i & 63)) < 0;
    }

    public byte byteAt(int i) {
        if (i < 0 || i >= LENGTH) {
            throw outOfBounds(i);
        }
        return (byte) (word(i >>> 3) >>> (56 - ((i & 7) << 3)));
    }

    /** What indexing the 32-byte array did. */
    private static ArrayIndexOutOfBoundsException outOfBounds(int index) {
        return new ArrayIndexOutOfBoundsException("Index " + index + " out of bounds for length " + LENGTH);
    }

    public void copyTo(byte[] target, int offset) {
        if (offset < 0 || offset > target.length - LENGTH) {
            throw Words.targetOutOfBounds(target, offset, LENGTH);
        }
        write(target, offset);
    }

    /** Asked at every step of the state tree's walk: the object's own fields, no second cache line. */
    public boolean isZero() {
        return (w0 | w1 | w2 | w3) == 0;
    }

    public String hex() {
        return Hex.encode(bytes());
    }

    /** The first 8 hex characters, for logs and the terminal. */
    public String shortHex() {
        return hex().substring(0, 8);
    }

    /**
     * Unsigned lexicographic byte order, and the value {@code Arrays.compareUnsigned} gave: the difference of the
     * first differing bytes, as unsigned ints.
     */
    @Override
    public int compareTo(Hash other) {
        if (w0 != other.w0) {
            return Words.compareFirstDifferingByte(w0, other.w0);
        }
        if (w1 != other.w1) {
            return Words.compareFirstDifferingByte(w1, other.w1);
        }
        if (w2 != other.w2) {
            return Words.compareFirstDifferingByte(w2, other.w2);
        }
        if (w3 != other.w3) {
            return Words.compareFirstDifferingByte(w3, other.w3);
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Hash h)) {
            return false;
        }
        return w0 == h.w0 && w1 == h.w1 && w2 == h.w2 && w3 == h.w3;
    }

    /**
     * The first 4 bytes: a digest's bytes are already uniform, so hashing them again buys nothing. Crafted
     * collisions (a {@link #wrap}ped value chosen by a peer) are no worse than with any fixed function: hash maps
     * keep colliding {@link Comparable} keys in trees.
     */
    @Override
    public int hashCode() {
        return (int) (w0 >>> 32);
    }

    @Override
    public String toString() {
        return hex();
    }
}
