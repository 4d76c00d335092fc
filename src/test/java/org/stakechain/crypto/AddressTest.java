package org.stakechain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressTest {
    /** RFC 8032 TEST 1's public key; the address computed independently (Python hashlib). */
    private static final PublicKey KEY = PublicKey.parse("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final String GOLDEN = "sc21fe31dfa154a261626bf854046fd2271b7bed4b91933564";

    @Test
    void writesTheGoldenTextForAFixedKey() {
        assertThat(Address.of(KEY).text()).isEqualTo(GOLDEN);
        assertThat(KEY.address().toString()).isEqualTo(GOLDEN);
        assertThat(GOLDEN).hasSize(Address.TEXT_LENGTH);
    }

    @Test
    void parsesItsOwnTextInAnyCaseAndWithSurroundingSpaces() {
        assertThat(Address.parse(GOLDEN)).isEqualTo(Address.of(KEY));
        assertThat(Address.parse("  " + GOLDEN.toUpperCase() + "\n")).isEqualTo(Address.of(KEY));
    }

    @Test
    void detectsEverySingleCharacterTypo() {
        for (int i = Address.PREFIX.length(); i < GOLDEN.length(); i++) {
            char original = GOLDEN.charAt(i);
            for (char typo : "0123456789abcdef".toCharArray()) {
                if (typo == original) {
                    continue;
                }
                String mistyped = GOLDEN.substring(0, i) + typo + GOLDEN.substring(i + 1);
                assertThatThrownBy(() -> Address.parse(mistyped)).as(mistyped)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("checksum does not match");
            }
        }
    }

    @Test
    void detectsSwappedNeighbouringCharacters() {
        String swapped = GOLDEN.substring(0, 10) + GOLDEN.charAt(11) + GOLDEN.charAt(10) + GOLDEN.substring(12);
        assertThat(swapped).isNotEqualTo(GOLDEN);
        assertThatThrownBy(() -> Address.parse(swapped)).hasMessageContaining("checksum does not match");
    }

    @Test
    void explainsWhatIsWrongWithTextThatIsNotAnAddress() {
        assertThatThrownBy(() -> Address.parse("0x21fe31dfa154a261626bf854046fd2271b7bed4b91933564"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("an address starts with \"sc\"");
        assertThatThrownBy(() -> Address.parse(GOLDEN.substring(0, 40)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("an address has 50 characters, this one has 40");
        assertThatThrownBy(() -> Address.parse("sc" + "g".repeat(48)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a hex character");
    }

    @Test
    void wrapsTwentyBytesAndNothingElse() {
        byte[] raw = Address.of(KEY).bytes();
        assertThat(Address.wrap(raw)).isEqualTo(Address.of(KEY));
        assertThatThrownBy(() -> Address.wrap(new byte[32])).hasMessage("an address is 20 bytes, got 32");
    }

    @Test
    void ordersAddressesAsUnsignedBytes() {
        Address low = Address.wrap(new byte[20]);
        byte[] highBytes = new byte[20];
        highBytes[0] = (byte) 0x80;
        assertThat(low).isLessThan(Address.wrap(highBytes));
    }

    /** Equality reads 8, 8 and 4 bytes: a difference in any one bit of the 20 must count. */
    @Test
    void differsWhenAnySingleBitDiffersAndHashesByItsFirstFourBytes() {
        byte[] base = new byte[Address.LENGTH];
        for (int i = 0; i < base.length; i++) {
            base[i] = (byte) (31 * i + 5);
        }
        Address a = Address.wrap(base);
        assertThat(a).isEqualTo(Address.wrap(base)).hasSameHashCodeAs(Address.wrap(base)).isNotEqualTo(null)
                .isNotEqualTo(base);
        for (int bit = 0; bit < Address.LENGTH * 8; bit++) {
            byte[] other = base.clone();
            other[bit >>> 3] ^= (byte) (1 << (bit & 7));
            assertThat(Address.wrap(other)).as("bit %d flipped", bit).isNotEqualTo(a);
        }
        int firstFour = (base[0] & 0xff) << 24 | (base[1] & 0xff) << 16 | (base[2] & 0xff) << 8 | (base[3] & 0xff);
        assertThat(a.hashCode()).isEqualTo(firstFour);
    }
}
