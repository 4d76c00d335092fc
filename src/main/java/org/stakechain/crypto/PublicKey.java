package org.stakechain.crypto;

import java.util.Arrays;
import java.util.Objects;

/** An Ed25519 public key: its 32-byte encoding (RFC 8032 §5.1.2). Whether it is a valid point is the verifier's question. */
public final class PublicKey implements Comparable<PublicKey> {
    public static final int LENGTH = 32;

    private final byte[] bytes;
    /** Derived on first use (a SHA-256): the mempool and the ledger ask for a sender's address many times. */
    private Address address;

    /** Keys are map keys in the mempool and the validator sets: hashed once, not over 32 bytes per lookup. */
    private final int hash;

    private PublicKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    public static PublicKey wrap(byte[] encoded) {
        if (encoded.length != LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got " + encoded.length);
        }
        return new PublicKey(encoded.clone());
    }

    /** The key in the {@value #LENGTH} bytes of {@code source} from {@code offset}, copied once (decoders). */
    public static PublicKey copyOf(byte[] source, int offset) {
        return new PublicKey(Arrays.copyOfRange(source, offset, Math.addExact(offset, LENGTH)));
    }

    /**
     * The key in the {@value #LENGTH} bytes of {@code source} from {@code offset}, for decoders: a key decoded
     * recently is returned again instead of a copy. Accounts send many transactions and validators sign every
     * height, so most decoded keys were seen moments before; sharing the object saves the copy and, more, the
     * SHA-256 of its {@link #address()}, which it keeps. Keys are immutable values (equality by content), so which
     * equal object a decoder gets changes nothing.
     *
     * <p>The table is bounded (2 × {@value #RECENT_SETS} keys, ~1 MB with their addresses), two-way
     * set-associative on the key's first bytes, a hit only when all 32 bytes are equal; a miss replaces the less
     * recently used slot of its set. The slots are a plain array read and written racily: a key's fields are final
     * (its lazily derived address is a benign race, see {@link #address()}), so a thread that sees a key sees it
     * whole, without the VarHandle checks an {@code AtomicReferenceArray} costs under C1.
     */
    public static PublicKey read(byte[] source, int offset) {
        int end = Math.addExact(offset, LENGTH);
        Objects.checkFromToIndex(offset, end, source.length);
        int set = setOf(source, offset);
        int first = 2 * set;
        PublicKey k = RECENT[first];
        if (k != null && Arrays.equals(k.bytes, 0, LENGTH, source, offset, end)) {
            touch(set, 0);
            return k;
        }
        k = RECENT[first + 1];
        if (k != null && Arrays.equals(k.bytes, 0, LENGTH, source, offset, end)) {
            touch(set, 1);
            return k;
        }
        k = new PublicKey(Arrays.copyOfRange(source, offset, end));
        int way = RECENT_WAY[set] == 0 ? 1 : 0;
        RECENT[first + way] = k;
        RECENT_WAY[set] = (byte) way;
        return k;
    }

    static final int RECENT_SETS = 4_096;
    private static final PublicKey[] RECENT = new PublicKey[2 * RECENT_SETS];
    /** Per set, the way used last. */
    private static final byte[] RECENT_WAY = new byte[RECENT_SETS];

    private static void touch(int set, int way) {
        if (RECENT_WAY[set] != way) {
            RECENT_WAY[set] = (byte) way;
        }
    }

    /** Bytes 0-3 (a curve point's encoding: close to uniform), mixed so that any of their bits choose the set. */
    private static int setOf(byte[] source, int offset) {
        int h = (source[offset] & 0xff) | (source[offset + 1] & 0xff) << 8 | (source[offset + 2] & 0xff) << 16
                | source[offset + 3] << 24;
        h *= 0x9E3779B9;
        return (h ^ h >>> 16) & (RECENT_SETS - 1);
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
        Address a = address;
        if (a == null) {
            // a benign race: Address is immutable (final fields), so two threads at worst derive it twice
            a = Address.of(this);
            address = a;
        }
        return a;
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
        return hash;
    }

    @Override
    public String toString() {
        return hex();
    }
}
