package org.stakechain.crypto.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hex;
import org.stakechain.crypto.KeyPair;

class KeystoreTest {
    private static final KeyPair KEYS = KeyPair.deterministic("keystore-test");

    private static String encrypted(String password) {
        return Keystore.encrypt(KEYS, password.toCharArray(), Keystore.TEST_ITERATIONS, new SecureRandom());
    }

    @Test
    void decryptsWithTheRightPassword() {
        assertThat(Keystore.decrypt(encrypted("correct horse"), "correct horse".toCharArray())).isEqualTo(KEYS);
    }

    @Test
    void wrongPasswordIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> Keystore.decrypt(encrypted("correct horse"), "battery staple".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrong password");
    }

    @Test
    void theFileNeverContainsTheSeed() {
        String json = encrypted("pw");
        assertThat(json).doesNotContain(Hex.encode(KEYS.seed())).contains(KEYS.address().text());
        assertThat(Keystore.addressOf(json)).isEqualTo(KEYS.address().text());
    }

    @Test
    void swappedPublicKeyIsDetected() {
        String json = encrypted("pw").replace(KEYS.publicKey().hex(), KeyPair.deterministic("other").publicKey().hex());
        assertThatThrownBy(() -> Keystore.decrypt(json, "pw".toCharArray())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void garbageIsRefused() {
        assertThatThrownBy(() -> Keystore.decrypt("{not json", "pw".toCharArray())).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> Keystore.decrypt("{\"version\":7}", "pw".toCharArray())).hasMessageContaining("not a stakechain keystore");
    }
}
