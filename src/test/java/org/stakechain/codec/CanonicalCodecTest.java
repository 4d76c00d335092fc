package org.stakechain.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hex;
import org.stakechain.testing.Seeds;

class CanonicalCodecTest {

    @Test
    void integersAreFixedWidthBigEndian() {
        byte[] bytes = new CanonicalWriter().u8(1).u16(0x0203).u32(0x04050607L).u64(0x08090a0b0c0d0e0fL).toByteArray();
        assertThat(Hex.encode(bytes)).isEqualTo("01" + "0203" + "04050607" + "08090a0b0c0d0e0f");
    }

    @Test
    void variableBytesCarryAU32LengthPrefix() {
        assertThat(Hex.encode(new CanonicalWriter().bytes(new byte[] {(byte) 0xaa, (byte) 0xbb}).string("é").toByteArray()))
                .isEqualTo("00000002aabb" + "00000002c3a9");
    }

    @Test
    void roundTripsSeededRandomValues() {
        for (long seed : Seeds.of("codec.seed", 77, 200)) {
            SplittableRandom r = new SplittableRandom(seed);
            int u8 = r.nextInt(256);
            int u16 = r.nextInt(65_536);
            long u32 = r.nextLong(1L << 32);
            long u64 = r.nextLong(Long.MAX_VALUE);
            boolean flag = r.nextBoolean();
            byte[] blob = new byte[r.nextInt(100)];
            r.nextBytes(blob);
            String text = "t" + r.nextInt() + "é€";
            List<Long> list = List.of(r.nextLong(1_000), r.nextLong(1_000));
            byte[] encoded = new CanonicalWriter().u8(u8).u16(u16).u32(u32).u64(u64).bool(flag).bytes(blob).string(text)
                    .list(list, CanonicalWriter::u64).toByteArray();
            CanonicalReader in = new CanonicalReader(encoded);
            assertThat(in.u8("a")).as("seed %d", seed).isEqualTo(u8);
            assertThat(in.u16("b")).isEqualTo(u16);
            assertThat(in.u32("c")).isEqualTo(u32);
            assertThat(in.u64("d")).isEqualTo(u64);
            assertThat(in.bool("e")).isEqualTo(flag);
            assertThat(in.bytes(100, "f")).isEqualTo(blob);
            assertThat(in.string(100, "g")).isEqualTo(text);
            assertThat(in.list(10, "h", x -> x.u64("i"))).isEqualTo(list);
            in.expectEnd();
        }
    }

    @Test
    void rejectsTrailingBytes() {
        assertThatThrownBy(() -> CanonicalReader.decodeAll(new byte[] {1, 2}, r -> r.u8("x")))
                .isInstanceOf(CodecException.class).hasMessageContaining("trailing");
    }

    @Test
    void rejectsLengthsAboveTheLimitBeforeAllocating() {
        byte[] huge = Hex.decode("7fffffff");
        assertThatThrownBy(() -> new CanonicalReader(huge).bytes(1024, "blob"))
                .isInstanceOf(CodecException.class).hasMessageContaining("above the limit");
        assertThatThrownBy(() -> new CanonicalReader(huge).list(10, "items", r -> r.u8("x")))
                .isInstanceOf(CodecException.class).hasMessageContaining("above the limit");
    }

    @Test
    void rejectsTruncatedInput() {
        assertThatThrownBy(() -> new CanonicalReader(new byte[] {0, 0, 0}).u32("n"))
                .isInstanceOf(CodecException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> new CanonicalReader(Hex.decode("00000005aabb")).bytes(10, "blob"))
                .isInstanceOf(CodecException.class).hasMessageContaining("truncated");
    }

    @Test
    void rejectsNonCanonicalBooleansAndNegativeLongs() {
        assertThatThrownBy(() -> new CanonicalReader(new byte[] {2}).bool("flag"))
                .isInstanceOf(CodecException.class).hasMessageContaining("0 or 1");
        assertThatThrownBy(() -> new CanonicalReader(Hex.decode("8000000000000000")).u64("amount"))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void rejectsMalformedUtf8() {
        assertThatThrownBy(() -> new CanonicalReader(Hex.decode("00000001ff")).string(10, "name"))
                .isInstanceOf(CodecException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void writerRefusesValuesOutOfRange() {
        assertThatThrownBy(() -> new CanonicalWriter().u64(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CanonicalWriter().u8(256)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStringEqualToTheLikelyOneIsThatInstanceAndAnyOtherIsDecodedAsUsual() {
        String likely = new String("stakechain-devnet");
        byte[] same = new CanonicalWriter().string("stakechain-devnet").toByteArray();
        assertThat(new CanonicalReader(same).string(64, "id", likely)).isSameAs(likely);
        byte[] other = new CanonicalWriter().string("stakechain-devnex").toByteArray();
        assertThat(new CanonicalReader(other).string(64, "id", likely)).isEqualTo("stakechain-devnex");
        byte[] accented = new CanonicalWriter().string("caf\u00e9").toByteArray();
        assertThat(new CanonicalReader(accented).string(64, "id", "caf\u00e9")).isEqualTo("caf\u00e9");
        assertThat(new CanonicalReader(same).string(64, "id", null)).isEqualTo("stakechain-devnet");
        assertThatThrownBy(() -> new CanonicalReader(same).string(4, "id", likely)).isInstanceOf(CodecException.class);
    }

    @Test
    void anExactlySizedWriterHandsOverItsBufferAndAnEmptyOneGrows() {
        byte[] exact = new CanonicalWriter(8 + 4).u64(7).u32(3).toByteArray();
        assertThat(exact).hasSize(12);
        assertThat(new CanonicalWriter(0).u8(1).u64(2).toByteArray()).hasSize(9);
    }

    @Test
    void aHashIsReadAsACopyOfItsThirtyTwoBytesAndATruncatedOneIsRejected() {
        byte[] data = new byte[70];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        CanonicalReader reader = new CanonicalReader(data, 3, 67);
        org.stakechain.crypto.Hash first = reader.hash("first");
        byte[] expected = java.util.Arrays.copyOfRange(data, 3, 35);
        assertThat(first.bytes()).isEqualTo(expected);
        data[3] = 99; // a copy: the source changing does not change the hash
        assertThat(first.bytes()).isEqualTo(expected);
        assertThat(reader.hash("second").bytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 35, 67));
        assertThatThrownBy(() -> reader.hash("third")).isInstanceOf(CodecException.class).hasMessageContaining("third");
    }

    @Test
    void stringSizeIsTheLengthOfTheEncoding() {
        for (String text : List.of("", "a", "stakechain-test", "é", "€uro", "\uD83D\uDE00", "lone \uD800 surrogate")) {
            assertThat(CanonicalWriter.stringSize(text)).as(text)
                    .isEqualTo(new CanonicalWriter().string(text).toByteArray().length);
        }
    }
}
