package org.stakechain.codec;

import java.nio.charset.StandardCharsets;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.PublicKey;
import org.stakechain.crypto.Signature;
import java.util.Arrays;
import java.util.Collection;
import java.util.function.BiConsumer;

/**
 * Writes the one canonical encoding: fixed-width big-endian integers, u32 length prefixes, no padding,
 * no optional forms. Two equal values always give equal bytes, so hashes and signatures agree on every node.
 */
public final class CanonicalWriter {
    private byte[] buffer;
    private int size;

    public CanonicalWriter() {
        this(128);
    }

    public CanonicalWriter(int initialCapacity) {
        buffer = new byte[Math.max(0, initialCapacity)]; // exact sizes allowed: the buffer is then the encoding
    }

    private void ensure(int extra) {
        int needed = size + extra;
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }

    public CanonicalWriter u8(int value) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException("u8 out of range: " + value);
        }
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public CanonicalWriter bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    public CanonicalWriter u16(int value) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException("u16 out of range: " + value);
        }
        ensure(2);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
        return this;
    }

    public CanonicalWriter u32(long value) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException("u32 out of range: " + value);
        }
        ensure(4);
        buffer[size++] = (byte) (value >>> 24);
        buffer[size++] = (byte) (value >>> 16);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
        return this;
    }

    /** A non-negative long as 8 bytes; amounts, nonces and heights are never negative. */
    public CanonicalWriter u64(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("u64 field must not be negative: " + value);
        }
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** Bytes of a length both sides know (keys, hashes, signatures): no prefix. */
    public CanonicalWriter fixed(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** Variable bytes: u32 length then the bytes. */
    public CanonicalWriter bytes(byte[] bytes) {
        u32(bytes.length);
        return fixed(bytes);
    }

    public CanonicalWriter hash(Hash hash) {
        ensure(Hash.LENGTH);
        hash.copyTo(buffer, size);
        size += Hash.LENGTH;
        return this;
    }

    public CanonicalWriter publicKey(PublicKey key) {
        return fixed(key.bytes());
    }

    public CanonicalWriter signature(Signature signature) {
        return fixed(signature.bytes());
    }

    public CanonicalWriter address(Address address) {
        ensure(Address.LENGTH);
        address.copyTo(buffer, size);
        size += Address.LENGTH;
        return this;
    }

    /** The size of {@link #string(String)}'s encoding of {@code text}: its u32 length and its UTF-8 bytes. */
    public static int stringSize(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return 4 + text.getBytes(StandardCharsets.UTF_8).length; // rare: let the encoder count
            }
        }
        return 4 + text.length();
    }

    public CanonicalWriter string(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A list: u32 count then each element. */
    public <T> CanonicalWriter list(Collection<T> items, BiConsumer<CanonicalWriter, T> element) {
        u32(items.size());
        for (T item : items) {
            element.accept(this, item);
        }
        return this;
    }

    public int size() {
        return size;
    }

    /**
     * The bytes written. A writer sized exactly for its value hands its buffer over without a copy: nothing can
     * write into that array afterwards, since any further write would first grow into a new one.
     */
    public byte[] toByteArray() {
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }
}
