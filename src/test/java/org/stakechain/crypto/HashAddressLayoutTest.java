package org.stakechain.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link Hash} and {@link Address} hold their bytes in {@code long} fields; these pin every public method's result,
 * exceptions included, to a straightforward byte-array reference (what the classes were when they wrapped a
 * {@code byte[]}), over seeded random values ({@link TestRandom}: the seed is printed, {@code -Dcrypto.seed=N}
 * replays it). The values are biased to 0x00, 0x7f, 0x80 and 0xff bytes and to pairs that differ late, so every
 * word boundary and the sign bit of every word are crossed.
 */
class HashAddressLayoutTest {
    private static final int ROUNDS = 3_000;
    private static final HexFormat HEX = HexFormat.of();

    /** A value's bytes: random, with runs of the edge bytes. */
    private static byte[] value(TestRandom random, int length) {
        byte[] b = random.bytes(length);
        int mode = random.nextInt(6);
        byte[] edges = {0, 0x7f, (byte) 0x80, (byte) 0xff};
        for (int i = 0; i < length; i++) {
            if (mode == 0 || mode > 1 && random.nextInt(4) == 0) {
                b[i] = edges[random.nextInt(edges.length)];
            } else if (mode == 1) {
                b[i] = 0;
            }
        }
        return b;
    }

    /** A second value: equal, or differing from {@code base} at one random position onwards, or unrelated. */
    private static byte[] partner(TestRandom random, byte[] base) {
        byte[] other = base.clone();
        switch (random.nextInt(4)) {
            case 0:
                return other;
            case 1:
                int at = random.nextInt(base.length);
                other[at] = (byte) (other[at] + 1 + random.nextInt(255));
                return other;
            case 2:
                int from = random.nextInt(base.length);
                byte[] tail = value(random, base.length - from);
                System.arraycopy(tail, 0, other, from, tail.length);
                return other;
            default:
                return value(random, base.length);
        }
    }

    /**
     * A method's result or the class and message of what it threw. A reference's exception thrown often enough
     * comes without its message (C2's preallocated fast-path exceptions): then only the class is kept.
     */
    private static Object outcome(Supplier<Object> call) {
        try {
            Object result = call.get();
            return result instanceof byte[] bytes ? HEX.formatHex(bytes) : result;
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getName() : e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** {@code got} is {@code want}, but for a message {@code want} lost (see {@link #outcome}). */
    private static boolean same(Object got, Object want) {
        return got.equals(want) || want instanceof String w && w.startsWith("java.") && !w.contains(":")
                && got instanceof String g && g.startsWith(w + ": ");
    }

    private static int firstFour(byte[] b) {
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    private static byte[] sha256(byte[]... parts) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256", "SUN");
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /** Every read of a value against the array's; {@code name} says which, for the message. */
    private static void assertReadsAsArray(String name, Hash h, byte[] b, TestRandom random) {
        assertThat(h.bytes()).as(name).isEqualTo(b);
        assertThat(h.bytes()).as("a fresh array each time").isNotSameAs(h.bytes());
        assertThat(h.hashCode()).as(name).isEqualTo(firstFour(b));
        assertThat(h.hex()).as(name).isEqualTo(HEX.formatHex(b));
        assertThat(h.toString()).as(name).isEqualTo(HEX.formatHex(b));
        assertThat(h.shortHex()).as(name).isEqualTo(HEX.formatHex(b).substring(0, 8));
        assertThat(h.isZero()).as(name).isEqualTo(Arrays.equals(b, new byte[Hash.LENGTH]));
        assertThat(h.equals(Hash.ZERO)).as(name).isEqualTo(Arrays.equals(b, new byte[Hash.LENGTH]));
        for (int i = -2; i <= Hash.LENGTH * 8 + 9; i++) {
            int bit = i;
            assertSame("%s bit %d".formatted(name, i), outcome(() -> h.bit(bit)),
                    outcome(() -> ((b[bit >>> 3] >>> (7 - (bit & 7))) & 1) != 0));
        }
        assertSame(name, outcome(() -> h.bit(Integer.MIN_VALUE)), outcome(() -> b[Integer.MIN_VALUE >>> 3]));
        for (int i = -2; i <= Hash.LENGTH + 1; i++) {
            int at = i;
            assertSame("%s byteAt %d".formatted(name, i), outcome(() -> h.byteAt(at)), outcome(() -> b[at]));
        }
        assertCopiesAsArray(name, h::copyTo, b, random);
    }

    /** {@code copyTo} writes exactly the value's bytes, or fails as {@code System.arraycopy} did, writing nothing. */
    private static void assertCopiesAsArray(String name, CopyTo copy, byte[] b, TestRandom random) {
        int[] sizes = {b.length - 1, b.length, b.length + 1, b.length + 13};
        for (int size : sizes) {
            for (int offset = -2; offset <= size + 1; offset++) {
                byte[] expected = random.bytes(size);
                byte[] actual = expected.clone();
                int at = offset;
                Object want = outcome(() -> {
                    System.arraycopy(b, 0, expected, at, b.length);
                    return expected;
                });
                Object got = outcome(() -> {
                    copy.copyTo(actual, at);
                    return actual;
                });
                assertSame("%s copyTo(byte[%d], %d)".formatted(name, size, offset), got, want);
                assertThat(actual).as("%s copyTo(byte[%d], %d): nothing else written", name, size, offset)
                        .isEqualTo(expected);
            }
        }
        assertSame(name, outcome(() -> {
            copy.copyTo(new byte[40], Integer.MAX_VALUE - 3);
            return "";
        }), outcome(() -> {
            System.arraycopy(b, 0, new byte[40], Integer.MAX_VALUE - 3, b.length);
            return "";
        }));
    }

    private static void assertSame(String what, Object got, Object want) {
        assertThat(same(got, want)).as("%s: got %s, want %s", what, got, want).isTrue();
    }

    private interface CopyTo {
        void copyTo(byte[] target, int offset);
    }

    @Test
    void everyHashMethodGivesWhatTheByteArrayGave() throws Exception {
        TestRandom random = TestRandom.forTest("HashAddressLayoutTest.hash");
        assertReadsAsArray("ZERO", Hash.ZERO, new byte[Hash.LENGTH], random);
        MessageDigest fallback = Hash.sha256();
        byte[] scratch = new byte[Hash.LENGTH];
        for (int round = 0; round < ROUNDS; round++) {
            String name = "round " + round + ", " + random;
            byte[] b = value(random, Hash.LENGTH);
            Hash h = Hash.wrap(b);
            b = b.clone();
            if (round % 10 == 0) {
                assertReadsAsArray(name, h, b, random);
            } else {
                assertThat(h.bytes()).as(name).isEqualTo(b);
                assertThat(h.hashCode()).as(name).isEqualTo(firstFour(b));
                assertThat(h.isZero()).as(name).isEqualTo(Arrays.equals(b, new byte[Hash.LENGTH]));
                int bit = random.nextInt(Hash.LENGTH * 8);
                assertThat(h.bit(bit)).as(name).isEqualTo(((b[bit >>> 3] >>> (7 - (bit & 7))) & 1) != 0);
                int at = random.nextInt(Hash.LENGTH);
                assertThat(h.byteAt(at)).as(name).isEqualTo(b[at]);
            }

            byte[] o = partner(random, b);
            Hash other = Hash.wrap(o);
            assertThat(h.equals(other)).as(name).isEqualTo(Arrays.equals(b, o));
            assertThat(h.compareTo(other)).as(name).isEqualTo(Arrays.compareUnsigned(b, o));
            assertThat(other.compareTo(h)).as(name).isEqualTo(Arrays.compareUnsigned(o, b));
            assertThat(h.compareTo(h)).isZero();

            // every factory gives the same value from the same bytes
            assertThat(Hash.parse(HEX.formatHex(b))).as(name).isEqualTo(h);
            int pad = random.nextInt(5);
            byte[] source = new byte[pad + Hash.LENGTH + random.nextInt(5)];
            System.arraycopy(b, 0, source, pad, Hash.LENGTH);
            assertThat(Hash.copyOf(source, pad).bytes()).as(name).isEqualTo(b);
            for (int offset : new int[] {-1, source.length - Hash.LENGTH + 1, source.length, source.length + 1,
                    Integer.MAX_VALUE - 5, Integer.MIN_VALUE}) {
                assertSame("%s copyOf at %d".formatted(name, offset), outcome(() -> Hash.copyOf(source, offset).bytes()),
                        outcome(() -> Arrays.copyOfRange(source, offset, Math.addExact(offset, Hash.LENGTH))));
            }

            byte[] data = random.bytes(random.nextInt(200));
            int from = random.nextInt(data.length + 1);
            int length = random.nextInt(data.length - from + 1);
            byte[] range = Arrays.copyOfRange(data, from, from + length);
            byte[] digest = sha256(range);
            assertThat(Hash.ofRange(data, from, length, fallback).bytes()).as(name).isEqualTo(digest);
            assertThat(Hash.ofRange(data, from, length, fallback, scratch).bytes()).as(name).isEqualTo(digest);
            assertThat(Hash.of(data, from, length).bytes()).as(name).isEqualTo(digest);
            assertThat(Hash.of(ByteBuffer.wrap(data, from, length)).bytes()).as(name).isEqualTo(digest);
            assertThat(Hash.of(Arrays.copyOfRange(data, 0, from), Arrays.copyOfRange(data, from, data.length)).bytes())
                    .as(name).isEqualTo(sha256(data));
            MessageDigest own = Hash.sha256();
            own.update(range);
            assertThat(Hash.finish(own).bytes()).as(name).isEqualTo(digest);
        }
    }

    @Test
    void everyAddressMethodGivesWhatTheByteArrayGave() throws Exception {
        TestRandom random = TestRandom.forTest("HashAddressLayoutTest.address");
        byte[] domain = "stakechain/address".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int round = 0; round < ROUNDS; round++) {
            String name = "round " + round + ", " + random;
            byte[] b = value(random, Address.LENGTH);
            Address a = Address.wrap(b);
            b = b.clone();
            assertThat(a.bytes()).as(name).isEqualTo(b);
            assertThat(a.hashCode()).as(name).isEqualTo(firstFour(b));
            String text = "sc" + HEX.formatHex(b) + HEX.formatHex(Arrays.copyOf(sha256(domain, b), 4));
            assertThat(a.text()).as(name).isEqualTo(text);
            assertThat(a.toString()).as(name).isEqualTo(text);
            assertThat(Address.parse(text)).as(name).isEqualTo(a);
            assertThat(Address.parse(text).bytes()).as(name).isEqualTo(b);
            if (round % 10 == 0) {
                assertCopiesAsArray(name, a::copyTo, b, random);
            }

            byte[] o = partner(random, b);
            Address other = Address.wrap(o);
            assertThat(a.equals(other)).as(name).isEqualTo(Arrays.equals(b, o));
            assertThat(a.compareTo(other)).as(name).isEqualTo(Arrays.compareUnsigned(b, o));
            assertThat(other.compareTo(a)).as(name).isEqualTo(Arrays.compareUnsigned(o, b));

            int pad = random.nextInt(5);
            byte[] source = new byte[pad + Address.LENGTH + random.nextInt(5)];
            System.arraycopy(b, 0, source, pad, Address.LENGTH);
            assertThat(Address.copyOf(source, pad)).as(name).isEqualTo(a);
            for (int offset : new int[] {-1, source.length - Address.LENGTH + 1, source.length, source.length + 1,
                    Integer.MAX_VALUE - 5, Integer.MIN_VALUE}) {
                assertSame("%s copyOf at %d".formatted(name, offset), outcome(() -> Address.copyOf(source, offset).bytes()),
                        outcome(() -> Arrays.copyOfRange(source, offset, Math.addExact(offset, Address.LENGTH))));
            }

            byte[] key = random.bytes(PublicKey.LENGTH);
            assertThat(Address.of(PublicKey.wrap(key)).bytes()).as(name).isEqualTo(Arrays.copyOf(sha256(key), 20));
        }
    }

    /** Hash and address keys of hash maps iterate in the order they did: the hash codes are the same ints. */
    @Test
    void hashMapsIterateAsTheyDid() {
        TestRandom random = TestRandom.forTest("HashAddressLayoutTest.maps");
        java.util.HashMap<Hash, Integer> hashes = new java.util.HashMap<>();
        java.util.HashMap<Address, Integer> addresses = new java.util.HashMap<>();
        java.util.HashMap<Integer, Integer> hashesByCode = new java.util.HashMap<>();
        java.util.HashMap<Integer, Integer> addressesByCode = new java.util.HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            byte[] h = random.bytes(Hash.LENGTH);
            byte[] a = random.bytes(Address.LENGTH);
            hashes.put(Hash.wrap(h), i);
            addresses.put(Address.wrap(a), i);
            hashesByCode.put(firstFour(h), i);
            addressesByCode.put(firstFour(a), i);
        }
        assertThat(hashes.values()).containsExactlyElementsOf(hashesByCode.values());
        assertThat(addresses.values()).containsExactlyElementsOf(addressesByCode.values());
    }
}
