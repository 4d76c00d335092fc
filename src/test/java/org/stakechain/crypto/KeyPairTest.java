package org.stakechain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class KeyPairTest {

    @Test
    void neverShowsTheSeedInToString() {
        TestRandom random = TestRandom.forTest("neverShowsTheSeedInToString");
        for (int i = 0; i < 20; i++) {
            KeyPair keys = random.keyPair();
            String seedHex = keys.seedHex();
            String text = keys.toString();
            assertThat(text).as("%s", random)
                    .doesNotContain(seedHex)
                    .doesNotContain(seedHex.toUpperCase(Locale.ROOT))
                    .doesNotContain(Base64.getEncoder().encodeToString(keys.seed()).substring(0, 40))
                    .doesNotContain(seedHex.substring(0, 16))
                    .contains(keys.publicKey().hex());
        }
    }

    @Test
    void derivesTheDemoKeysTheSameWayEverywhere() {
        // seed = SHA-256("stakechain/insecure-test-key/alice"); public key from OpenSSL 3.0
        KeyPair alice = KeyPair.deterministic("alice");
        assertThat(alice.seedHex()).isEqualTo("3d85bca0808d59a1f0555906c6414a7aaa1614fbadbec52c5384702bbde06a9d");
        assertThat(alice.publicKey().hex()).isEqualTo("bc65cae000a73342c485b3d44a4d69cc51f3b1bc2010c4ada042fd94cd7c61c3");
        assertThat(alice.address()).isEqualTo(alice.publicKey().address());
    }

    @Test
    void signsWhatItsPublicKeyVerifies() {
        KeyPair keys = KeyPair.deterministic("signer");
        byte[] message = {4, 5, 6};
        assertThat(Ed25519.verify(keys.publicKey(), message, keys.sign(message))).isTrue();
        assertThat(keys.sign(message)).as("deterministic").isEqualTo(keys.sign(message));
    }

    @Test
    void keepsItsSeedToItself() {
        byte[] seed = new byte[32];
        KeyPair keys = KeyPair.fromSeed(seed);
        seed[0] = 1;
        keys.seed()[1] = 1;
        assertThat(keys.seed()).isEqualTo(new byte[32]);
        assertThat(keys).isEqualTo(KeyPair.fromSeed(new byte[32])).hasSameHashCodeAs(KeyPair.fromSeed(new byte[32]));
    }

    @Test
    void rejectsASeedOfTheWrongLength() {
        assertThatThrownBy(() -> KeyPair.fromSeed(new byte[64]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("an Ed25519 seed is 32 bytes, got 64");
    }
}
