package org.stakechain.storage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.state.SparseMerkleTree;
import org.stakechain.ledger.state.StateCommitment;
import org.stakechain.ledger.state.StateKeys;
import org.stakechain.ledger.state.TreeNode;
import org.stakechain.ledger.state.TreeNodeReader;
import org.stakechain.ledger.state.TreeUpdate;

/**
 * The state tree's nodes, held in memory only: the store persists the state itself (accounts, evidence, chain
 * state) and rebuilds the tree from it on open, checking the rebuilt root against the head's. Writing the ~18
 * nodes on each touched key's path to RocksDB in every block's synced batch was most of a commit's cost.
 *
 * <p>Several heads are readable at once: a {@link HeadState} opened before a commit keeps reading the tree of its
 * own root. So nodes made stale by block h are kept until no open view is older than h ({@link #prune}). Nodes
 * are content-addressed and a stale node can come back (a balance changed and changed back): each node carries
 * the height of the block that last added it, and pruning block h's retirement removes a node only if no later
 * block brought it back, so a revived node survives the prune of its old retirement.
 *
 * <p>Readers run concurrently with the one writer (commits are serialized by {@link ChainStore}); {@link #add},
 * {@link #retire}, {@link #rollback} and {@link #prune} are called by that writer only.
 */
final class StateTree implements TreeNodeReader {
    private static final int SCAN_PAGE = 8192;
    /** The {@link Held#addedAt} of the nodes the tree is rebuilt with on open: before any block to come. */
    private static final long REBUILT = -1;

    private final Map<Hash, Held> nodes = new ConcurrentHashMap<>();
    /** Retirements not yet pruned, oldest first. Writer only. */
    private final ArrayDeque<Retired> pending = new ArrayDeque<>();

    /** The hashes one block made stale (the block's own immutable set, not copied). */
    private record Retired(long height, Collection<Hash> hashes) {
    }

    /**
     * A node and the height of the block that last added it (or brought it back). Retiring costs no lookup, and
     * pruning one map operation per node: a node goes if it was last added before the retiring block. Readers
     * only read {@code node}; {@code addedAt} is the writer's.
     */
    private static final class Held {
        final TreeNode node;
        long addedAt;

        Held(TreeNode node, long addedAt) {
            this.node = node;
            this.addedAt = addedAt;
        }
    }

    /**
     * What {@link #add} did, for {@link #rollback}: the nodes it added, and the held ones it brought back with
     * the height each was last added at before.
     */
    record Added(List<Hash> added, List<Held> revived, long[] revivedFrom) {
    }

    private StateTree() {
    }

    static StateTree empty() {
        return new StateTree();
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
        StateTree tree = new StateTree();
        built.newNodes().forEach((hash, node) -> tree.nodes.put(hash, new Held(node, REBUILT)));
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
     * Every node here was built by the tree (on rebuild, or by a block's update) and is linked to its children,
     * which stay reachable while it is: the walk reads the root here and follows links below it.
     */
    @Override
    public boolean followsLinks() {
        return true;
    }

    @Override
    public Optional<TreeNode> node(Hash hash) {
        return Optional.ofNullable(nodeOrNull(hash));
    }

    @Override
    public TreeNode nodeOrNull(Hash hash) {
        Held held = nodes.get(hash);
        return held == null ? null : held.node;
    }

    /**
     * Adds block {@code height}'s new nodes before its batch is written, so a view that sees the block in its
     * snapshot finds them. A new node already held is a retired one the block brings back (the head's tree does
     * not hold it, or it would not be new): it is marked as added again, so pruning its old retirement keeps it.
     * Returns what {@link #rollback} needs should the write fail.
     */
    Added add(long height, Map<Hash, TreeNode> newNodes) {
        List<Hash> added = new ArrayList<>(newNodes.size());
        List<Held> revived = new ArrayList<>();
        long[][] from = {new long[4]};
        newNodes.forEach((hash, node) -> {
            Held held = nodes.putIfAbsent(hash, new Held(node, height));
            if (held == null) {
                added.add(hash);
            } else {
                if (revived.size() == from[0].length) {
                    from[0] = Arrays.copyOf(from[0], 2 * revived.size());
                }
                from[0][revived.size()] = held.addedAt;
                revived.add(held);
                held.addedAt = height;
            }
        });
        return new Added(added, revived, from[0]);
    }

    /**
     * The block's write failed: nothing can reach the nodes {@link #add} added, as no view shows its root, and the
     * ones it brought back are as retired as before.
     */
    void rollback(Added added) {
        added.added().forEach(nodes::remove);
        for (int i = 0; i < added.revived().size(); i++) {
            added.revived().get(i).addedAt = added.revivedFrom()[i];
        }
    }

    /** Block {@code height} is written: its stale nodes wait for {@link #prune}. No lookup here. */
    void retire(long height, Collection<Hash> stale) {
        if (!stale.isEmpty()) {
            // the caller's set is immutable (StateChanges freezes it): kept as it is, not copied
            pending.addLast(new Retired(height, stale));
        }
    }

    /** Drops the nodes retired by blocks up to {@code oldestViewHeight}: no open view reads a tree older than it. */
    void prune(long oldestViewHeight) {
        while (!pending.isEmpty() && pending.peekFirst().height() <= oldestViewHeight) {
            Retired retired = pending.removeFirst();
            long height = retired.height();
            // one map operation per node: it goes unless a block after the retiring one added it back
            BiFunction<Hash, Held, Held> keepIfRevived = (hash, held) -> held.addedAt < height ? null : held;
            for (Hash hash : retired.hashes()) {
                nodes.computeIfPresent(hash, keepIfRevived);
            }
        }
    }

    /** Nodes held: the head's tree plus retired nodes an open view may still read. */
    int size() {
        return nodes.size();
    }

    boolean contains(Hash hash) {
        return nodes.containsKey(hash);
    }
}
