package org.stakechain.ledger.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hash;
import org.stakechain.testing.Seeds;

/**
 * The transaction root must never change: golden roots (computed by the first, Hash-per-node implementation)
 * and agreement with that implementation, kept here as the reference, over every size up to 300 and random
 * larger ones.
 */
class MerkleRootTest {

    @Test
    void theEmptyListHasTheZeroRoot() {
        assertThat(MerkleRoot.of(List.of())).isEqualTo(Hash.ZERO);
    }

    @Test
    void givesTheGoldenRoots() {
        assertThat(MerkleRoot.of(items(1)).hex()).isEqualTo("d37300dc2c6e038a83ee197ca0e181a77f6875afd9f537d31ca4995876481319");
        assertThat(MerkleRoot.of(items(2)).hex()).isEqualTo("04f89961dc9136b6f3c1f7b51a1d4bed9dd47e713b81fd6be8241f72663e992f");
        assertThat(MerkleRoot.of(items(3)).hex()).isEqualTo("1a40fb6a7e1fccbe40993b03c1157e2f8e3c4af505db37925f5dc6adb747fb4e");
        assertThat(MerkleRoot.of(items(5)).hex()).isEqualTo("ab2cf731ad4ed070c7a6c2d235c57b0977eaac14fe35756a9930333c355db3d2");
        assertThat(MerkleRoot.of(items(7)).hex()).isEqualTo("f53bb4c774794b67f3c87f3a5c4734ee8e1f193fced013ff8163b8e32ffab32b");
        assertThat(MerkleRoot.of(items(1000)).hex()).isEqualTo("38e69bcb6e6a49c9d855580ed78e58237bcfc9b03cedae191d75a9a2d2e74084");
    }

    @Test
    void agreesWithTheReferenceForEverySmallSize() {
        for (int n = 1; n <= 300; n++) {
            List<Hash> items = items(n);
            assertThat(MerkleRoot.of(items)).as("%d items", n).isEqualTo(reference(items));
        }
    }

    @Test
    void agreesWithTheReferenceOnRandomLists() {
        long[] seeds = Seeds.of("merkle.seed", 1, 20);
        System.out.printf("MerkleRootTest: seeds %d..%d (replay one with -Dmerkle.seed=N)%n", seeds[0],
                seeds[seeds.length - 1]);
        for (long seed : seeds) {
            SplittableRandom random = new SplittableRandom(seed);
            List<Hash> items = new ArrayList<>();
            int n = 1 + random.nextInt(5_000);
            for (int i = 0; i < n; i++) {
                byte[] bytes = new byte[Hash.LENGTH];
                random.nextBytes(bytes);
                items.add(Hash.wrap(bytes));
            }
            assertThat(MerkleRoot.of(items)).as("seed %d, %d items", seed, n).isEqualTo(reference(items));
        }
    }

    private static List<Hash> items(int n) {
        List<Hash> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(Hash.of(new byte[] {(byte) i, (byte) (i >> 8)}));
        }
        return items;
    }

    /** The definition, one Hash per node: leaves H(0x00 || h), nodes H(0x01 || l || r), an odd node promoted. */
    private static Hash reference(List<Hash> items) {
        List<Hash> level = new ArrayList<>();
        for (Hash h : items) {
            level.add(Hash.of(new byte[] {0}, h.bytes()));
        }
        while (level.size() > 1) {
            List<Hash> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                next.add(i + 1 < level.size()
                        ? Hash.of(new byte[] {1}, level.get(i).bytes(), level.get(i + 1).bytes()) : level.get(i));
            }
            level = next;
        }
        return level.get(0);
    }
}
