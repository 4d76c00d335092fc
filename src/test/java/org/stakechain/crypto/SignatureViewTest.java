package org.stakechain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A {@link Signature} is a range of an array: its own ({@link Signature#wrap}, {@link Signature#copyOf}) or a larger
 * encoding's ({@link Signature#viewOf}). These pin every public method of all three kinds to the byte-array
 * reference (what the class was when it always held its own 64-byte array), over seeded values ({@link TestRandom}:
 * the seed is printed, {@code -Dcrypto.seed=N} replays it), and the verifier's answer on a view to its answer on
 * the same bytes wrapped, for honest, altered and rule-breaking signatures.
 */
class SignatureViewTest {
    private static final int ROUNDS = 2_000;

    /** {@code sig} at a random offset of a larger array with random bytes around it. */
    private static byte[] embed(TestRandom random, byte[] sig, int offset) {
        byte[] outer = random.bytes(offset + Signature.LENGTH + random.nextInt(40));
        System.arraycopy(sig, 0, outer, offset, Signature.LENGTH);
        return outer;
    }

    private static byte[] value(TestRandom random) {
        byte[] b = random.bytes(Signature.LENGTH);
        if (random.nextInt(3) == 0) {
            byte[] edges = {0, 0x7f, (byte) 0x80, (byte) 0xff};
            for (int i = 0; i < b.length; i++) {
                if (random.nextInt(3) == 0) {
                    b[i] = edges[random.nextInt(edges.length)];
                }
            }
        }
        return b;
    }

    @Test
    void everyKindAnswersLikeItsBytes() {
        TestRandom random = TestRandom.forTest("SignatureViewTest.everyKindAnswersLikeItsBytes");
        for (int round = 0; round < ROUNDS; round++) {
            byte[] ref = value(random);
            byte[] other = ref.clone();
            if (random.nextInt(2) == 0) {
                int at = random.nextInt(Signature.LENGTH);
                other[at] = (byte) (other[at] + 1 + random.nextInt(255));
            }
            int offset = random.nextInt(200);
            byte[] outer = embed(random, ref, offset);
            byte[] outerCopy = outer.clone();
            Signature[] kinds = {Signature.wrap(ref), Signature.copyOf(outer, offset), Signature.viewOf(outer, offset),
                    Signature.parse(HexFormat.of().formatHex(ref))};
            int otherOffset = random.nextInt(50);
            Signature[] others = {Signature.wrap(other), Signature.viewOf(embed(random, other, otherOffset), otherOffset)};
            for (Signature s : kinds) {
                assertThat(s.bytes()).as("%s", random).isEqualTo(ref);
                assertThat(s.hex()).isEqualTo(HexFormat.of().formatHex(ref));
                assertThat(s.toString()).isEqualTo(s.hex());
                assertThat(s.hashCode()).isEqualTo(Arrays.hashCode(ref));
                for (Signature t : kinds) {
                    assertThat(s).isEqualTo(t);
                }
                for (Signature o : others) {
                    assertThat(s.equals(o)).as("%s", random).isEqualTo(Arrays.equals(ref, other));
                    assertThat(o.equals(s)).isEqualTo(Arrays.equals(ref, other));
                }
                assertThat(s.equals(null)).isFalse();
                assertThat(s.equals(Hash.of(ref))).isFalse();
                byte[] out = s.bytes();
                out[0]++;
                assertThat(s.bytes()).isEqualTo(ref); // bytes() is a copy, never the shared array
            }
            assertThat(outer).isEqualTo(outerCopy); // nothing writes the encoding a view shares
        }
    }

    @Test
    void aViewMustFitItsArray() {
        byte[] b = new byte[70];
        assertThat(Signature.viewOf(b, 6).bytes()).hasSize(64);
        assertThatThrownBy(() -> Signature.viewOf(b, 7)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Signature.viewOf(b, -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Signature.viewOf(new byte[63], 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Signature.wrap(new byte[65])).isInstanceOf(IllegalArgumentException.class);
    }

    /** The strict rule and both engines give a view the answer they give the same bytes in their own array. */
    @Test
    void aViewVerifiesLikeItsBytes() {
        TestRandom random = TestRandom.forTest("SignatureViewTest.aViewVerifiesLikeItsBytes");
        Ed25519Engine[] engines = {Ed25519Engines.jdk().orThrow(), Ed25519Engines.accp().orThrow()};
        for (int round = 0; round < 300; round++) {
            KeyPair keys = random.keyPair();
            byte[] message = random.bytes(random.nextInt(200));
            byte[] sig = Ed25519.sign(keys, message).bytes();
            switch (random.nextInt(5)) {
                case 0 -> sig[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8)); // altered
                case 1 -> sig[63] |= (byte) 0xf0; // S >= L: the rule refuses
                case 2 -> Arrays.fill(sig, 0, 32, (byte) 0); // small-order R
                default -> { } // honest
            }
            int offset = random.nextInt(100);
            Signature wrapped = Signature.wrap(sig);
            Signature view = Signature.viewOf(embed(random, sig, offset), offset);
            assertThat(Ed25519StrictRule.violation(keys.publicKey(), view))
                    .isEqualTo(Ed25519StrictRule.violation(keys.publicKey(), wrapped));
            for (Ed25519Engine engine : engines) {
                boolean expected = Ed25519.verify(engine, keys.publicKey(), message, wrapped);
                assertThat(Ed25519.verify(engine, keys.publicKey(), message, view)).as("%s %s", engine.name(), random)
                        .isEqualTo(expected);
                assertThat(engine.verify(keys.publicKey().bytes(), message, sig)).isEqualTo(
                        engine.verify(keys.publicKey().bytes(), message, view.array(), view.offset(), 64));
            }
        }
    }
}
