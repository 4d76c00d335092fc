package org.stakechain.crypto;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Seeded randomness for tests: a fresh seed each run, printed, and replayable with
 * {@code -Dstakechain.test.seed=<seed>}.
 */
final class TestRandom {
    static final String SEED_PROPERTY = "stakechain.test.seed";

    private final long seed;
    private final Random random;

    private TestRandom(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    static TestRandom forTest(String testName) {
        String fixed = System.getProperty(SEED_PROPERTY);
        long seed = fixed != null && !fixed.isBlank() ? Long.parseLong(fixed.trim()) : new SecureRandom().nextLong();
        System.out.printf("%s: random seed %d (replay with -D%s=%d)%n", testName, seed, SEED_PROPERTY, seed);
        return new TestRandom(seed);
    }

    long seed() {
        return seed;
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

    @Override
    public String toString() {
        return "seed " + seed + " (replay with -D" + SEED_PROPERTY + "=" + seed + ")";
    }
}
