package org.stakechain.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hash;

/** The root is a function of the final key/value set only: not of order, batching or history. */
class SparseMerkleTreeOrderTest {

    @Test
    void theSameFinalSetGivesTheSameRootWhateverTheOrderAndBatching() {
        SeededRuns.forEach("theSameFinalSetGivesTheSameRootWhateverTheOrderAndBatching", 60, seed -> {
            TreeTestData data = new TreeTestData(seed);
            SortedMap<Hash, Hash> finalSet = new TreeMap<>();
            List<Hash> keys = new ArrayList<>();
            int size = 1 + data.random().nextInt(150);
            while (finalSet.size() < size) {
                Hash key = data.freshKey(keys);
                if (finalSet.put(key, data.value()) == null) {
                    keys.add(key);
                }
            }
            Hash expected = NaiveStateRoot.of(finalSet);

            assertThat(inOneBatch(finalSet)).isEqualTo(expected);
            assertThat(oneAtATime(data, finalSet)).isEqualTo(expected);
            assertThat(inRandomBatchesWithDetours(data, finalSet)).isEqualTo(expected);
        });
    }

    @Test
    void deletingEveryKeyLeavesTheEmptyRootAndAnEmptyPrunedStore() {
        SeededRuns.forEach("deletingEveryKeyLeavesTheEmptyRootAndAnEmptyPrunedStore", 40, seed -> {
            TreeTestData data = new TreeTestData(seed);
            SortedMap<Hash, Hash> entries = data.entries(1 + data.random().nextInt(200));
            InMemoryTreeNodeStore store = InMemoryTreeNodeStore.empty();
            Hash root = apply(Hash.ZERO, TreeTestData.inserts(entries), store);

            for (List<Hash> batch : randomBatches(data, new ArrayList<>(entries.keySet()))) {
                SortedMap<Hash, Optional<Hash>> deletes = new TreeMap<>();
                batch.forEach(key -> deletes.put(key, Optional.empty()));
                root = apply(root, deletes, store);
            }

            assertThat(root).isEqualTo(Hash.ZERO);
            assertThat(store.size()).isZero();
        });
    }

    @Test
    void aBatchSortedByAnotherComparatorGivesTheSameRoot() {
        TreeTestData data = new TreeTestData(5);
        SortedMap<Hash, Hash> entries = data.entries(100);
        SortedMap<Hash, Optional<Hash>> reversed = new TreeMap<>(Comparator.<Hash>reverseOrder());
        reversed.putAll(TreeTestData.inserts(entries));

        TreeUpdate update = SparseMerkleTree.update(Hash.ZERO, reversed, InMemoryTreeNodeStore.empty());

        assertThat(update.root()).isEqualTo(NaiveStateRoot.of(entries));
    }

    @Test
    void anEmptyBatchChangesNothing() {
        TreeTestData data = new TreeTestData(6);
        InMemoryTreeNodeStore store = InMemoryTreeNodeStore.empty();
        Hash root = apply(Hash.ZERO, TreeTestData.inserts(data.entries(50)), store);

        TreeUpdate update = SparseMerkleTree.update(root, new TreeMap<>(), store);

        assertThat(update.root()).isEqualTo(root);
        assertThat(update.newNodes()).isEmpty();
        assertThat(update.staleNodes()).isEmpty();
    }

    private static Hash inOneBatch(SortedMap<Hash, Hash> finalSet) {
        return apply(Hash.ZERO, TreeTestData.inserts(finalSet), InMemoryTreeNodeStore.empty());
    }

    private static Hash oneAtATime(TreeTestData data, SortedMap<Hash, Hash> finalSet) {
        InMemoryTreeNodeStore store = InMemoryTreeNodeStore.empty();
        Hash root = Hash.ZERO;
        for (Hash key : data.shuffled(new ArrayList<>(finalSet.keySet()))) {
            root = apply(root, new TreeMap<>(Map.of(key, Optional.of(finalSet.get(key)))), store);
        }
        return root;
    }

    /** Random batches in random order, passing through wrong values and keys that are later deleted. */
    private static Hash inRandomBatchesWithDetours(TreeTestData data, SortedMap<Hash, Hash> finalSet) {
        InMemoryTreeNodeStore store = InMemoryTreeNodeStore.empty();
        List<Hash> keys = new ArrayList<>(finalSet.keySet());
        Hash root = Hash.ZERO;
        List<Hash> detours = new ArrayList<>();
        for (List<Hash> batch : randomBatches(data, keys)) {
            SortedMap<Hash, Optional<Hash>> changes = new TreeMap<>();
            for (Hash key : batch) {
                changes.put(key, Optional.of(data.value())); // a wrong value first
                Hash detour = data.freshKey(keys);
                if (!finalSet.containsKey(detour)) {
                    changes.put(detour, Optional.of(data.value()));
                    detours.add(detour);
                }
            }
            root = apply(root, changes, store);
        }
        for (List<Hash> batch : randomBatches(data, keys)) {
            SortedMap<Hash, Optional<Hash>> changes = new TreeMap<>();
            batch.forEach(key -> changes.put(key, Optional.of(finalSet.get(key))));
            root = apply(root, changes, store);
        }
        for (List<Hash> batch : randomBatches(data, detours)) {
            SortedMap<Hash, Optional<Hash>> changes = new TreeMap<>();
            batch.forEach(key -> changes.put(key, Optional.empty()));
            root = apply(root, changes, store);
        }
        return root;
    }

    /** {@code keys} shuffled and cut into batches of random sizes. */
    private static List<List<Hash>> randomBatches(TreeTestData data, List<Hash> keys) {
        List<Hash> order = data.shuffled(keys);
        List<List<Hash>> batches = new ArrayList<>();
        int i = 0;
        while (i < order.size()) {
            int size = 1 + data.random().nextInt(Math.max(1, order.size() / 3));
            batches.add(order.subList(i, Math.min(order.size(), i + size)));
            i += size;
        }
        return batches;
    }

    private static Hash apply(Hash root, SortedMap<Hash, Optional<Hash>> changes, InMemoryTreeNodeStore store) {
        TreeUpdate update = SparseMerkleTree.update(root, changes, store);
        store.writeAndPrune(update);
        return update.root();
    }
}
