package org.stakechain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The two engines behind {@link Ed25519}: how one is chosen, and that both always give the same answer. */
class Ed25519EngineTest {

    static Stream<Named<Ed25519Engine>> engines() {
        return TestEngines.named().stream();
    }

    @Test
    void usesTheFastPathOnLinuxX86_64() {
        if (TestEngines.accpExpected()) {
            assertThat(Ed25519Engines.accp().failure()).isNull();
            assertThat(Ed25519Engines.select("auto").name()).isEqualTo("accp");
        }
    }

    @Test
    void choosesTheEngineTheSettingNames() {
        assertThat(Ed25519Engines.select("jdk").name()).isEqualTo("jdk");
        assertThat(Ed25519Engines.select(" JDK ").name()).isEqualTo("jdk");
        if (Ed25519Engines.accp().engine() != null) {
            assertThat(Ed25519Engines.select("accp").name()).isEqualTo("accp");
            assertThat(Ed25519Engines.select(null).name()).isEqualTo("accp");
            assertThat(Ed25519Engines.select("").name()).isEqualTo("accp");
        } else {
            assertThat(Ed25519Engines.select("auto").name()).isEqualTo("jdk");
            assertThatThrownBy(() -> Ed25519Engines.select("accp")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("accp engine");
        }
    }

    @Test
    void rejectsAnUnknownEngineSettingWithAReadableMessage() {
        assertThatThrownBy(() -> Ed25519Engines.select("bouncycastle"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stakechain.crypto.engine must be auto, accp or jdk, not 'bouncycastle'");
    }

    @Test
    void reportsTheEngineThisJvmUses() {
        String setting = System.getProperty(Ed25519.ENGINE_PROPERTY, "auto");
        assertThat(Ed25519.engineName()).isEqualTo(Ed25519Engines.select(setting).name());
        assertThat(Ed25519.engineDescription()).startsWith(Ed25519.engineName() + " (");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void passesItsKnownAnswerTest(Ed25519Engine engine) {
        assertThat(Ed25519Engines.knownAnswerFault(engine)).isNull();
    }

    @Test
    void bothEnginesSignIdenticallyAndAcceptEachOthersSignatures() {
        TestRandom random = TestRandom.forTest("bothEnginesSignIdenticallyAndAcceptEachOthersSignatures");
        List<Ed25519Engine> engines = TestEngines.all();
        for (int i = 0; i < 20; i++) {
            KeyPair keys = random.keyPair();
            byte[] message = random.bytes(random.nextInt(300));
            Signature first = Ed25519.sign(engines.get(0), keys, message);
            for (Ed25519Engine engine : engines) {
                assertThat(Ed25519.sign(engine, keys, message)).as("%s, %s", engine.name(), random).isEqualTo(first);
                assertThat(Ed25519.verify(engine, keys.publicKey(), message, first)).as("%s, %s", engine.name(), random).isTrue();
            }
        }
    }

    /** Honest signatures and every kind of damage to them: the engines must never disagree. */
    @Test
    void bothEnginesGiveTheSameAnswerOnDamagedSignatures() {
        TestRandom random = TestRandom.forTest("bothEnginesGiveTheSameAnswerOnDamagedSignatures");
        List<Ed25519Engine> engines = TestEngines.all();
        for (int i = 0; i < 60; i++) {
            KeyPair keys = random.keyPair();
            KeyPair other = random.keyPair();
            byte[] message = random.bytes(1 + random.nextInt(200));
            byte[] sig = Ed25519.sign(engines.get(0), keys, message).bytes();
            byte[] key = keys.publicKey().bytes();
            switch (i % 6) {
                case 0 -> { } // untouched: must verify
                case 1 -> sig[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
                case 2 -> key[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
                case 3 -> message[random.nextInt(message.length)] ^= 1;
                case 4 -> key = other.publicKey().bytes();
                default -> sig[31] ^= (byte) 0x80; // R with the other sign of x
            }
            Boolean first = null;
            for (Ed25519Engine engine : engines) {
                boolean verified = Ed25519.verify(engine, PublicKey.wrap(key), message, Signature.wrap(sig));
                if (first == null) {
                    first = verified;
                    assertThat(verified).as("case %d, %s", i % 6, random).isEqualTo(i % 6 == 0);
                }
                assertThat(verified).as("%s disagrees on case %d, %s", engine.name(), i % 6, random).isEqualTo(first);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void verifyNeverThrowsOnGarbageAndRefusesIt(Ed25519Engine engine) {
        TestRandom random = TestRandom.forTest("verifyNeverThrowsOnGarbageAndRefusesIt[" + engine.name() + "]");
        KeyPair honest = random.keyPair();
        for (int i = 0; i < 150; i++) {
            byte[] key = random.bytes(32);
            byte[] sig = random.bytes(64);
            byte[] message = random.bytes(random.nextInt(100));
            switch (i % 3) {
                case 0 -> { } // raw noise: mostly S >= L
                case 1 -> sig[63] &= 0x0f; // S < L, so the garbage reaches the library
                default -> {
                    key = honest.publicKey().bytes(); // a real key, noise for R and S
                    sig[63] &= 0x0f;
                }
            }
            PublicKey publicKey = PublicKey.wrap(key);
            Signature signature = Signature.wrap(sig);
            assertThat(Ed25519.verify(engine, publicKey, message, signature)).as("%s", random).isFalse();
            // the library alone must not throw either
            assertThat(engine.verify(key, message, sig)).as("%s", random).isFalse();
        }
        assertThat(Ed25519.verify(engine, honest.publicKey(), new byte[0], Ed25519.sign(engine, honest, new byte[0])))
                .as("still verifies after all that garbage").isTrue();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void keepsKeysApartWhenTheyAlternate(Ed25519Engine engine) {
        KeyPair alice = KeyPair.deterministic("alice");
        KeyPair bob = KeyPair.deterministic("bob");
        byte[] message = {1, 2, 3};
        Signature byAlice = Ed25519.sign(engine, alice, message);
        Signature byBob = Ed25519.sign(engine, bob, message);
        assertThat(byAlice).isNotEqualTo(byBob);
        for (int i = 0; i < 3; i++) {
            assertThat(Ed25519.verify(engine, alice.publicKey(), message, byAlice)).isTrue();
            assertThat(Ed25519.verify(engine, alice.publicKey(), message, byBob)).isFalse();
            assertThat(Ed25519.verify(engine, bob.publicKey(), message, byBob)).isTrue();
            assertThat(Ed25519.verify(engine, bob.publicKey(), message, byAlice)).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void verifiesCorrectlyFromManyThreadsAtOnce(Ed25519Engine engine) throws Exception {
        List<KeyPair> validators = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            validators.add(KeyPair.deterministic("validator-" + i));
        }
        byte[] message = "block 7".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<Signature> signatures = validators.stream().map(k -> Ed25519.sign(engine, k, message)).toList();
        int rounds = "jdk".equals(engine.name()) ? 10 : 100;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                tasks.add(() -> {
                    int wrong = 0;
                    for (int r = 0; r < rounds; r++) {
                        int signer = (r + offset) % 4;
                        int claimed = (r * 3 + offset) % 4;
                        boolean verified = Ed25519.verify(engine, validators.get(claimed).publicKey(), message, signatures.get(signer));
                        if (verified != (signer == claimed)) {
                            wrong++;
                        }
                    }
                    return wrong;
                });
            }
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
