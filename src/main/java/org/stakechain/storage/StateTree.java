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
 * are content-addressed and a stale node can come back (a balance changed and changed back): a node is removed
 * only if its latest retirement is the one being pruned, so a revived node survives the prune of its old
 * retirement.
 *
 * <p>Readers run concurrently with the one writer (commits are serialized by {@link ChainStore}); {@link #add},
 * {@link #retire}, {@link #rollback} and {@link #prune} are called by that writer only.
 */
final class StateTree implements TreeNodeReader {
    private static final int SCAN_PAGE = 8192;

    private final Map<Hash, Held> nodes = new ConcurrentHashMap<>();
    /** Retirements not yet pruned, oldest first. Writer only. */
    private final ArrayDeque<Retired> pending = new ArrayDeque<>();

    /**
     * The nodes one block made stale, held as the map's own entries: pruning checks each one's mark and removes it
     * without looking it up again (a lookup in this large map is mostly a cache miss).
     */
    private record Retired(long height, Held[] held) {
    }

    /**
     * A node and the height of the block that last made it stale ({@link #LIVE} if it is in the head's tree). The
     * mark sits beside the node so that retiring and pruning cost one map lookup per node, not a second map.
     * Readers only read {@code node}; {@code staleSince} is the writer's.
     */
    private static final class Held {
        final Hash hash;
        final TreeNode node;
        long staleSince = LIVE;

        Held(Hash hash, TreeNode node) {
            this.hash = hash;
            this.node = node;
        }
    }

    private static final long LIVE = -1;

    /** What {@link #add} did: the nodes it added, and the held ones it found retired (revived by the block). */
    record Added(List<Hash> added, List<Held> revived) {
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
        built.newNodes().forEach((hash, node) -> tree.nodes.put(hash, new Held(hash, node)));
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
     * Adds a block's new nodes before its batch is written, so a view that sees the block in its snapshot finds
     * them. Returns the ones that were not held, for {@link #rollback} should the write fail, and the retired ones
     * the block brings back, for {@link #retire} to mark live once it is written.
     */
    Added add(Map<Hash, TreeNode> newNodes) {
        List<Hash> added = new ArrayList<>(newNodes.size());
        List<Held> revived = new ArrayList<>();
        newNodes.forEach((hash, node) -> {
            Held held = nodes.putIfAbsent(hash, new Held(hash, node));
            if (held == null) {
                added.add(hash);
            } else if (held.staleSince != LIVE) {
                revived.add(held);
            }
        });
        return new Added(added, revived);
    }

    /** The block's write failed: nothing can reach the nodes {@link #add} added, as no view shows its root. */
    void rollback(Added added) {
        added.added().forEach(nodes::remove);
    }

    /**
     * Block {@code height} is written: the nodes it revived are live (cancelling their pending retirement), and
     * its stale nodes wait for {@link #prune}.
     */
    void retire(long height, Added added, Collection<Hash> stale) {
        for (Held held : added.revived()) {
            held.staleSince = LIVE;
        }
        if (!stale.isEmpty()) {
            Held[] retired = new Held[stale.size()];
            int n = 0;
            for (Hash hash : stale) {
                Held held = nodes.get(hash);
                if (held != null) {
                    held.staleSince = height;
                    retired[n++] = held;
                }
            }
            pending.addLast(new Retired(height, n == retired.length ? retired : Arrays.copyOf(retired, n)));
        }
    }

    /** Drops the nodes retired by blocks up to {@code oldestViewHeight}: no open view reads a tree older than it. */
    void prune(long oldestViewHeight) {
        while (!pending.isEmpty() && pending.peekFirst().height() <= oldestViewHeight) {
            Retired retired = pending.removeFirst();
            for (Held held : retired.held()) {
                // only if this retirement is its latest: revived since, or retired again later, it stays; and only
                // this entry (a node pruned and added again since is another entry)
                if (held.staleSince == retired.height()) {
                    nodes.remove(held.hash, held);
                }
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
