package org.stakechain.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hash;

/**
 * Random sequences of inserts, updates, deletes (of present and absent keys) and no-op writes, in batches
 * of random size, checked after every batch against {@link NaiveStateRoot}, against a plain map for reads,
 * and for the exactness of the new and stale node sets a store relies on.
 */
class SparseMerkleTreeReferenceTest {

    @Test
    void incrementalUpdatesAgreeWithTheRootRecomputedFromTheWholeKeySet() {
        SeededRuns.forEach("incrementalUpdatesAgreeWithTheRootRecomputedFromTheWholeKeySet", 120, this::runSequence);
    }

    private void runSequence(long seed) {
        TreeTestData data = new TreeTestData(seed);
        SplittableRandom random = data.random();
        // Half the seeds prune (only the latest root readable), half keep every version.
        boolean prune = random.nextBoolean();
        InMemoryTreeNodeStore store = InMemoryTreeNodeStore.empty();
        TreeMap<Hash, Hash> model = new TreeMap<>();
        List<Hash> roots = new ArrayList<>();
        List<Map<Hash, Hash>> snapshots = new ArrayList<>();
        Hash root = Hash.ZERO;

        int batches = 5 + random.nextInt(20);
        for (int b = 0; b < batches; b++) {
            SortedMap<Hash, Optional<Hash>> batch = randomBatch(data, model);
            TreeUpdate update = SparseMerkleTree.update(root, batch, store);
            batch.forEach((key, value) -> {
                if (value.isPresent()) {
                    model.put(key, value.get());
                } else {
                    model.remove(key);
                }
            });

            assertThat(update.root()).as("root after batch %d", b).isEqualTo(NaiveStateRoot.of(model));
            checkNodeSetsAreExact(root, update, store);
            if (prune) {
                store.writeAndPrune(update);
                assertThat(store.hashes()).as("pruned store after batch %d", b)
                        .isEqualTo(TreeWalk.reachable(update.root(), store).keySet());
            } else {
                store.write(update);
            }
            root = update.root();
            for (Hash key : batch.keySet()) {
                assertThat(SparseMerkleTree.get(root, key, store)).isEqualTo(Optional.ofNullable(model.get(key)));
            }
            roots.add(root);
            snapshots.add(new TreeMap<>(model));
        }

        if (!prune) {
            // Every earlier version is still complete and still answers with its own values.
            for (int v = 0; v < roots.size(); v++) {
                for (Map.Entry<Hash, Hash> entry : snapshots.get(v).entrySet()) {
                    assertThat(SparseMerkleTree.get(roots.get(v), entry.getKey(), store)).contains(entry.getValue());
                }
            }
        }

        SortedMap<Hash, Optional<Hash>> deleteAll = new TreeMap<>();
        model.keySet().forEach(key -> deleteAll.put(key, Optional.empty()));
        TreeUpdate cleared = SparseMerkleTree.update(root, deleteAll, store);
        assertThat(cleared.root()).isEqualTo(Hash.ZERO);
        assertThat(cleared.newNodes()).isEmpty();
        if (prune) {
            store.writeAndPrune(cleared);
            assertThat(store.size()).isZero();
        }
    }

    static SortedMap<Hash, Optional<Hash>> randomBatch(TreeTestData data, Map<Hash, Hash> model) {
        SplittableRandom random = data.random();
        List<Hash> present = new ArrayList<>(model.keySet());
        int size = 1 + (random.nextInt(4) == 0 ? random.nextInt(60) : random.nextInt(6));
        SortedMap<Hash, Optional<Hash>> batch = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            int kind = random.nextInt(100);
            if (present.isEmpty() || kind < 40) {
                batch.put(data.freshKey(present), Optional.of(data.value()));
            } else if (kind < 65) {
                batch.put(pick(random, present), Optional.of(data.value()));
            } else if (kind < 85) {
                batch.put(pick(random, present), Optional.empty());
            } else if (kind < 93) {
                Hash absent = data.freshKey(present);
                if (!model.containsKey(absent)) {
                    batch.put(absent, Optional.empty());
                }
            } else {
                Hash key = pick(random, present);
                batch.put(key, Optional.of(model.get(key)));
            }
        }
        return batch;
    }

    private static Hash pick(SplittableRandom random, List<Hash> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** New nodes are exactly "in the new tree, not the old"; stale ones exactly "in the old, not the new". */
    private static void checkNodeSetsAreExact(Hash oldRoot, TreeUpdate update, TreeNodeReader store) {
        Map<Hash, TreeNode> before = TreeWalk.reachable(oldRoot, store);
        TreeNodeReader withNew = hash -> update.newNodes().containsKey(hash)
                ? Optional.of(update.newNodes().get(hash)) : store.node(hash);
        Map<Hash, TreeNode> after = TreeWalk.reachable(update.root(), withNew);

        // Set equality rather than AssertJ's containsExactlyInAnyOrder, which is quadratic.
        assertThat(Set.copyOf(update.newNodes().keySet())).as("new nodes").isEqualTo(minus(after, before));
        assertThat(Set.copyOf(update.staleNodes())).as("stale nodes").isEqualTo(minus(before, after));
        update.newNodes().forEach((hash, node) -> assertThat(node.hash()).isEqualTo(hash));
    }

    private static Set<Hash> minus(Map<Hash, TreeNode> a, Map<Hash, TreeNode> b) {
        Set<Hash> out = new HashSet<>(a.keySet());
        out.removeAll(b.keySet());
        return out;
    }
}
