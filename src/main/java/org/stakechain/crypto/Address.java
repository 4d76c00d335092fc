package org.stakechain.crypto;

import java.nio.ByteOrder;
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

    private final byte[] bytes;

    private Address(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Address of(PublicKey key) {
        // the key's and the digest's own arrays, not copies: one address per decoded sender
        return new Address(Arrays.copyOf(Hash.of(key.raw()).raw(), LENGTH));
    }

    public static Address wrap(byte[] raw) {
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("an address is 20 bytes, got " + raw.length);
        }
        return new Address(raw.clone());
    }

    /** The address in the {@value #LENGTH} bytes of {@code source} from {@code offset}, copied once (decoders). */
    public static Address copyOf(byte[] source, int offset) {
        return new Address(Arrays.copyOfRange(source, offset, Math.addExact(offset, LENGTH)));
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
        Address address = new Address(raw);
        if (!address.checksumHex().equals(checksum)) {
            throw new IllegalArgumentException("address checksum does not match: a character is mistyped in " + text);
        }
        return address;
    }

    private String checksumHex() {
        return Hex.encode(Arrays.copyOf(Hash.of(CHECKSUM_DOMAIN, bytes).bytes(), 4));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    public String text() {
        return PREFIX + Hex.encode(bytes) + checksumHex();
    }

    @Override
    public int compareTo(Address other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    /**
     * Arrays.equals, an intrinsic under C1 too: byte-array view VarHandles (8 bytes at a time) are not, and under
     * the node's C1-only JVMs their guards and index checks cost ~3x the compare. Accounts are looked up in maps
     * for every transaction.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Address other)) {
            return false;
        }
        return Arrays.equals(bytes, other.bytes);
    }

    /**
     * The first 4 bytes: an address is a SHA-256 prefix, so they are already uniform (Arrays.hashCode over all 20
     * was a hot frame of block execution). A recipient address can be any 20 bytes, so collisions can be crafted,
     * but no more easily than under Arrays.hashCode: hash maps keep colliding {@link Comparable} keys in trees.
     * Big-endian, assembled by hand (a VarHandle read is a call under C1).
     */
    @Override
    public int hashCode() {
        byte[] b = bytes;
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    @Override
    public String toString() {
        return text();
    }
}
