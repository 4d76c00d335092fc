package org.stakechain.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hash;

/**
 * The walk that follows the links of the nodes the tree built ({@link TreeNodeReader#followsLinks}) against the
 * walk that reads every node from the store: over seeded random batches of inserts, updates, deletes (of present
 * and absent keys) and no-op writes, both give the same root (the one {@link NaiveStateRoot} gives), the same new
 * nodes and the same stale ones, in the same order; the links agree with the hashes; and with links the store is
 * asked for the root only.
 */
class LinkedTreeTest {

    @Test
    void followingLinksGivesTheSameUpdatesAsReadingEveryNode() {
        SeededRuns.forEach("followingLinksGivesTheSameUpdatesAsReadingEveryNode", 80, this::runSequence);
    }

    private void runSequence(long seed) {
        TreeTestData data = new TreeTestData(seed);
        SplittableRandom random = data.random();
        boolean prune = random.nextBoolean();
        InMemoryTreeNodeStore strict = InMemoryTreeNodeStore.empty();
        InMemoryTreeNodeStore linked = InMemoryTreeNodeStore.linked();
        TreeMap<Hash, Hash> model = new TreeMap<>();
        Hash root = Hash.ZERO;

        // a start of a few hundred keys, so batches go deep and deletes float leaves up through links
        SortedMap<Hash, Optional<Hash>> start = new TreeMap<>();
        int initial = random.nextInt(400);
        for (int i = 0; i < initial; i++) {
            start.put(data.key(), Optional.of(data.value()));
        }
        List<SortedMap<Hash, Optional<Hash>>> batches = new ArrayList<>();
        batches.add(start);
        int count = 5 + random.nextInt(20);
        for (int b = 0; b <= count; b++) {
            SortedMap<Hash, Optional<Hash>> batch = b == 0 ? start : SparseMerkleTreeReferenceTest.randomBatch(data, model);
            CountingReader counting = new CountingReader(linked);
            TreeUpdate byReads = SparseMerkleTree.update(root, batch, strict);
            TreeUpdate byLinks = SparseMerkleTree.update(root, batch, counting);
            batch.forEach((key, value) -> {
                if (value.isPresent()) {
                    model.put(key, value.get());
                } else {
                    model.remove(key);
                }
            });

            assertThat(byLinks.root()).as("root after batch %d", b).isEqualTo(byReads.root())
                    .isEqualTo(NaiveStateRoot.of(model));
            assertThat(List.copyOf(byLinks.newNodes().keySet())).as("new nodes after batch %d", b)
                    .isEqualTo(List.copyOf(byReads.newNodes().keySet()));
            assertThat(List.copyOf(byLinks.staleNodes())).as("stale nodes after batch %d", b)
                    .isEqualTo(List.copyOf(byReads.staleNodes()));
            assertThat(counting.reads.get()).as("nodes read from the store in batch %d", b)
                    .isLessThanOrEqualTo(1);
            if (prune) {
                strict.writeAndPrune(byReads);
                linked.writeAndPrune(byLinks);
                assertThat(linked.hashes()).isEqualTo(TreeWalk.reachable(byLinks.root(), linked).keySet());
            } else {
                strict.write(byReads);
                linked.write(byLinks);
            }
            root = byLinks.root();
            checkLinks(root, linked);
            for (Hash key : batch.keySet()) {
                assertThat(SparseMerkleTree.get(root, key, linked)).isEqualTo(Optional.ofNullable(model.get(key)));
            }
        }
    }

    @Test
    void aTreeBuiltByUpdatesNeedsOnlyItsRootFromTheStore() {
        TreeTestData data = new TreeTestData(7);
        TreeUpdate built = SparseMerkleTree.update(Hash.ZERO, TreeTestData.inserts(data.entries(500)),
                InMemoryTreeNodeStore.empty());
        InMemoryTreeNodeStore onlyRoot = InMemoryTreeNodeStore.linked();
        onlyRoot.write(new TreeUpdate(built.root(), Map.of(built.root(), built.newNodes().get(built.root())),
                java.util.Set.of()));
        InMemoryTreeNodeStore all = InMemoryTreeNodeStore.empty();
        all.write(built);

        SortedMap<Hash, Optional<Hash>> batch = new TreeMap<>();
        List<Hash> keys = new ArrayList<>(built.newNodes().values().stream()
                .filter(LeafNode.class::isInstance).map(n -> ((LeafNode) n).key()).toList());
        for (int i = 0; i < keys.size(); i += 7) {
            batch.put(keys.get(i), i % 2 == 0 ? Optional.of(data.value()) : Optional.empty());
        }
        batch.put(data.key(), Optional.of(data.value()));

        assertThat(SparseMerkleTree.update(built.root(), batch, onlyRoot).root())
                .isEqualTo(SparseMerkleTree.update(built.root(), batch, all).root());
    }

    /** Every link an internal node holds is the node of the child hash it names. */
    private static void checkLinks(Hash root, TreeNodeReader store) {
        for (TreeNode node : TreeWalk.reachable(root, store).values()) {
            if (node instanceof InternalNode internal) {
                if (internal.leftNode() != null) {
                    assertThat(internal.leftNode().hash()).isEqualTo(internal.left());
                }
                if (internal.rightNode() != null) {
                    assertThat(internal.rightNode().hash()).isEqualTo(internal.right());
                }
            }
        }
    }

    /** Counts the nodes the tree asks the store for; follows links as the store does. */
    private static final class CountingReader implements TreeNodeReader {
        private final TreeNodeReader store;
        final AtomicInteger reads = new AtomicInteger();

        CountingReader(TreeNodeReader store) {
            this.store = store;
        }

        @Override
        public Optional<TreeNode> node(Hash hash) {
            reads.incrementAndGet();
            return store.node(hash);
        }

        @Override
        public boolean followsLinks() {
            return store.followsLinks();
        }
    }
}
