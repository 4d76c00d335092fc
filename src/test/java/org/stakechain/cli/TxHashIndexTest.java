package org.stakechain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stakechain.testing.Seeds;

/**
 * The bench's hash index against a plain {@code HashMap<String, Integer>} of the hex: the same answer for every
 * hash of the round, for hashes not in it (some sharing words with one that is), and for text that is no hash.
 * Seeds replay with {@code -Dtxhashindex.seed=N}.
 */
class TxHashIndexTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void findsWhatAMapOfTheHexFinds() {
        for (long seed : Seeds.of("txhashindex.seed", 7100, 40)) {
            Random random = new Random(seed);
            int n = random.nextInt(seed % 5 == 0 ? 3 : 3000);
            Map<String, Integer> reference = new HashMap<>();
            byte[][] hashes = new byte[n][];
            for (int i = 0; i < n; i++) {
                byte[] h = new byte[32];
                do {
                    random.nextBytes(h);
                    if (i > 0 && random.nextInt(4) == 0) { // same first words: the probe must compare all four
                        System.arraycopy(hashes[random.nextInt(i)], 0, h, 0, 8 * (1 + random.nextInt(3)));
                    }
                } while (reference.containsKey(HEX.formatHex(h)));
                hashes[i] = h;
                reference.put(HEX.formatHex(h), i);
            }
            TxHashIndex index = new TxHashIndex(hashes);
            assertThat(index.size()).isEqualTo(n);
            long[] w = new long[8];
            for (int q = 0; q < 3 * n + 50; q++) {
                String hex;
                if (n > 0 && random.nextBoolean()) {
                    hex = HEX.formatHex(hashes[random.nextInt(n)]);
                } else {
                    byte[] h = new byte[32];
                    random.nextBytes(h);
                    if (n > 0 && random.nextBoolean()) {
                        System.arraycopy(hashes[random.nextInt(n)], 0, h, 0, 8 * (1 + random.nextInt(3)));
                    }
                    hex = HEX.formatHex(h);
                }
                int expected = reference.getOrDefault(hex, -1);
                // read from the middle of a larger buffer, as from an event line
                byte[] line = ("xx" + hex + "yy").getBytes(StandardCharsets.US_ASCII);
                assertThat(TxHashIndex.parse(line, 2, w, 4)).as("seed " + seed).isTrue();
                assertThat(index.indexOf(w, 4)).as("seed " + seed + " " + hex).isEqualTo(expected);
                assertThat(index.indexOf(FinalityTracker.words(hex), 0)).as("seed " + seed).isEqualTo(expected);
            }
        }
    }

    @Test
    void onlySixtyFourLowercaseHexDigitsParse() {
        String good = "0123456789abcdef".repeat(4);
        long[] w = {1, 2, 3, 4};
        assertThat(TxHashIndex.parse(good, w, 0)).isTrue();
        assertThat(w).containsExactly(0x0123456789abcdefL, 0x0123456789abcdefL, 0x0123456789abcdefL,
                0x0123456789abcdefL);
        Set<String> bad = new HashSet<>();
        bad.add(good.toUpperCase());
        bad.add(good.substring(1));
        bad.add(good + "0");
        bad.add("abc");
        bad.add("");
        for (int i = 0; i < 64; i += 9) {
            for (char c : new char[] {'g', 'G', ' ', '/', ':', '`', '\u00e9', 'A'}) {
                bad.add(good.substring(0, i) + c + good.substring(i + 1));
            }
        }
        for (String s : bad) {
            long[] untouched = {1, 2, 3, 4};
            assertThat(TxHashIndex.parse(s, untouched, 0)).as(s).isFalse();
            assertThat(untouched).as(s).containsExactly(1, 2, 3, 4);
        }
        byte[] tooShort = good.substring(0, 63).getBytes(StandardCharsets.US_ASCII);
        assertThat(TxHashIndex.parse(tooShort, 0, w, 0)).isFalse();
        // not a hash: the tracker keeps zeros, which no transaction's hash is
        assertThat(FinalityTracker.words("abc")).containsExactly(0, 0, 0, 0);
    }
}
