package org.stakechain.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An account address: the first 20 bytes of SHA-256 of the Ed25519 public key.
 *
 * <p>Text form: {@code "sc"} + 40 hex characters of the address + 8 hex characters of checksum
 * (the first 4 bytes of SHA-256("stakechain/address" || address)). A mistyped character fails the
 * checksum with probability 1 - 2^-32, so coins are not sent to a typo.
 */
public final class Address implements Comparable<Address> {
    public static final int LENGTH = 20;
    public static final String PREFIX = "sc";
    public static final int TEXT_LENGTH = PREFIX.length() + 2 * LENGTH + 8;
    private static final byte[] CHECKSUM_DOMAIN = "stakechain/address".getBytes(StandardCharsets.US_ASCII);

    /**
     * Bytes 0-7 and 8-15, big-endian, and 16-19: the 20 bytes in the object's own fields, not a {@code byte[]}
     * beside it (one object per address instead of two, and an account lookup compares and hashes without touching
     * a second cache line).
     */
    private final long a;
    private final long b;
    private final int c;

    private Address(long a, long b, int c) {
        this.a = a;
        this.b = b;
        this.c = c;
    }

    /** The 20 bytes at {@code at}, which the caller has checked lie within {@code source}. */
    private static Address read(byte[] source, int at) {
        return new Address(Words.readLong(source, at), Words.readLong(source, at + 8), Words.readInt(source, at + 16));
    }

    public static Address of(PublicKey key) {
        // the key's own array, not a copy, and the digest's first 20 bytes from its fields: one address per sender
        Hash digest = Hash.of(key.raw());
        return new Address(digest.w0, digest.w1, (int) (digest.w2 >>> 32));
    }

    public static Address wrap(byte[] raw) {
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("an address is 20 bytes, got " + raw.length);
        }
        return read(raw, 0);
    }

    /**
     * The address in the {@value #LENGTH} bytes of {@code source} from {@code offset}, copied (decoders). As
     * {@code Arrays.copyOfRange} did before: a range running past the end is padded with zeros, one starting outside
     * fails.
     */
    public static Address copyOf(byte[] source, int offset) {
        if (offset >= 0 && offset <= source.length - LENGTH) {
            return read(source, offset);
        }
        return read(Arrays.copyOfRange(source, offset, Math.addExact(offset, LENGTH)), 0);
    }

    /** Parses the checksummed text form; the message of the exception says what is wrong with it. */
    public static Address parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (!t.startsWith(PREFIX)) {
            throw new IllegalArgumentException("an address starts with \"" + PREFIX + "\": " + text);
        }
        if (t.length() != TEXT_LENGTH) {
            throw new IllegalArgumentException("an address has " + TEXT_LENGTH + " characters, this one has " + t.length());
        }
        byte[] raw = Hex.decode(t.substring(PREFIX.length(), PREFIX.length() + 2 * LENGTH));
        String checksum = t.substring(PREFIX.length() + 2 * LENGTH);
        Address address = read(raw, 0);
        if (!address.checksumHex().equals(checksum)) {
            throw new IllegalArgumentException("address checksum does not match: a character is mistyped in " + text);
        }
        return address;
    }

    private String checksumHex() {
        return Hex.encode(Arrays.copyOf(Hash.of(CHECKSUM_DOMAIN, bytes()).bytes(), 4));
    }

    public byte[] bytes() {
        byte[] out = new byte[LENGTH];
        write(out, 0);
        return out;
    }

    private void write(byte[] target, int at) {
        Words.writeLong(target, at, a);
        Words.writeLong(target, at + 8, b);
        Words.writeInt(target, at + 16, c);
    }

    public void copyTo(byte[] target, int offset) {
        if (offset < 0 || offset > target.length - LENGTH) {
            throw Words.targetOutOfBounds(target, offset, LENGTH);
        }
        write(target, offset);
    }

    public String text() {
        return PREFIX + Hex.encode(bytes()) + checksumHex();
    }

    /** Unsigned lexicographic byte order, with the value {@code Arrays.compareUnsigned} gave (see {@link Hash}). */
    @Override
    public int compareTo(Address other) {
        if (a != other.a) {
            return Words.compareFirstDifferingByte(a, other.a);
        }
        if (b != other.b) {
            return Words.compareFirstDifferingByte(b, other.b);
        }
        if (c != other.c) {
            return Words.compareFirstDifferingByte(c, other.c);
        }
        return 0;
    }

    /** Accounts are looked up in maps for every transaction: three compares of the object's own fields. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Address other)) {
            return false;
        }
        return a == other.a && b == other.b && c == other.c;
    }

    /**
     * The first 4 bytes: an address is a SHA-256 prefix, so they are already uniform (Arrays.hashCode over all 20
     * was a hot frame of block execution). A recipient address can be any 20 bytes, so collisions can be crafted,
     * but no more easily than under Arrays.hashCode: hash maps keep colliding {@link Comparable} keys in trees.
     */
    @Override
    public int hashCode() {
        return (int) (a >>> 32);
    }

    @Override
    public String toString() {
        return text();
    }
}
