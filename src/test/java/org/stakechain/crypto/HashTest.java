package org.stakechain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashTest {

    @Test
    void hashesAbcToTheFips180GoldenValue() {
        assertThat(Hash.of("abc".getBytes(StandardCharsets.US_ASCII)).hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void hashesNothingToTheGoldenEmptyDigest() {
        assertThat(Hash.of(new byte[0]).hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Hash.of()).isEqualTo(Hash.of(new byte[0]));
    }

    @Test
    void hashesPartsAsTheirConcatenation() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(Hash.of(new byte[] {'a'}, new byte[] {'b', 'c'})).isEqualTo(Hash.of(abc));
        assertThat(Hash.of(new byte[] {'x', 'a', 'b', 'c', 'y'}, 1, 3)).isEqualTo(Hash.of(abc));
    }

    @Test
    void comparesByContentAndParsesItsOwnHex() {
        Hash h = Hash.of(new byte[] {1});
        assertThat(Hash.parse(h.hex())).isEqualTo(h).hasSameHashCodeAs(h);
        assertThat(h.shortHex()).isEqualTo(h.hex().substring(0, 8));
        assertThat(Hash.ZERO.isZero()).isTrue();
    }

    @Test
    void cannotBeChangedThroughTheArraysItHandsOut() {
        byte[] digest = new byte[32];
        Hash h = Hash.wrap(digest);
        digest[0] = 1;
        h.bytes()[1] = 1;
        assertThat(h).isEqualTo(Hash.ZERO);
    }

    @Test
    void readsBitsMostSignificantFirst() {
        Hash h = Hash.parse("80" + "00".repeat(30) + "01");
        assertThat(h.bit(0)).isTrue();
        assertThat(h.bit(1)).isFalse();
        assertThat(h.bit(255)).isTrue();
    }

    @Test
    void rejectsADigestOfTheWrongLength() {
        assertThatThrownBy(() -> Hash.wrap(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a hash is 32 bytes, got 31");
    }

    /** The digest is reused per thread: a call that fails half-way must leave no bytes behind for the next. */
    @Test
    void aHashThatFailsHalfWayDoesNotLeakIntoTheNext() {
        byte[] abc = "abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Hash expected = Hash.of(abc);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Hash.of(new byte[] {1, 2, 3}, null))
                .isInstanceOf(NullPointerException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Hash.of(new byte[3], 2, 5))
                .isInstanceOf(RuntimeException.class);
        org.assertj.core.api.Assertions.assertThat(Hash.of(abc)).isEqualTo(expected);
        org.assertj.core.api.Assertions.assertThat(Hash.of(abc, 0, 3)).isEqualTo(expected);
    }

    /** Equality reads 8 bytes at a time: a difference in any one byte, or in any bit of it, must count. */
    @Test
    void differsWhenAnySingleBitDiffersAndHashesByItsFirstFourBytes() {
        byte[] base = Hash.of(new byte[] {7}).bytes();
        Hash h = Hash.wrap(base);
        assertThat(h).isEqualTo(Hash.wrap(base)).hasSameHashCodeAs(Hash.wrap(base)).isNotEqualTo(null)
                .isNotEqualTo(base);
        for (int bit = 0; bit < Hash.LENGTH * 8; bit++) {
            byte[] other = base.clone();
            other[bit >>> 3] ^= (byte) (1 << (bit & 7));
            assertThat(Hash.wrap(other)).as("bit %d flipped", bit).isNotEqualTo(h);
        }
        int firstFour = (base[0] & 0xff) << 24 | (base[1] & 0xff) << 16 | (base[2] & 0xff) << 8 | (base[3] & 0xff);
        assertThat(h.hashCode()).isEqualTo(firstFour);
    }

    @Test
    void aBufferIsHashedInPlaceAndAFinishedDigestIsKeptAsItIs() throws Exception {
        byte[] data = "stakechain frame".getBytes(StandardCharsets.US_ASCII);
        java.nio.ByteBuffer view = java.nio.ByteBuffer.wrap(data, 3, 10);
        assertThat(Hash.of(view)).isEqualTo(Hash.of(data, 3, 10));
        assertThat(view.position()).as("position untouched").isEqualTo(3);
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(data.length).put(data).flip();
        assertThat(Hash.of(direct)).isEqualTo(Hash.of(data));

        java.security.MessageDigest digest = Hash.sha256();
        digest.update(data);
        assertThat(Hash.finish(digest)).isEqualTo(Hash.of(data));
        assertThat(Hash.finish(digest)).as("reset by finishing").isEqualTo(Hash.of(new byte[0]));
        assertThatThrownBy(() -> Hash.finish(java.security.MessageDigest.getInstance("SHA-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
