package org.stakechain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stakechain.crypto.Ed25519StrictRule.Violation.NON_CANONICAL_PUBLIC_KEY;
import static org.stakechain.crypto.Ed25519StrictRule.Violation.NON_CANONICAL_R;
import static org.stakechain.crypto.Ed25519StrictRule.Violation.NON_CANONICAL_S;
import static org.stakechain.crypto.Ed25519StrictRule.Violation.SMALL_ORDER_PUBLIC_KEY;
import static org.stakechain.crypto.Ed25519StrictRule.Violation.SMALL_ORDER_R;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The encoding checks, one rule at a time, on hand-made encodings (BigInteger is fine here, not in the rule). */
class Ed25519StrictRuleTest {
    private static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    /** libsodium 1.0.18's small-order list, sign bit clear. */
    private static final List<String> SMALL_ORDER = List.of(
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0100000000000000000000000000000000000000000000000000000000000000",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");

    private static final KeyPair KEYS = KeyPair.deterministic("strict-rule");
    private static final byte[] MESSAGE = "a transfer".getBytes(StandardCharsets.UTF_8);
    private static final Signature HONEST = KEYS.sign(MESSAGE);

    static Stream<Named<byte[]>> smallOrderEncodingsWithEitherSignBit() {
        return SMALL_ORDER.stream().flatMap(hex -> {
            byte[] positive = Hex.decode(hex);
            byte[] negative = positive.clone();
            negative[31] |= (byte) 0x80;
            return Stream.of(Named.of(hex, positive), Named.of(Hex.encode(negative), negative));
        });
    }

    @Test
    void acceptsTheEncodingsOfAnHonestSignature() {
        assertThat(Ed25519StrictRule.violation(KEYS.publicKey(), HONEST)).isNull();
        assertThat(Ed25519StrictRule.acceptsPublicKey(KEYS.publicKey())).isTrue();
    }

    @Test
    void rejectsSignatureWithNonCanonicalS() {
        BigInteger s = littleEndian(HONEST.bytes(), 32);
        Signature malleated = withS(HONEST, s.add(L));

        assertThat(Ed25519StrictRule.violation(KEYS.publicKey(), malleated)).isEqualTo(NON_CANONICAL_S);
        for (Ed25519Engine engine : TestEngines.all()) {
            assertThat(Ed25519.verify(engine, KEYS.publicKey(), MESSAGE, malleated)).as(engine.name()).isFalse();
        }
    }

    @Test
    void drawsTheLineForSExactlyAtTheGroupOrder() {
        assertThat(Ed25519StrictRule.violation(KEYS.publicKey(), withS(HONEST, L.subtract(BigInteger.ONE)))).isNull();
        assertThat(Ed25519StrictRule.violation(KEYS.publicKey(), withS(HONEST, L))).isEqualTo(NON_CANONICAL_S);
        assertThat(Ed25519StrictRule.violation(KEYS.publicKey(), withS(HONEST, L.add(BigInteger.ONE)))).isEqualTo(NON_CANONICAL_S);
        assertThat(Ed25519StrictRule.violation(KEYS.publicKey(), withS(HONEST, BigInteger.TWO.pow(256).subtract(BigInteger.ONE))))
                .isEqualTo(NON_CANONICAL_S);
        // every word boundary of L: one below in a lower word with the upper words equal is still below L
        BigInteger highWordsOfL = L.shiftRight(128).shiftLeft(128);
        assertThat(Ed25519StrictRule.violation(KEYS.publicKey(), withS(HONEST, highWordsOfL.add(BigInteger.TWO.pow(128).subtract(BigInteger.ONE)))))
                .isEqualTo(NON_CANONICAL_S);
        assertThat(Ed25519StrictRule.violation(KEYS.publicKey(), withS(HONEST, highWordsOfL))).isNull();
    }

    @ParameterizedTest
    @MethodSource("smallOrderEncodingsWithEitherSignBit")
    void rejectsPublicKeyOfSmallOrder(byte[] encoding) {
        PublicKey key = PublicKey.wrap(encoding);
        assertThat(Ed25519StrictRule.acceptsPublicKey(key)).isFalse();
        Ed25519StrictRule.Violation expected = isCanonical(encoding) ? SMALL_ORDER_PUBLIC_KEY : NON_CANONICAL_PUBLIC_KEY;
        assertThat(Ed25519StrictRule.violation(key, HONEST)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("smallOrderEncodingsWithEitherSignBit")
    void rejectsSignatureWhoseRHasSmallOrder(byte[] encoding) {
        byte[] sig = HONEST.bytes();
        System.arraycopy(encoding, 0, sig, 0, 32);
        assertThat(Ed25519StrictRule.violation(KEYS.publicKey(), Signature.wrap(sig))).isEqualTo(SMALL_ORDER_R);
    }

    @Test
    void rejectsEveryNonCanonicalPublicKeyEncoding() {
        // y in [p, 2^255 - 1]: 19 values, each with either sign bit
        for (int k = 0; k < 19; k++) {
            for (boolean sign : new boolean[] {false, true}) {
                byte[] encoding = encode(P.add(BigInteger.valueOf(k)), sign);
                assertThat(Ed25519StrictRule.violation(PublicKey.wrap(encoding), HONEST))
                        .as("y = p + %d, sign %s", k, sign).isEqualTo(NON_CANONICAL_PUBLIC_KEY);
                assertThat(Ed25519StrictRule.acceptsPublicKey(PublicKey.wrap(encoding))).isFalse();
            }
        }
        assertThat(Ed25519StrictRule.acceptsPublicKey(PublicKey.wrap(encode(P.subtract(BigInteger.TWO), false))))
                .as("p - 2 is canonical and not of small order").isTrue();
    }

    @Test
    void rejectsSignatureWithNonCanonicalR() {
        for (int k = 2; k < 19; k++) {
            byte[] sig = HONEST.bytes();
            System.arraycopy(encode(P.add(BigInteger.valueOf(k)), k % 2 == 0), 0, sig, 0, 32);
            assertThat(Ed25519StrictRule.violation(KEYS.publicKey(), Signature.wrap(sig))).as("y = p + %d", k).isEqualTo(NON_CANONICAL_R);
        }
    }

    @Test
    void reportsTheFirstBrokenRuleInLibsodiumsOrder() {
        byte[] nonCanonicalR = encode(P.add(BigInteger.TEN), false);
        byte[] honestS = Arrays.copyOfRange(HONEST.bytes(), 32, 64);
        PublicKey smallOrderKey = PublicKey.parse(SMALL_ORDER.get(3));

        assertThat(Ed25519StrictRule.violation(smallOrderKey, signature(nonCanonicalR, encode(L, false)))).isEqualTo(NON_CANONICAL_S);
        assertThat(Ed25519StrictRule.violation(smallOrderKey, signature(nonCanonicalR, honestS))).isEqualTo(SMALL_ORDER_PUBLIC_KEY);
        assertThat(Ed25519StrictRule.violation(KEYS.publicKey(), signature(nonCanonicalR, honestS))).isEqualTo(NON_CANONICAL_R);
    }

    @Test
    void explainsEachViolationInWords() {
        for (Ed25519StrictRule.Violation v : Ed25519StrictRule.Violation.values()) {
            assertThat(v.reason()).isNotBlank().doesNotContain("_");
        }
    }

    private static boolean isCanonical(byte[] encoding) {
        return littleEndian(encoding, 0).clearBit(255).compareTo(P) < 0;
    }

    private static Signature withS(Signature signature, BigInteger s) {
        return signature(Arrays.copyOf(signature.bytes(), 32), encode(s, false));
    }

    private static Signature signature(byte[] r, byte[] s) {
        byte[] sig = Arrays.copyOf(r, 64);
        System.arraycopy(s, 0, sig, 32, 32);
        return Signature.wrap(sig);
    }

    private static BigInteger littleEndian(byte[] b, int offset) {
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = b[offset + 31 - i];
        }
        return new BigInteger(1, be);
    }

    /** 32 little-endian bytes of {@code value} (which must fit), with the top bit set when {@code sign}. */
    private static byte[] encode(BigInteger value, boolean sign) {
        byte[] le = new byte[32];
        byte[] be = value.toByteArray(); // big-endian, perhaps with a leading zero byte
        for (int i = 0; i < 32 && i < be.length; i++) {
            le[i] = be[be.length - 1 - i];
        }
        if (sign) {
            le[31] |= (byte) 0x80;
        }
        return le;
    }
}
