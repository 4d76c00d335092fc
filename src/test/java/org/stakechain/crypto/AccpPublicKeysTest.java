package org.stakechain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The table of ACCP key objects behind the fast verify path: bounded, never handing out one key for another. */
class AccpPublicKeysTest {

    private static AccpPublicKeys table(int sets) {
        AccpPublicKeys keys = AccpPublicKeys.load(sets);
        if (TestEngines.accpExpected()) {
            assertThat(keys).as("ACCP's key objects must be available where ACCP is shipped").isNotNull();
        }
        assumeTrue(keys != null, "ACCP does not load here");
        return keys;
    }

    /** The 32 key bytes inside an ACCP key object's X.509 encoding. */
    private static byte[] keyBytesOf(java.security.PublicKey key) {
        return Ed25519Der.publicKeyOfSpki(key.getEncoded());
    }

    private static boolean verifies(java.security.Signature verifier, java.security.PublicKey key, byte[] message,
            Signature signature) throws Exception {
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature.bytes());
    }

    @Test
    void theEngineUsesTheTableWhereAccpLoads() {
        if (TestEngines.accpExpected()) {
            assertThat(AccpPublicKeys.load(AccpPublicKeys.DEFAULT_SETS)).isNotNull();
        }
    }

    @Test
    void aHitIsTheSameObjectAndTheTableStaysWithinItsSlots() throws Exception {
        AccpPublicKeys table = table(4);
        TestRandom random = TestRandom.forTest("aHitIsTheSameObjectAndTheTableStaysWithinItsSlots");
        assertThat(table.capacity()).isEqualTo(8);
        for (int i = 0; i < 200; i++) {
            byte[] key = random.keyPair().publicKey().bytes();
            table.get(key); // first sight: parsed, not stored
            java.security.PublicKey first = table.get(key.clone());
            assertThat(table.get(key.clone())).as("%s key %d", random, i).isSameAs(first);
            assertThat(keyBytesOf(first)).isEqualTo(key);
            assertThat(table.size()).isLessThanOrEqualTo(8);
        }
        assertThat(table.size()).isEqualTo(8);
    }

    @Test
    void theTableKeepsItsOwnCopyOfTheKey() throws Exception {
        AccpPublicKeys table = table(1);
        byte[] key = TestRandom.forTest("theTableKeepsItsOwnCopyOfTheKey").keyPair().publicKey().bytes();
        byte[] original = key.clone();
        table.get(key);
        java.security.PublicKey parsed = table.get(key);
        key[5] ^= 1; // the caller's array changes: the entry must not
        assertThat(table.get(original)).isSameAs(parsed);
        assertThat(keyBytesOf(table.get(key))).isEqualTo(key);
    }

    @Test
    void aKeyIsStoredOnlyOnItsSecondSight() throws Exception {
        AccpPublicKeys table = table(16);
        TestRandom random = TestRandom.forTest("aKeyIsStoredOnlyOnItsSecondSight");
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            byte[] key = random.keyPair().publicKey().bytes();
            keys.add(key);
            assertThat(keyBytesOf(table.get(key))).isEqualTo(key);
        }
        // every key seen once (cycling through more senders than the table holds stores nothing: no churn)
        assertThat(table.size()).as("%s", random).isZero();
        byte[] again = keys.get(keys.size() - 1);
        java.security.PublicKey stored = table.get(again);
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.get(again.clone())).isSameAs(stored);
        assertThat(keyBytesOf(stored)).isEqualTo(again);
    }

    @Test
    void lookupLeavesAKeysFirstSightToTheCallerAndStoresItsSecond() throws Exception {
        AccpPublicKeys table = table(16);
        byte[] key = TestRandom.forTest("lookupLeavesAKeysFirstSightToTheCaller").keyPair().publicKey().bytes();
        assertThat(table.lookup(key)).as("first sight: the engine hands ACCP the encoding").isNull();
        assertThat(table.size()).isZero();
        java.security.PublicKey stored = table.lookup(key.clone());
        assertThat(stored).isNotNull();
        assertThat(keyBytesOf(stored)).isEqualTo(key);
        assertThat(table.lookup(key.clone())).isSameAs(stored);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void keysSharingASetAreNeverConfused() throws Exception {
        // one set of two slots: every key collides with every other
        AccpPublicKeys table = table(1);
        TestRandom random = TestRandom.forTest("keysSharingASetAreNeverConfused");
        java.security.Signature verifier = java.security.Signature.getInstance("Ed25519", AmazonCorrettoCryptoProvider.INSTANCE);
        List<KeyPair> pairs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pairs.add(random.keyPair());
        }
        // and two keys differing only in their last byte (the set is chosen by the first four)
        byte[] near = pairs.get(0).publicKey().bytes();
        near[31] ^= 1;
        for (int i = 0; i < 400; i++) {
            KeyPair signer = pairs.get(random.nextInt(pairs.size()));
            KeyPair other = pairs.get(random.nextInt(pairs.size()));
            byte[] message = random.bytes(1 + random.nextInt(200));
            Signature signature = Ed25519.sign(signer, message);
            java.security.PublicKey key = table.get(signer.publicKey().bytes());
            assertThat(keyBytesOf(key)).as("%s step %d", random, i).isEqualTo(signer.publicKey().bytes());
            assertThat(verifies(verifier, key, message, signature)).as("%s step %d", random, i).isTrue();
            boolean sameKey = other.publicKey().equals(signer.publicKey());
            assertThat(verifies(verifier, table.get(other.publicKey().bytes()), message, signature))
                    .as("%s step %d", random, i).isEqualTo(sameKey);
            if (random.nextInt(4) == 0) {
                assertThat(keyBytesOf(table.get(near))).isEqualTo(near);
            }
        }
    }

    @Test
    void threadsSharingTheTableGetTheirOwnKeys() throws Exception {
        AccpPublicKeys table = table(4); // 8 slots for 40 keys: constant eviction and replacement
        TestRandom random = TestRandom.forTest("threadsSharingTheTableGetTheirOwnKeys");
        int keyCount = 40;
        List<KeyPair> pairs = new ArrayList<>();
        List<byte[]> messages = new ArrayList<>();
        List<Signature> signatures = new ArrayList<>();
        for (int i = 0; i < keyCount; i++) {
            KeyPair pair = random.keyPair();
            byte[] message = random.bytes(64);
            pairs.add(pair);
            messages.add(message);
            signatures.add(Ed25519.sign(pair, message));
        }
        int threads = 4;
        long baseSeed = random.nextInt(Integer.MAX_VALUE);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = baseSeed + t;
                results.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    java.security.Signature verifier =
                            java.security.Signature.getInstance("Ed25519", AmazonCorrettoCryptoProvider.INSTANCE);
                    for (int i = 0; i < 3_000; i++) {
                        int k = r.nextInt(keyCount);
                        int other = r.nextInt(keyCount);
                        java.security.PublicKey key = table.get(pairs.get(k).publicKey().bytes());
                        if (!java.util.Arrays.equals(keyBytesOf(key), pairs.get(k).publicKey().bytes())) {
                            return "thread seed " + seed + " step " + i + ": another key's object";
                        }
                        if (!verifies(verifier, key, messages.get(k), signatures.get(k))) {
                            return "thread seed " + seed + " step " + i + ": an honest signature refused";
                        }
                        if (other != k && verifies(verifier, key, messages.get(other), signatures.get(other))) {
                            return "thread seed " + seed + " step " + i + ": another key's signature accepted";
                        }
                    }
                    return "ok";
                }));
            }
            for (Future<String> result : results) {
                assertThat(result.get(2, TimeUnit.MINUTES)).as("%s", random).isEqualTo("ok");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(table.size()).isLessThanOrEqualTo(8);
    }

    @Test
    void aSetSizeThatIsNotAPowerOfTwoIsRefused() {
        assumeTrue(TestEngines.accpExpected());
        assertThat(AccpPublicKeys.load(3)).isNull();
    }
}
