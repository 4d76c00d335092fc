package org.stakechain.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.state.InMemoryTreeNodeStore;
import org.stakechain.ledger.state.InternalNode;
import org.stakechain.ledger.state.LeafNode;
import org.stakechain.ledger.state.SparseMerkleTree;
import org.stakechain.ledger.state.TreeNode;
import org.stakechain.ledger.state.TreeNodeReader;
import org.stakechain.ledger.state.TreeUpdate;

/**
 * The in-memory tree's retention rules, driven directly: a block's stale nodes stay until their retirement is
 * pruned, a node brought back by a later block survives the prune of its old retirement, and a failed write
 * takes back what it added and brought back.
 */
class StateTreeTest {
    private static final LeafNode X = leaf(1);
    private static final LeafNode Y = leaf(2);
    private static final LeafNode Z = leaf(3);
    private static final LeafNode W = leaf(4);

    private static LeafNode leaf(int i) {
        return LeafNode.of(Hash.of(new byte[] {(byte) i}), Hash.of(new byte[] {(byte) i, 1}));
    }

    private static Map<Hash, TreeNode> nodes(TreeNode... nodes) {
        Map<Hash, TreeNode> map = new LinkedHashMap<>();
        for (TreeNode n : nodes) {
            map.put(n.hash(), n);
        }
        return map;
    }

    private static Set<Hash> hashes(TreeNode... nodes) {
        return nodes(nodes).keySet();
    }

    @Test
    void staleNodesStayUntilTheirRetirementIsPrunedAndRevivedOnesSurviveIt() {
        StateTree tree = StateTree.empty();
        tree.add(1, nodes(X, Y));
        tree.add(2, nodes(Z));
        tree.retire(2, hashes(X));
        tree.prune(1); // a view of height 1 is open: block 2's stale nodes stay
        assertThat(tree.contains(X.hash())).isTrue();
        tree.prune(2);
        assertThat(tree.contains(X.hash())).isFalse();
        assertThat(tree.nodeOrNull(Y.hash())).isSameAs(Y);

        tree.add(3, nodes(X)); // the same node again, after it went
        tree.retire(4, hashes(X));
        tree.add(5, nodes(X)); // brought back before its retirement at 4 was pruned
        tree.retire(5, hashes(Y));
        tree.prune(5);
        assertThat(tree.contains(X.hash())).as("revived at 5, after its retirement at 4").isTrue();
        assertThat(tree.contains(Y.hash())).isFalse();
        assertThat(tree.size()).isEqualTo(2); // X and Z

        tree.retire(6, hashes(X));
        StateTree.Added failed = tree.add(7, nodes(X, W)); // X brought back, W new: then the write fails
        assertThat(failed.added()).containsExactly(W.hash());
        assertThat(tree.contains(W.hash())).isTrue();
        tree.rollback(failed);
        assertThat(tree.contains(W.hash())).isFalse();
        tree.prune(7);
        assertThat(tree.contains(X.hash())).as("the failed block 7 did not bring X back").isFalse();
        assertThat(tree.contains(Z.hash())).isTrue();
        assertThat(tree.size()).isEqualTo(1);
    }

    /**
     * Blocks updated through the tree's links (the walk asks this map for the root only) and retired and pruned
     * block by block: every root equals the one a store read node by node gives, and after each prune the map
     * holds exactly the nodes reachable from the head root.
     */
    @Test
    void blocksUpdatedThroughLinksLeaveExactlyTheHeadTreeAfterPruning() {
        StateTree tree = StateTree.empty();
        InMemoryTreeNodeStore strict = InMemoryTreeNodeStore.empty();
        SplittableRandom random = new SplittableRandom(11);
        List<Hash> present = new ArrayList<>();
        Hash root = Hash.ZERO;
        int[] reads = {0};
        TreeNodeReader counting = new TreeNodeReader() {
            @Override
            public Optional<TreeNode> node(Hash hash) {
                reads[0]++;
                return tree.node(hash);
            }

            @Override
            public boolean followsLinks() {
                return tree.followsLinks();
            }
        };
        for (long height = 1; height <= 30; height++) {
            SortedMap<Hash, Optional<Hash>> batch = new TreeMap<>();
            for (int i = 0; i < 1 + random.nextInt(60); i++) {
                Hash key = Hash.of(Long.toString(random.nextLong()).getBytes());
                batch.put(key, Optional.of(Hash.of(Long.toString(random.nextLong()).getBytes())));
            }
            for (int i = 0; i < random.nextInt(20) && !present.isEmpty(); i++) {
                Hash key = present.get(random.nextInt(present.size()));
                batch.put(key, random.nextBoolean() ? Optional.empty()
                        : Optional.of(Hash.of(Long.toString(random.nextLong()).getBytes())));
            }
            reads[0] = 0;
            TreeUpdate update = SparseMerkleTree.update(root, batch, counting);
            TreeUpdate expected = SparseMerkleTree.update(root, batch, strict);
            assertThat(update.root()).as("root of block %d", height).isEqualTo(expected.root());
            assertThat(reads[0]).as("nodes looked up for block %d", height).isLessThanOrEqualTo(1);
            strict.writeAndPrune(expected);
            tree.add(height, update.newNodes());
            tree.retire(height, update.staleNodes());
            tree.prune(height);
            root = update.root();
            batch.forEach((key, value) -> {
                present.remove(key);
                value.ifPresent(v -> present.add(key));
            });
            assertThat(tree.size()).as("nodes held after block %d", height).isEqualTo(reachable(tree, root));
        }
    }

    private static int reachable(StateTree tree, Hash hash) {
        if (hash.isZero()) {
            return 0;
        }
        TreeNode node = tree.nodeOrNull(hash);
        assertThat(node).as("node %s held", hash).isNotNull();
        return node instanceof InternalNode internal
                ? 1 + reachable(tree, internal.left()) + reachable(tree, internal.right()) : 1;
    }
}
