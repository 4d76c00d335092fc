package org.stakechain.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hash;

/**
 * The walk tells an empty child by identity with {@link Hash#ZERO} and an unchanged child by the identity of its node;
 * here every node it reads is a fresh decoded copy (its hashes, zero ones included, new objects) and every root it is
 * given a fresh copy too. Over seeded random batches the root is the one {@link NaiveStateRoot} gives, and the new and
 * stale nodes are those of the same batch on the linked tree, in the same order.
 */
class SparseMerkleTreeDecodedStoreTest {

    @Test
    void nodesAndRootsAsFreshCopiesGiveTheSameUpdatesAsTheLinkedTree() {
        SeededRuns.forEach("nodesAndRootsAsFreshCopiesGiveTheSameUpdatesAsTheLinkedTree", 60, this::runSequence);
    }

    @Test
    void anEmptyChildIsHashZeroItselfWhateverZeroHashWasGiven() {
        Hash zero = Hash.wrap(new byte[Hash.LENGTH]);
        Hash value = Hash.of(new byte[] {1});
        InternalNode node = InternalNode.of(zero, value);
        assertThat(node.left()).isSameAs(Hash.ZERO);
        assertThat(node.right()).isSameAs(value);
        assertThat(node.hash()).isEqualTo(InternalNode.of(Hash.ZERO, value).hash());
        InternalNode decoded = (InternalNode) TreeNode.decode(InternalNode.of(value, Hash.ZERO).encode());
        assertThat(decoded.right()).isSameAs(Hash.ZERO);
    }

    private void runSequence(long seed) {
        TreeTestData data = new TreeTestData(seed);
        SplittableRandom random = data.random();
        InMemoryTreeNodeStore strict = InMemoryTreeNodeStore.empty();
        InMemoryTreeNodeStore linked = InMemoryTreeNodeStore.linked();
        TreeNodeReader decoded = hash -> strict.node(hash).map(node -> TreeNode.decode(node.encode()));
        TreeMap<Hash, Hash> model = new TreeMap<>();
        Hash root = Hash.ZERO;

        SortedMap<Hash, Optional<Hash>> start = new TreeMap<>();
        int initial = random.nextInt(300);
        for (int i = 0; i < initial; i++) {
            start.put(data.key(), Optional.of(data.value()));
        }
        int count = 5 + random.nextInt(20);
        for (int b = 0; b <= count; b++) {
            SortedMap<Hash, Optional<Hash>> batch = b == 0 ? start
                    : SparseMerkleTreeReferenceTest.randomBatch(data, model);
            TreeUpdate byCopies = SparseMerkleTree.update(Hash.wrap(root.bytes()), batch, decoded);
            TreeUpdate byLinks = SparseMerkleTree.update(root, batch, linked);
            batch.forEach((key, value) -> {
                if (value.isPresent()) {
                    model.put(key, value.get());
                } else {
                    model.remove(key);
                }
            });

            assertThat(byCopies.root()).as("root after batch %d", b).isEqualTo(NaiveStateRoot.of(model))
                    .isEqualTo(byLinks.root());
            assertThat(List.copyOf(byCopies.newNodes().keySet())).as("new nodes after batch %d", b)
                    .isEqualTo(List.copyOf(byLinks.newNodes().keySet()));
            assertThat(List.copyOf(byCopies.staleNodes())).as("stale nodes after batch %d", b)
                    .isEqualTo(List.copyOf(byLinks.staleNodes()));
            strict.writeAndPrune(byCopies);
            linked.writeAndPrune(byLinks);
            root = byLinks.root();
            for (Hash key : batch.keySet()) {
                assertThat(SparseMerkleTree.get(Hash.wrap(root.bytes()), key, decoded))
                        .isEqualTo(Optional.ofNullable(model.get(key)));
            }
        }
    }
}
