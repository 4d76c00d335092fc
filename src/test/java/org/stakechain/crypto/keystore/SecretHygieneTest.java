package org.stakechain.crypto.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.KeyFormats;
import org.stakechain.crypto.KeyPair;

/** Where a secret could leak into a log line, an error message or a file: it does not. */
class SecretHygieneTest {
    private final KeyPair keys = KeyPair.deterministic("secret-hygiene");
    private final String seedHex = KeyFormats.seedHex(keys);

    @Test
    void aKeyPairPrintsWithoutItsSeed() {
        assertThat(keys.toString()).doesNotContain(seedHex).doesNotContain(seedHex.toUpperCase());
    }

    @Test
    void aKeystoreHoldsTheSeedOnlyEncrypted() {
        String json = Keystore.encrypt(keys, "correct horse".toCharArray(), Keystore.TEST_ITERATIONS,
                new SecureRandom());
        assertThat(json).doesNotContain(seedHex).doesNotContain("correct horse");
    }

    @Test
    void aWrongPasswordIsNotEchoedInTheError() {
        String json = Keystore.encrypt(keys, "correct horse".toCharArray(), Keystore.TEST_ITERATIONS,
                new SecureRandom());
        assertThatThrownBy(() -> Keystore.decrypt(json, "battery staple".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("battery staple")
                        .doesNotContain("correct horse").doesNotContain(seedHex));
    }
}
