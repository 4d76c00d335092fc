package org.stakechain.ledger.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.stakechain.crypto.Hash;

/**
 * The state root: a compact binary sparse Merkle tree over 256-bit keys (the binary form of Diem's
 * Jellyfish Merkle tree).
 *
 * <p>A key's path is its bits, most significant first; a leaf sits at the shallowest depth where it is
 * alone in its subtree, and an empty subtree hashes to {@link Hash#ZERO}. Hence the canonical rules: no
 * internal node has two empty children, or an empty child beside a lone leaf. The root is a pure function
 * of the key/value set, whatever the order or batching of the updates that built it.
 *
 * <p>Pure: the only input besides the arguments is the node reader, and nothing is written; the caller
 * persists {@link TreeUpdate#newNodes()}. A node the reader lacks, or one that does not hash to the hash it
 * was asked for, is a corrupt store and fails with {@link IllegalStateException}, never a wrong root.
 */
public final class SparseMerkleTree {
    /** Keys have 256 bits: an internal node at depth d branches on bit d, so d < 256. */
    static final int KEY_BITS = Hash.LENGTH * 8;

    private SparseMerkleTree() {
    }

    /**
     * Applies {@code changes} to the tree at {@code root}: a present value sets the key's value hash, an
     * empty one deletes the key (a no-op if it is absent). The batch is walked once, top down, split by key
     * bit at each depth, so a node shared by many changed keys is read and rehashed once: the cost is
     * O(changes × depth), depth ≈ log2(keys).
     */
    public static TreeUpdate update(Hash root, SortedMap<Hash, Optional<Hash>> changes, TreeNodeReader nodes) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(nodes, "nodes");
        if (changes.isEmpty()) {
            return new TreeUpdate(root, Map.of(), Set.of());
        }
        // The walk relies on key order being bit order; a map with its own comparator may not be.
        SortedMap<Hash, Optional<Hash>> sorted = changes;
        if (changes.comparator() != null) {
            sorted = new TreeMap<>(); // not new TreeMap<>(changes): that would keep the foreign comparator
            sorted.putAll(changes);
        }
        int n = sorted.size();
        Hash[] keys = new Hash[n];
        Hash[] values = new Hash[n];
        int i = 0;
        for (Map.Entry<Hash, Optional<Hash>> change : sorted.entrySet()) {
            keys[i] = Objects.requireNonNull(change.getKey(), "change key");
            Optional<Hash> value = change.getValue();
            if (value == null) {
                throw new NullPointerException("change value for " + change.getKey());
            }
            values[i] = value.orElse(null);
            i++;
        }
        return new Updater(keys, values, nodes).run(root);
    }

    /**
     * As {@link #update(Hash, SortedMap, TreeNodeReader)} over parallel arrays, without a sorted map to build:
     * {@code keys} strictly ascending (unsigned byte order, which is bit order), {@code values[i]} the new value
     * hash of {@code keys[i]} or null to delete it. The arrays are not kept; out-of-order keys are rejected.
     */
    public static TreeUpdate update(Hash root, Hash[] keys, Hash[] values, TreeNodeReader nodes) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(nodes, "nodes");
        if (keys.length != values.length) {
            throw new IllegalArgumentException(keys.length + " keys but " + values.length + " values");
        }
        for (int i = 0; i < keys.length; i++) {
            Objects.requireNonNull(keys[i], "change key");
            if (i > 0 && keys[i - 1].compareTo(keys[i]) >= 0) {
                throw new IllegalArgumentException("change keys not strictly ascending at index " + i);
            }
        }
        if (keys.length == 0) {
            return new TreeUpdate(root, Map.of(), Set.of());
        }
        return new Updater(keys.clone(), values.clone(), nodes).run(root);
    }

    /**
     * The value hash stored under {@code key}, if any. A reader that {@link TreeNodeReader#followsLinks follows links}
     * is asked for the root only, as by {@link #update}.
     */
    public static Optional<Hash> get(Hash root, Hash key, TreeNodeReader nodes) {
        boolean links = nodes.followsLinks();
        Hash current = root;
        TreeNode linked = null;
        for (int depth = 0; ; depth++) {
            if (current.isZero()) {
                return Optional.empty();
            }
            TreeNode node = linked != null ? linked : read(nodes, current, depth);
            if (node instanceof LeafNode leaf) {
                return leaf.key().equals(key) ? Optional.of(leaf.valueHash()) : Optional.empty();
            }
            InternalNode internal = (InternalNode) node;
            boolean bit = key.bit(depth);
            current = internal.child(bit);
            linked = links ? internal.childNode(bit) : null;
        }
    }

    /** A proof of {@code key}'s value, or of its absence, against {@code root} (links followed as by {@link #get}). */
    public static SparseMerkleProof prove(Hash root, Hash key, TreeNodeReader nodes) {
        boolean links = nodes.followsLinks();
        List<Hash> siblings = new ArrayList<>();
        Hash current = root;
        TreeNode linked = null;
        for (int depth = 0; ; depth++) {
            if (current.isZero()) {
                return SparseMerkleProof.of(siblings, Optional.empty());
            }
            TreeNode node = linked != null ? linked : read(nodes, current, depth);
            if (node instanceof LeafNode leaf) {
                return SparseMerkleProof.of(siblings, Optional.of(leaf));
            }
            InternalNode internal = (InternalNode) node;
            boolean bit = key.bit(depth);
            siblings.add(internal.child(!bit));
            current = internal.child(bit);
            linked = links ? internal.childNode(bit) : null;
        }
    }

    /**
     * The node of {@code root}, the root an update produced with {@code newNodes} from a tree whose root node is
     * {@code previous} (null for the empty tree): for a store that holds a tree by its root node alone and reaches
     * the rest through the links ({@link TreeNodeReader#followsLinks}). Null when {@code root} is the empty tree.
     * Every new internal node must link to each non-empty child, so the tree under the root is whole given that the
     * tree under {@code previous} was: an update computed on a reader that follows links gives that, one computed on
     * a reader that does not (or a map of nodes from elsewhere) may not, and is refused.
     *
     * @throws IllegalArgumentException if a new node lacks a link, or the root's node is neither new nor in the
     *                                  previous tree
     */
    public static TreeNode linkedRoot(Hash root, Map<Hash, TreeNode> newNodes, TreeNode previous) {
        Objects.requireNonNull(root, "root");
        newNodes.forEach((hash, node) -> {
            if (node instanceof InternalNode internal && !internal.linkedWhole()) {
                throw new IllegalArgumentException("new state tree node " + hash + " does not link to its children: "
                        + "the update was not computed on this store's linked tree");
            }
        });
        if (root.isZero()) {
            return null;
        }
        TreeNode recorded = Frozen.recordedRoot(newNodes);
        if (recorded != null && recorded.hash().equals(root)) {
            return recorded;
        }
        if (previous != null && previous.hash().equals(root)) {
            return previous;
        }
        TreeNode fresh = newNodes.get(root);
        if (fresh != null) {
            return fresh;
        }
        // left: a lone old leaf floated up to the root (every other key deleted): find it in the previous tree
        TreeNode[] found = new TreeNode[1];
        if (previous != null) {
            walkLinked(previous, node -> {
                if (found[0] == null && node instanceof LeafNode && node.hash().equals(root)) {
                    found[0] = node;
                }
            });
        }
        if (found[0] == null) {
            throw new IllegalArgumentException("the node of state root " + root + " is neither among the new nodes "
                    + "nor in the previous tree");
        }
        return found[0];
    }

    /**
     * Visits every node of the tree under {@code root} (null: the empty tree) by its links, each parent before its
     * children: what a store holding trees by their roots has. A missing link, or one to a node of another hash than
     * its parent names, fails with {@link IllegalStateException}. Iterative: a tree is up to 256 levels deep.
     */
    public static void walkLinked(TreeNode root, java.util.function.Consumer<TreeNode> visitor) {
        if (root == null) {
            return;
        }
        java.util.ArrayDeque<TreeNode> stack = new java.util.ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            TreeNode node = stack.pop();
            visitor.accept(node);
            if (node instanceof InternalNode internal) {
                pushChild(stack, internal, internal.right(), internal.rightNode());
                pushChild(stack, internal, internal.left(), internal.leftNode());
            }
        }
    }

    private static void pushChild(java.util.ArrayDeque<TreeNode> stack, InternalNode parent, Hash child,
                                  TreeNode node) {
        if (child.isZero()) {
            return;
        }
        if (node == null || !node.hash().equals(child)) {
            throw new IllegalStateException("state tree node " + parent.hash() + " links to "
                    + (node == null ? "nothing" : node.hash()) + " for its child " + child);
        }
        stack.push(node);
    }

    /**
     * Whether {@code proof} shows that, in the tree with {@code root}, {@code key} maps to {@code valueHash}
     * (present) or is absent (empty). Needs no node store: this is what a light client runs.
     */
    public static boolean verify(Hash root, Hash key, Optional<Hash> valueHash, SparseMerkleProof proof) {
        return proof.endsWith(key, valueHash) && proof.impliedRoot(key).equals(root);
    }

    /** Reads one node and checks it is the one asked for; depth is only for the message. */
    static TreeNode read(TreeNodeReader nodes, Hash hash, int depth) {
        TreeNode node = nodes.nodeOrNull(hash);
        if (node == null) {
            throw new IllegalStateException("state tree node " + hash + " at depth " + depth + " is missing from the"
                    + " store: the store is corrupt or was pruned past this root");
        }
        if (!node.hash().equals(hash)) {
            throw new IllegalStateException("state store returned node " + node.hash() + " when asked for "
                    + hash + " at depth " + depth + ": the store is corrupt");
        }
        if (node instanceof InternalNode && depth >= KEY_BITS) {
            throw new IllegalStateException("state tree node " + hash + " is an internal node at depth "
                    + depth + ", below the last key bit: the store is corrupt");
        }
        return node;
    }

    /** One batch in flight: the sorted changes as arrays and what the walk has created and replaced. */
    private static final class Updater {
        private final TreeNodeReader nodes;
        /** Whether to step down the links of nodes the tree built ({@link TreeNodeReader#followsLinks}). */
        private final boolean links;
        /** The thread's digest, taken once per batch rather than per node hashed. */
        private final NodeHashing.Scratch scratch = NodeHashing.scratch();
        private final Hash[] keys;
        /** The new value hash of keys[i], or null to delete it. */
        private final Hash[] values;
        /** insertsBefore[i] = how many of values[0..i) are present, so a range's insert count is O(1). */
        private final int[] insertsBefore;
        /**
         * The nodes of the new tree that the old one lacks, and the reverse, each met once: no overlap to remove
         * afterwards (see {@link #run}), so plain lists rather than hash tables.
         */
        private TreeNode[] created;
        private int createdCount;
        private Hash[] replaced;
        private int replacedCount;
        /**
         * keptLeaf[i]: the old leaf of keys[i] when the batch sets it to the value it has (null otherwise, and
         * the whole array null until one such change is met): that leaf stays, neither new nor stale.
         */
        private LeafNode[] keptLeaf;

        /** keys: strictly ascending; values[i]: the new value hash of keys[i], or null to delete it. Owned. */
        Updater(Hash[] keys, Hash[] values, TreeNodeReader nodes) {
            this.nodes = nodes;
            this.links = nodes.followsLinks();
            this.keys = keys;
            this.values = values;
            int n = keys.length;
            insertsBefore = new int[n + 1];
            for (int i = 0; i < n; i++) {
                insertsBefore[i + 1] = insertsBefore[i] + (values[i] != null ? 1 : 0);
            }
            // a changed key's path below the levels the batch shares: a few nodes per change in a large tree
            // (plain arrays: under C1 an ArrayList.add per node was a call of its own, ~3% of an update)
            created = new TreeNode[4 * n + 16];
            replaced = new Hash[4 * n + 16];
        }

        /**
         * Only a leaf can be in both the old and the new tree at once (its hash does not depend on its depth; an
         * internal node's content fixes its place, so an equal one would be the same, untouched, node): a leaf
         * the batch does not change, pushed down or floated up, or one the batch sets to the value it has. The
         * walk leaves such leaves out of both lists as it meets them, so what it collects is exactly "in the new
         * tree only" and "in the old tree only", each node once (a tree holds a node at most once).
         */
        TreeUpdate run(Hash root) {
            // an empty child is Hash.ZERO itself everywhere in the walk (InternalNode keeps it so), so emptiness is
            // an identity check that does not load the hash; the caller's root may be another zero hash
            TreeNode result = update(root.isZero() ? Hash.ZERO : root, null, 0, 0, keys.length);
            return new TreeUpdate(hashOf(result),
                    Frozen.nodesByHash(Arrays.asList(created).subList(0, createdCount), result),
                    Frozen.distinctHashes(Arrays.asList(replaced).subList(0, replacedCount)));
        }

        /**
         * The subtree at {@code hash}, at {@code depth}, after the changes [lo, hi), which all lie under it: its node,
         * or null when it is empty. {@code hash} is {@link Hash#ZERO} itself when empty; {@code linked} is its node
         * when a parent links to it and links are followed, else null (read it). When nothing under it changes (only
         * no-op changes) this returns the very node it was given or read, so a parent holding the child's node tells
         * an unchanged child by identity, without loading either hash: a changed key/value set is a new node (its hash
         * differs), and an unchanged one is never rebuilt (a node is made only over a changed set).
         */
        private TreeNode update(Hash hash, TreeNode linked, int depth, int lo, int hi) {
            if (hash == Hash.ZERO) {
                return build(depth, lo, hi, null);
            }
            TreeNode node = linked != null ? linked : read(nodes, hash, depth);
            if (node instanceof LeafNode leaf) {
                int at = indexOf(leaf.key(), lo, hi);
                if (at < 0) {
                    return build(depth, lo, hi, leaf); // the old leaf joins the batch, unchanged
                }
                // the new leaf takes the key object the tree holds (long-lived, likely promoted by now) rather than
                // the batch's equal copy, which then dies young: one object less for the collector to copy per change
                keys[at] = leaf.key();
                if (leaf.valueHash().equals(values[at])) {
                    if (keptLeaf == null) {
                        keptLeaf = new LeafNode[keys.length];
                    }
                    keptLeaf[at] = leaf; // set to the value it has: the insert below places this very leaf
                } else {
                    addReplaced(hash);
                }
                return build(depth, lo, hi, null);
            }
            InternalNode internal = (InternalNode) node;
            int replacedAt = replacedCount;
            addReplaced(hash); // before its subtree's nodes: the stale nodes in the order the walk meets them
            int mid = split(lo, hi, depth);
            Hash oldLeft = internal.left();
            Hash oldRight = internal.right();
            TreeNode oldLeftNode = links ? internal.leftNode() : null;
            TreeNode oldRightNode = links ? internal.rightNode() : null;
            // an untouched child keeps its hash and link (its node stays unknown when links are not followed)
            TreeNode leftNode = oldLeftNode;
            TreeNode rightNode = oldRightNode;
            Hash left = oldLeft;
            Hash right = oldRight;
            boolean same = true;
            if (lo < mid) {
                leftNode = update(oldLeft, oldLeftNode, depth + 1, lo, mid);
                left = hashOf(leftNode);
                same = oldLeftNode != null ? leftNode == oldLeftNode : left.equals(oldLeft);
            }
            if (mid < hi) {
                rightNode = update(oldRight, oldRightNode, depth + 1, mid, hi);
                right = hashOf(rightNode);
                same &= oldRightNode != null ? rightNode == oldRightNode : right.equals(oldRight);
            }
            if (same) {
                // nothing under it changed (only no-op changes), so nothing under it was recorded stale either
                if (replacedCount != replacedAt + 1) {
                    throw new IllegalStateException("an unchanged subtree left stale nodes recorded");
                }
                replaced[--replacedCount] = null;
                return internal;
            }
            return join(left, leftNode, right, rightNode, depth);
        }

        /**
         * Builds the subtree at {@code depth} from the inserts among [lo, hi) plus {@code extra}, an existing
         * leaf whose key is not in the batch (or null): its node, or null when empty. Deletes in the range have
         * nothing to delete here.
         */
        private TreeNode build(int depth, int lo, int hi, LeafNode extra) {
            int count = insertsBefore[hi] - insertsBefore[lo] + (extra != null ? 1 : 0);
            if (count == 0) {
                return null;
            }
            if (count == 1) {
                if (extra != null) {
                    return extra; // an old leaf, moved: not a new node
                }
                int at = insertAt(lo, hi);
                if (keptLeaf != null && keptLeaf[at] != null) {
                    return keptLeaf[at];
                }
                LeafNode leaf = LeafNode.of(scratch, keys[at], values[at]);
                addCreated(leaf);
                return leaf;
            }
            if (depth >= KEY_BITS) {
                throw new IllegalStateException("two leaves share all 256 key bits: the store is corrupt");
            }
            int mid = split(lo, hi, depth);
            boolean extraRight = extra != null && extra.key().bit(depth);
            TreeNode left = build(depth + 1, lo, mid, extraRight ? null : extra);
            TreeNode right = build(depth + 1, mid, hi, extraRight ? extra : null);
            return join(hashOf(left), left, hashOf(right), right, depth);
        }

        /**
         * The node at {@code depth} over two new children, keeping the tree canonical, or null when both are empty.
         * Each child is its hash ({@link Hash#ZERO} itself when empty) and its node, which is null when empty or for
         * an untouched child whose node is not at hand: its kind is unknown until a sibling's emptiness asks, as a
         * lone leaf must float up past empty siblings. The nodes become the new node's links.
         */
        private TreeNode join(Hash left, TreeNode leftNode, Hash right, TreeNode rightNode, int depth) {
            boolean leftEmpty = left == Hash.ZERO;
            boolean rightEmpty = right == Hash.ZERO;
            if (leftEmpty && rightEmpty) {
                return null;
            }
            if (leftEmpty || rightEmpty) {
                TreeNode only = leftEmpty ? rightNode : leftNode;
                if (only == null) {
                    // learns whether an untouched child is a leaf: needed only when its sibling became empty
                    only = read(nodes, leftEmpty ? right : left, depth + 1);
                }
                if (only instanceof LeafNode) {
                    return only; // a lone leaf moves up to the shallowest depth where it is alone
                }
            }
            // linked to the children it is built over, so the next block's walk follows them rather than a map
            InternalNode node = InternalNode.linked(scratch, left, right, leftNode, rightNode);
            addCreated(node);
            return node;
        }

        private void addCreated(TreeNode node) {
            if (createdCount == created.length) {
                created = Arrays.copyOf(created, createdCount * 2);
            }
            created[createdCount++] = node;
        }

        private void addReplaced(Hash hash) {
            if (replacedCount == replaced.length) {
                replaced = Arrays.copyOf(replaced, replacedCount * 2);
            }
            replaced[replacedCount++] = hash;
        }

        /** The first index in [lo, hi) whose key has bit {@code depth} set; keys there share bits before it. */
        private int split(int lo, int hi, int depth) {
            int a = lo;
            int b = hi;
            while (a < b) {
                int m = (a + b) >>> 1;
                if (keys[m].bit(depth)) {
                    b = m;
                } else {
                    a = m + 1;
                }
            }
            return a;
        }

        private int indexOf(Hash key, int lo, int hi) {
            int a = lo;
            int b = hi - 1;
            while (a <= b) {
                int m = (a + b) >>> 1;
                int c = keys[m].compareTo(key);
                if (c == 0) {
                    return m;
                }
                if (c < 0) {
                    a = m + 1;
                } else {
                    b = m - 1;
                }
            }
            return -1;
        }

        /** The index of the one insert in [lo, hi) (the caller counted exactly one). */
        private int insertAt(int lo, int hi) {
            for (int i = lo; i < hi; i++) {
                if (values[i] != null) {
                    return i;
                }
            }
            throw new IllegalStateException("no insert in range");
        }
    }

    /** A subtree's hash from its node: {@link Hash#ZERO} itself when empty (null). */
    private static Hash hashOf(TreeNode node) {
        return node == null ? Hash.ZERO : node.hash();
    }
}
