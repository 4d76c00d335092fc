package org.stakechain.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.state.InMemoryTreeNodeStore;
import org.stakechain.ledger.state.LeafNode;
import org.stakechain.ledger.state.SparseMerkleTree;
import org.stakechain.ledger.state.TreeNode;
import org.stakechain.ledger.state.TreeNodeReader;
import org.stakechain.ledger.state.TreeUpdate;
import org.stakechain.testing.Seeds;

/**
 * The in-memory tree held by its roots, driven directly: a reader taken at a root keeps reading that tree while the
 * head moves on (no node map, no pruning: the reader holds its root node), a failed write leaves the head as it was,
 * and new nodes that do not link to their children (an update computed off the linked tree) are refused before
 * anything is written.
 */
class StateTreeTest {
    private static Hash random(SplittableRandom random) {
        return Hash.of(Long.toString(random.nextLong()).getBytes());
    }

    /** A counting wrapper: the walk must ask for the root only and follow links below it. */
    private static final class Counting implements TreeNodeReader {
        private final TreeNodeReader inner;
        int reads;

        Counting(TreeNodeReader inner) {
            this.inner = inner;
        }

        @Override
        public Optional<TreeNode> node(Hash hash) {
            reads++;
            return inner.node(hash);
        }

        @Override
        public TreeNode nodeOrNull(Hash hash) {
            reads++;
            return inner.nodeOrNull(hash);
        }

        @Override
        public boolean followsLinks() {
            return inner.followsLinks();
        }
    }

    /**
     * Seeded blocks (inserts, updates, deletes of present and absent keys) committed one after another through the
     * head's reader, as ChainStore does: every root equals the one a store read node by node gives, the walk reads
     * the root only, and readers kept from every earlier head still answer every key as it was at their head.
     */
    @Test
    void readersKeepTheirOwnTreeWhileTheHeadMovesOn() {
        long[] seeds = Seeds.of("statetree.seed", 11, 4);
        System.out.printf("StateTreeTest seeds %d..%d (replay one with -Dstatetree.seed=N)%n", seeds[0],
                seeds[seeds.length - 1]);
        for (long seed : seeds) {
            readersKeepTheirOwnTree(seed);
        }
    }

    private static void readersKeepTheirOwnTree(long seed) {
        StateTree tree = StateTree.empty();
        InMemoryTreeNodeStore strict = InMemoryTreeNodeStore.empty();
        SplittableRandom random = new SplittableRandom(seed);
        Map<Hash, Hash> present = new HashMap<>();
        List<Hash> keys = new ArrayList<>();
        List<TreeNodeReader> readers = new ArrayList<>();
        List<Hash> roots = new ArrayList<>();
        List<Map<Hash, Hash>> states = new ArrayList<>();
        Hash root = Hash.ZERO;
        tree.prepare(root, Map.of()); // genesis of an empty state
        tree.advance();
        for (int height = 1; height <= 30; height++) {
            SortedMap<Hash, Optional<Hash>> batch = new TreeMap<>();
            for (int i = 0; i < 1 + random.nextInt(60); i++) {
                Hash key = random(random);
                keys.add(key);
                batch.put(key, Optional.of(random(random)));
            }
            for (int i = 0; i < random.nextInt(20) && !keys.isEmpty(); i++) {
                Hash key = keys.get(random.nextInt(keys.size()));
                batch.put(key, random.nextBoolean() ? Optional.empty() : Optional.of(random(random)));
            }
            Counting counting = new Counting(tree.reader(root));
            TreeUpdate update = SparseMerkleTree.update(root, batch, counting);
            TreeUpdate expected = SparseMerkleTree.update(root, batch, strict);
            assertThat(update.root()).as("root of block %d (seed %d)", height, seed).isEqualTo(expected.root());
            assertThat(counting.reads).as("nodes looked up for block %d", height).isLessThanOrEqualTo(1);
            strict.writeAndPrune(expected);
            tree.prepare(update.root(), update.newNodes());
            assertThat(tree.hasPending()).isTrue();
            tree.advance();
            root = update.root();
            batch.forEach((key, value) -> {
                if (value.isPresent()) {
                    present.put(key, value.get());
                } else {
                    present.remove(key);
                }
            });
            readers.add(tree.reader(root));
            roots.add(root);
            states.add(Map.copyOf(present));
            assertThat(tree.size()).as("nodes of the head's tree after block %d", height)
                    .isEqualTo(strict.size());
        }
        for (int h = 0; h < readers.size(); h++) {
            for (Hash key : keys) {
                assertThat(SparseMerkleTree.get(roots.get(h), key, readers.get(h)))
                        .as("key %s at head %d (seed %d)", key, h + 1, seed)
                        .isEqualTo(Optional.ofNullable(states.get(h).get(key)));
            }
        }
        assertThatThrownBy(() -> tree.reader(roots.get(0))).as("an old root is not held by the tree itself")
                .isInstanceOf(StorageException.class).hasMessageContaining("damaged");
    }

    @Test
    void aFailedWriteLeavesTheHeadAsItWas() {
        StateTree tree = StateTree.empty();
        assertThatThrownBy(tree::advance).isInstanceOf(IllegalStateException.class);
        SortedMap<Hash, Optional<Hash>> first = new TreeMap<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20; i++) {
            first.put(random(random), Optional.of(random(random)));
        }
        TreeUpdate genesis = SparseMerkleTree.update(Hash.ZERO, first, hash -> Optional.empty());
        tree.prepare(genesis.root(), genesis.newNodes());
        tree.advance();
        TreeNode head = tree.headNode();
        assertThat(head.hash()).isEqualTo(genesis.root());

        SortedMap<Hash, Optional<Hash>> next = new TreeMap<>(Map.of(random(random), Optional.of(random(random))));
        TreeUpdate failed = SparseMerkleTree.update(genesis.root(), next, tree.reader(genesis.root()));
        tree.prepare(failed.root(), failed.newNodes());
        assertThat(tree.reader(failed.root()).nodeOrNull(failed.root())).as("readable while written").isNotNull();
        tree.rollback();
        assertThat(tree.hasPending()).isFalse();
        assertThat(tree.headNode()).isSameAs(head);
        assertThatThrownBy(() -> tree.reader(failed.root())).isInstanceOf(StorageException.class);
        assertThatThrownBy(tree::advance).isInstanceOf(IllegalStateException.class);
    }

    /**
     * An update computed on a reader that does not follow links builds nodes without links to the children it did
     * not touch: a tree held by its root alone would be missing them, so the store refuses it and holds nothing new.
     */
    @Test
    void nodesThatDoNotLinkToTheirChildrenAreRefused() {
        SortedMap<Hash, Optional<Hash>> first = new TreeMap<>();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 50; i++) {
            first.put(random(random), Optional.of(random(random)));
        }
        TreeUpdate genesis = SparseMerkleTree.update(Hash.ZERO, first, hash -> Optional.empty());
        StateTree tree = StateTree.empty();
        tree.prepare(genesis.root(), genesis.newNodes());
        tree.advance();
        InMemoryTreeNodeStore strict = InMemoryTreeNodeStore.empty();
        strict.write(genesis);
        SortedMap<Hash, Optional<Hash>> next = new TreeMap<>(Map.of(random(random), Optional.of(random(random))));
        TreeUpdate unlinked = SparseMerkleTree.update(genesis.root(), next, strict);
        assertThatThrownBy(() -> tree.prepare(unlinked.root(), unlinked.newNodes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not link");
        assertThat(tree.hasPending()).isFalse();
        assertThat(tree.headNode().hash()).isEqualTo(genesis.root());
    }

    /** Deleting every key but one floats that old leaf up to the root: not a new node, found in the previous tree. */
    @Test
    void aLoneOldLeafThatBecomesTheRootIsFoundInThePreviousTree() {
        SortedMap<Hash, Optional<Hash>> first = new TreeMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 40; i++) {
            first.put(random(random), Optional.of(random(random)));
        }
        TreeUpdate genesis = SparseMerkleTree.update(Hash.ZERO, first, hash -> Optional.empty());
        StateTree tree = StateTree.empty();
        tree.prepare(genesis.root(), genesis.newNodes());
        tree.advance();
        Hash kept = first.firstKey();
        SortedMap<Hash, Optional<Hash>> deleteAllButOne = new TreeMap<>();
        first.keySet().stream().filter(k -> !k.equals(kept)).forEach(k -> deleteAllButOne.put(k, Optional.empty()));
        TreeUpdate update = SparseMerkleTree.update(genesis.root(), deleteAllButOne, tree.reader(genesis.root()));
        assertThat(update.newNodes()).isEmpty();
        tree.prepare(update.root(), update.newNodes());
        tree.advance();
        assertThat(tree.headNode()).isInstanceOf(LeafNode.class);
        assertThat(((LeafNode) tree.headNode()).key()).isEqualTo(kept);
        assertThat(tree.size()).isEqualTo(1);

        SortedMap<Hash, Optional<Hash>> deleteLast = new TreeMap<>(Map.of(kept, Optional.empty()));
        TreeUpdate empty = SparseMerkleTree.update(update.root(), deleteLast, tree.reader(update.root()));
        assertThat(empty.root()).isEqualTo(Hash.ZERO);
        tree.prepare(empty.root(), empty.newNodes());
        tree.advance();
        assertThat(tree.headNode()).isNull();
        assertThat(tree.size()).isZero();
        assertThat(SparseMerkleTree.get(Hash.ZERO, kept, tree.reader(Hash.ZERO))).isEmpty();
    }
}
