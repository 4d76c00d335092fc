package org.stakechain.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.state.SparseMerkleTree;
import org.stakechain.ledger.state.StateCommitment;
import org.stakechain.ledger.state.StateKeys;
import org.stakechain.ledger.state.TreeNode;
import org.stakechain.ledger.state.TreeNodeReader;
import org.stakechain.ledger.state.TreeUpdate;

/**
 * The state tree, held in memory only and by its roots: the store persists the state itself (accounts, evidence,
 * chain state) and rebuilds the tree from it on open, checking the rebuilt root against the head's. Writing the ~18
 * nodes on each touched key's path to RocksDB in every block's synced batch was most of a commit's cost.
 *
 * <p>Every node here was built by the tree (on rebuild, or by a block's update over this tree) and links to its
 * children ({@link TreeNodeReader#followsLinks}), so a tree is whole given its root node: this holds the head's root
 * node, and while a block is being written that block's. A {@link HeadState} takes its own root's node when it opens
 * ({@link #reader}) and reads that tree until it closes, whatever commits meanwhile. Nothing else is kept: a node
 * no root reaches any more (made stale by a block, and no longer under an open view's root) is garbage for the
 * collector, so there is no per-node bookkeeping on commit, no retirement list and no pruning. (Before, every node
 * sat in a concurrent map with the height that last added it, and the stale ones were pruned once no open view was
 * older: a map operation per new and per stale node, ~7% of the consensus thread.) Content addressing makes no
 * difference to this: a node that "comes back" in a later block is simply reachable again from that block's root.
 *
 * <p>Readers run concurrently with the one writer (commits are serialized by {@link ChainStore}, which calls
 * {@link #prepare}, {@link #rollback} and {@link #advance} under its view lock, so a view whose snapshot shows a block
 * finds that block's root here).
 */
final class StateTree {
    private static final int SCAN_PAGE = 8192;

    /** The head's root (null before genesis); its node is null for the empty tree. */
    private volatile Root head;
    /** The root of the block being written (between {@link #prepare} and {@link #advance}), else null. */
    private volatile Root pending;

    /** A root hash and its node, swapped as one. */
    private record Root(Hash hash, TreeNode node) {
    }

    private StateTree(Root head) {
        this.head = head;
    }

    /** Before genesis: no root yet. */
    static StateTree empty() {
        return new StateTree(null);
    }

    /**
     * The tree of the state stored in {@code kv} (accounts, evidence and {@code chainCommitment}, the chain state's
     * commitment bytes), built from scratch: O(N) hashing, about a second for 100,000 accounts here.
     */
    static Rebuilt rebuild(KeyValueReader kv, byte[] chainCommitment) {
        SortedMap<Hash, Optional<Hash>> all = new TreeMap<>();
        forEach(kv, Column.ACCOUNTS, (key, value) -> all.put(StateKeys.account(Address.wrap(key)),
                Optional.of(StateCommitment.valueHash(value))));
        forEach(kv, Column.EVIDENCE, (key, value) -> all.put(StateKeys.evidence(Hash.wrap(key)),
                Optional.of(StateKeys.EVIDENCE_MARK)));
        all.put(StateKeys.CHAIN_KEY, Optional.of(StateCommitment.valueHash(chainCommitment)));
        TreeUpdate built = SparseMerkleTree.update(Hash.ZERO, all, hash -> Optional.empty());
        StateTree tree = new StateTree(new Root(built.root(),
                SparseMerkleTree.linkedRoot(built.root(), built.newNodes(), null)));
        return new Rebuilt(tree, built.root(), all.size() - 1);
    }

    /** A rebuilt tree, its root, and how many accounts and evidence ids it holds. */
    record Rebuilt(StateTree tree, Hash root, int entries) {
    }

    private interface EntryConsumer {
        void accept(byte[] key, byte[] value);
    }

    /** Every entry of {@code column}, a page at a time so a large column is not held twice. */
    private static void forEach(KeyValueReader kv, Column column, EntryConsumer consumer) {
        byte[] from = new byte[0];
        while (true) {
            List<KeyValue> page = kv.scan(column, from, null, SCAN_PAGE);
            for (KeyValue e : page) {
                consumer.accept(e.key(), e.value());
            }
            if (page.size() < SCAN_PAGE) {
                return;
            }
            byte[] last = page.get(page.size() - 1).key();
            from = Arrays.copyOf(last, last.length + 1); // the smallest key after last
        }
    }

    /**
     * A block with state root {@code root} and new nodes {@code newNodes}, computed on the head's tree, is about to be
     * written: its root node is found (no lookup when the tree recorded it) and held, so a view whose snapshot shows
     * the block can read it. Nothing is changed if the nodes do not form a whole tree over the head's.
     *
     * @throws IllegalArgumentException if a new node does not link to its children or the root's node is not there
     *                                  (see {@link SparseMerkleTree#linkedRoot}); nothing is written then
     */
    void prepare(Hash root, Map<Hash, TreeNode> newNodes) {
        prepare(root, rootNode(root, newNodes));
    }

    /**
     * The node of a block's root over the head's tree, checked as {@link #prepare} does, without holding it: the
     * writer computes it before taking the lock that {@link #prepare(Hash, TreeNode)} runs under.
     */
    TreeNode rootNode(Hash root, Map<Hash, TreeNode> newNodes) {
        Root current = head;
        return SparseMerkleTree.linkedRoot(root, newNodes, current == null ? null : current.node());
    }

    /** Holds {@code node}, from {@link #rootNode}, as the root of the block about to be written. */
    void prepare(Hash root, TreeNode node) {
        pending = new Root(root, node);
    }

    /** The block's write failed: its root goes, and the head's stays as it was. */
    void rollback() {
        pending = null;
    }

    /** The block is written and is the head now: its root replaces the old head's (views of that one keep theirs). */
    void advance() {
        Root next = pending;
        if (next == null) {
            throw new IllegalStateException("no block prepared");
        }
        head = next;
        pending = null;
    }

    /**
     * A reader of the tree with root {@code root}, the head's or the block being written: asked for the root node
     * only (every node below is reached through links). The reader holds the root node itself, so the tree stays
     * readable through it for as long as the caller keeps it, whatever commits meanwhile.
     *
     * @throws StorageException if {@code root} is neither (a snapshot that shows a head this store never held)
     */
    TreeNodeReader reader(Hash root) {
        for (Root r : new Root[] {head, pending}) {
            if (r != null && r.hash().equals(root)) {
                return new RootReader(root, r.node());
            }
        }
        throw new StorageException("the state tree holds no root " + root + ": the store is damaged");
    }

    /** The head's root node (null: the empty tree), for tests. */
    TreeNode headNode() {
        Root r = head;
        return r == null ? null : r.node();
    }

    /** Nodes of the head's tree, counted by walking it: for tests and probes (O(N)). */
    int size() {
        int[] count = {0};
        SparseMerkleTree.walkLinked(headNode(), node -> count[0]++);
        return count[0];
    }

    /** Whether a block's root is held besides the head's (only between prepare and advance or rollback). */
    boolean hasPending() {
        return pending != null;
    }

    /** One view's tree: its root node, the rest reached by links. */
    private static final class RootReader implements TreeNodeReader {
        private final Hash root;
        private final TreeNode node;

        RootReader(Hash root, TreeNode node) {
            this.root = root;
            this.node = node;
        }

        @Override
        public boolean followsLinks() {
            return true;
        }

        @Override
        public Optional<TreeNode> node(Hash hash) {
            return Optional.ofNullable(nodeOrNull(hash));
        }

        /** The root only: a walk steps down the links below it. Any other hash is not looked up, so null. */
        @Override
        public TreeNode nodeOrNull(Hash hash) {
            return node != null && hash.equals(root) ? node : null;
        }
    }
}
