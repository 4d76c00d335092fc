package org.stakechain.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;

/**
 * Seeded randomness for crypto tests, following the project's convention (see
 * {@code org.stakechain.testing.Seeds}): a fixed seed per test so CI is reproducible, printed, and
 * replaced with {@code -Dcrypto.seed=<seed>} to replay a failure or {@code -Dcrypto.seed=random} to explore.
 */
final class TestRandom {
    static final String SEED_PROPERTY = "crypto.seed";

    private final long seed;
    private final Random random;

    private TestRandom(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    static TestRandom forTest(String testName) {
        String setting = System.getProperty(SEED_PROPERTY, "").trim();
        long seed;
        if (setting.isEmpty()) {
            seed = Hash.of(testName.getBytes(StandardCharsets.UTF_8)).hashCode();
        } else if (setting.equals("random")) {
            seed = new SecureRandom().nextLong();
        } else {
            seed = Long.parseLong(setting);
        }
        System.out.printf("%s: random seed %d (replay with -D%s=%d)%n", testName, seed, SEED_PROPERTY, seed);
        return new TestRandom(seed);
    }

    byte[] bytes(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    KeyPair keyPair() {
        return KeyPair.fromSeed(bytes(KeyPair.SEED_LENGTH));
    }

    /** For assertion messages: how to replay. */
    @Override
    public String toString() {
        return "seed " + seed + " (replay with -D" + SEED_PROPERTY + "=" + seed + ")";
    }
}
