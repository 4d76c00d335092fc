package org.stakechain.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hash;

/**
 * The state root's cost must follow the keys a block touches times the tree's depth, never the number of
 * accounts: a node that re-read or rehashed everything would fall behind as the chain grows. Counted with an
 * instrumented reader, so the bound holds whatever the machine's speed.
 */
class SparseMerkleTreeWorkBoundTest {
    private static final int TOUCHED = 10;
    /** Generous: a uniform 100k-key tree is about 17 levels deep; 40 leaves room for the unlucky path. */
    private static final int PER_KEY_BOUND = 40;

    private static Tree small;
    private static Tree large;

    @BeforeAll
    static void buildTrees() {
        small = Tree.of(1_000, 1);
        large = Tree.of(100_000, 2);
    }

    @Test
    void updatingTenKeysInAHundredThousandKeyTreeReadsAndHashesOnlyTheirPaths() {
        Work work = large.measure(keys -> values(keys, large.data));

        assertThat(work.reads).isLessThanOrEqualTo(TOUCHED * PER_KEY_BOUND);
        assertThat(work.newNodes).isLessThanOrEqualTo(TOUCHED * PER_KEY_BOUND);
        assertThat(work.mostReadsOfOneNode).as("shared upper nodes are read once per batch").isEqualTo(1);
    }

    @Test
    void deletingTenKeysInAHundredThousandKeyTreeStaysWithinTheSameBound() {
        // Deletes read a little more: when a sibling empties, the remaining child is read to see if it is a leaf.
        Work work = large.measure(keys -> deletes(keys));

        assertThat(work.reads).isLessThanOrEqualTo(TOUCHED * PER_KEY_BOUND);
        assertThat(work.newNodes).isLessThanOrEqualTo(TOUCHED * PER_KEY_BOUND);
        assertThat(work.mostReadsOfOneNode).isEqualTo(1);
    }

    @Test
    void insertingTenNewKeysInAHundredThousandKeyTreeStaysWithinTheSameBound() {
        SortedMap<Hash, Optional<Hash>> inserts = new TreeMap<>();
        while (inserts.size() < TOUCHED) {
            inserts.put(large.data.key(), Optional.of(large.data.value()));
        }
        CountingNodeReader reader = new CountingNodeReader(large.store);
        TreeUpdate update = SparseMerkleTree.update(large.root, inserts, reader);

        assertThat(reader.reads()).isLessThanOrEqualTo(TOUCHED * PER_KEY_BOUND);
        assertThat(update.newNodes()).hasSizeLessThanOrEqualTo(TOUCHED * PER_KEY_BOUND);
    }

    @Test
    void aHundredTimesMoreKeysCostsAboutLogTimesMoreWorkNotAHundredTimes() {
        Work smallWork = small.measure(keys -> values(keys, small.data));
        Work largeWork = large.measure(keys -> values(keys, large.data));
        System.out.printf("10 updates: %d reads in a 1k-key tree, %d in a 100k-key tree%n", smallWork.reads,
                largeWork.reads);

        // log2(100k) / log2(1k) is about 1.7; linear growth would be 100.
        assertThat(largeWork.reads).isLessThanOrEqualTo(smallWork.reads * 5 / 2);
    }

    private static SortedMap<Hash, Optional<Hash>> values(List<Hash> keys, TreeTestData data) {
        SortedMap<Hash, Optional<Hash>> out = new TreeMap<>();
        keys.forEach(key -> out.put(key, Optional.of(data.value())));
        return out;
    }

    private static SortedMap<Hash, Optional<Hash>> deletes(List<Hash> keys) {
        SortedMap<Hash, Optional<Hash>> out = new TreeMap<>();
        keys.forEach(key -> out.put(key, Optional.empty()));
        return out;
    }

    private record Work(int reads, int newNodes, int mostReadsOfOneNode) {
    }

    private record Tree(Hash root, List<Hash> keys, InMemoryTreeNodeStore store, TreeTestData data) {
        static Tree of(int size, long seed) {
            TreeTestData data = new TreeTestData(seed);
            SortedMap<Hash, Hash> entries = data.entries(size);
            InMemoryTreeNodeStore store = InMemoryTreeNodeStore.empty();
            TreeUpdate update = SparseMerkleTree.update(Hash.ZERO, TreeTestData.inserts(entries), store);
            store.write(update);
            return new Tree(update.root(), new ArrayList<>(entries.keySet()), store, data);
        }

        Work measure(Function<List<Hash>, SortedMap<Hash, Optional<Hash>>> changesFor) {
            List<Hash> touched = new ArrayList<>();
            while (touched.size() < TOUCHED) {
                Hash key = keys.get(data.random().nextInt(keys.size()));
                if (!touched.contains(key)) {
                    touched.add(key);
                }
            }
            CountingNodeReader reader = new CountingNodeReader(store);
            TreeUpdate update = SparseMerkleTree.update(root, changesFor.apply(touched), reader);
            return new Work(reader.reads(), update.newNodes().size(), reader.mostReadsOfOneNode());
        }
    }
}
