package org.stakechain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.stakechain.testing.Seeds;

class RecentHashesTest {

    @Test
    void remembersWhatWasAddedAndForgetsTheOldestFirst() {
        RecentHashes recent = new RecentHashes(3, 42);
        Hash a = Hash.of("a".getBytes());
        Hash b = Hash.of("b".getBytes());
        Hash c = Hash.of("c".getBytes());
        Hash d = Hash.of("d".getBytes());

        assertThat(recent.add(a)).isTrue();
        assertThat(recent.add(b)).isTrue();
        assertThat(recent.add(a)).as("already held").isFalse();
        assertThat(recent.add(c)).isTrue();
        assertThat(recent.add(d)).isTrue();

        assertThat(recent.contains(a)).as("the oldest, forgotten").isFalse();
        assertThat(recent.contains(b)).isTrue();
        assertThat(recent.contains(c)).isTrue();
        assertThat(recent.contains(d)).isTrue();
        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.capacity()).isEqualTo(3);
    }

    @Test
    void batchCallsAnswerAsOneCallPerHash() {
        RecentHashes batched = new RecentHashes(3, 42);
        RecentHashes single = new RecentHashes(3, 42);
        java.util.List<Hash> hashes = java.util.List.of(Hash.of("a".getBytes()), Hash.of("b".getBytes()),
                Hash.of("a".getBytes()), Hash.of("c".getBytes()), Hash.of("d".getBytes()));
        batched.addAll(hashes);
        hashes.forEach(single::add);
        java.util.List<Hash> asked = java.util.List.of(Hash.of("d".getBytes()), Hash.of("a".getBytes()),
                Hash.of("b".getBytes()), Hash.of("e".getBytes()));
        boolean[] each = batched.containsEach(asked);
        for (int i = 0; i < asked.size(); i++) {
            assertThat(each[i]).as("hash " + i).isEqualTo(single.contains(asked.get(i)));
        }
        assertThat(each).containsExactly(true, false, true, false);
        assertThat(batched.containsEach(java.util.List.of())).isEmpty();
        assertThat(batched.size()).isEqualTo(single.size());
    }

    @Test
    void refusesAnUnusableCapacity() {
        assertThatThrownBy(() -> new RecentHashes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecentHashes((1 << 24) + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Random adds and lookups against a reference (an insertion-ordered set trimmed to the capacity). The hashes
     * share few distinct first words, so slots collide and deletions shift long probe chains.
     */
    @TestFactory
    List<DynamicTest> behavesLikeABoundedInsertionOrderedSet() {
        List<DynamicTest> tests = new ArrayList<>();
        for (long seed : Seeds.of("recent.seed", 6_100, 12)) {
            tests.add(DynamicTest.dynamicTest("seed " + seed, () -> {
                System.out.println("RecentHashesTest seed " + seed + " (replay: -Drecent.seed=" + seed + ")");
                run(seed);
            }));
        }
        return tests;
    }

    private static void run(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int capacity = 1 + random.nextInt(40);
        int firstWords = 1 + random.nextInt(6);
        RecentHashes recent = new RecentHashes(capacity, random.nextLong());
        LinkedHashSet<Hash> reference = new LinkedHashSet<>();
        List<Hash> universe = new ArrayList<>();
        for (int i = 0; i < capacity * 3; i++) {
            ByteBuffer b = ByteBuffer.allocate(Hash.LENGTH);
            b.putLong(random.nextInt(firstWords)).putLong(random.nextLong()).putLong(random.nextLong())
                    .putLong(random.nextInt(2));
            universe.add(Hash.wrap(b.array()));
        }
        for (int step = 0; step < 3_000; step++) {
            Hash h = universe.get(random.nextInt(universe.size()));
            if (random.nextBoolean()) {
                boolean added = reference.add(h);
                if (reference.size() > capacity) {
                    reference.remove(reference.iterator().next());
                }
                assertThat(recent.add(h)).as("seed %d step %d: add", seed, step).isEqualTo(added);
            } else {
                assertThat(recent.contains(h)).as("seed %d step %d: contains", seed, step)
                        .isEqualTo(reference.contains(h));
            }
            assertThat(recent.size()).isEqualTo(reference.size());
        }
        for (Hash h : universe) {
            assertThat(recent.contains(h)).as("seed %d: %s at the end", seed, h).isEqualTo(reference.contains(h));
        }
    }
}
