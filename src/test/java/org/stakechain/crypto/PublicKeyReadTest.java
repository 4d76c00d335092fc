package org.stakechain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Decoders' keys ({@link PublicKey#read}): a recent equal key is shared, a key is never taken for another. */
class PublicKeyReadTest {

    /** Keys whose first four bytes are the same: all in one set of the table, so they keep evicting each other. */
    private static List<byte[]> keysInOneSet(TestRandom random, int count) {
        byte[] prefix = random.bytes(4);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] key = random.bytes(PublicKey.LENGTH);
            System.arraycopy(prefix, 0, key, 0, 4);
            keys.add(key);
        }
        return keys;
    }

    /** {@code key} at a random offset inside a larger array, as a decoder finds it. */
    private static byte[] framed(Random random, byte[] key, int offset) {
        byte[] frame = new byte[offset + key.length + random.nextInt(8)];
        random.nextBytes(frame);
        System.arraycopy(key, 0, frame, offset, key.length);
        return frame;
    }

    @Test
    void aRecentKeyIsSharedAndAnyKeyReadIsTheBytesAtTheOffset() {
        TestRandom random = TestRandom.forTest("aRecentKeyIsSharedAndAnyKeyReadIsTheBytesAtTheOffset");
        Random r = new Random(random.nextInt(Integer.MAX_VALUE));
        byte[] key = random.bytes(PublicKey.LENGTH);
        PublicKey first = PublicKey.read(framed(r, key, 3), 3);
        assertThat(first.bytes()).isEqualTo(key);
        assertThat(PublicKey.read(framed(r, key, 11), 11)).isSameAs(first);
        for (byte[] k : keysInOneSet(random, 50)) {
            int offset = r.nextInt(20);
            assertThat(PublicKey.read(framed(r, k, offset), offset).bytes()).as("%s", random).isEqualTo(k);
        }
        // a key differing in its last byte only
        byte[] near = key.clone();
        near[31] ^= 1;
        assertThat(PublicKey.read(near, 0).bytes()).isEqualTo(near);
        assertThat(PublicKey.read(key, 0)).isEqualTo(first).isNotEqualTo(PublicKey.read(near, 0));
    }

    @Test
    void aKeyPastTheEndIsRefused() {
        assertThatThrownBy(() -> PublicKey.read(new byte[40], 9)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> PublicKey.read(new byte[40], -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void threadsReadingKeysOfOneSetEachGetTheirOwnKey() throws Exception {
        TestRandom random = TestRandom.forTest("threadsReadingKeysOfOneSetEachGetTheirOwnKey");
        List<byte[]> keys = keysInOneSet(random, 24);
        List<KeyPair> real = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            real.add(random.keyPair());
        }
        long base = random.nextInt(Integer.MAX_VALUE);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = base + t;
                results.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    for (int i = 0; i < 20_000; i++) {
                        if (r.nextInt(8) == 0) {
                            KeyPair pair = real.get(r.nextInt(real.size()));
                            PublicKey read = PublicKey.read(pair.publicKey().bytes(), 0);
                            if (!read.equals(pair.publicKey()) || !read.address().equals(pair.address())) {
                                return "thread seed " + seed + " step " + i + ": a key or its address is wrong";
                            }
                            continue;
                        }
                        byte[] key = keys.get(r.nextInt(keys.size()));
                        int offset = r.nextInt(5);
                        byte[] frame = new byte[offset + PublicKey.LENGTH];
                        System.arraycopy(key, 0, frame, offset, PublicKey.LENGTH);
                        if (!Arrays.equals(PublicKey.read(frame, offset).bytes(), key)) {
                            return "thread seed " + seed + " step " + i + ": another key";
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
    }
}
