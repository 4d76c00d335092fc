package org.stakechain.ledger.state;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.stakechain.crypto.Hash;

/**
 * Read-only maps and sets that this package built and never changes again, so the records holding them
 * ({@link TreeUpdate}, {@link StateChanges}) can take them without copying: a block's update hands its few
 * thousand tree nodes on three times (tree, state changes, the builder's sealed changes), and the copies were a
 * sixth of executing a block. Anything else is copied once, in insertion order, so iteration stays deterministic
 * (unlike {@code Map.copyOf}, whose order varies per JVM).
 */
final class Frozen {
    private Frozen() {
    }

    /** {@code map} itself if frozen here, else a frozen copy (nulls rejected, as {@code Map.copyOf} did). */
    static <K, V> Map<K, V> map(Map<K, V> map) {
        if (map instanceof FrozenMap || map instanceof NodesByHash) {
            return map;
        }
        LinkedHashMap<K, V> copy = new LinkedHashMap<>(capacity(map.size()));
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
        return new FrozenMap<>(copy);
    }

    /** {@code set} itself if frozen here, else a frozen copy (nulls rejected). */
    static <E> Set<E> set(Set<E> set) {
        if (set instanceof FrozenSet || set instanceof DistinctHashes) {
            return set;
        }
        LinkedHashSet<E> copy = new LinkedHashSet<>(capacity(set.size()));
        for (E e : set) {
            copy.add(Objects.requireNonNull(e, "element"));
        }
        return new FrozenSet<>(copy);
    }

    /** Takes {@code owned} over: the caller built it, holds no other reference, and holds no null. */
    static <K, V> Map<K, V> owning(LinkedHashMap<K, V> owned) {
        return new FrozenMap<>(owned);
    }

    /** Takes {@code owned} over, as {@link #owning(LinkedHashMap)}. */
    static <E> Set<E> owning(LinkedHashSet<E> owned) {
        return new FrozenSet<>(owned);
    }

    /**
     * Takes {@code owned} over as a map from each node's hash to the node, without hashing anything into a table:
     * the caller guarantees no two nodes share a hash. Iteration (all a store does with a block's new nodes) walks
     * the list; lookups, which only tests make, build an index on first use.
     */
    static Map<Hash, TreeNode> nodesByHash(List<TreeNode> owned, TreeNode root) {
        return new NodesByHash(owned, root);
    }

    /**
     * The root node the tree recorded with {@code nodes} when it built them ({@link #nodesByHash}), or null (another
     * map, or an update that left the root as it was or emptied the tree): lets a store that keeps its trees by their
     * roots alone find the new root without a lookup.
     */
    static TreeNode recordedRoot(Map<Hash, TreeNode> nodes) {
        return nodes instanceof NodesByHash n ? n.root : null;
    }

    /** Takes {@code owned} over as a set: the caller guarantees it holds no duplicate and no null. */
    static Set<Hash> distinctHashes(List<Hash> owned) {
        return new DistinctHashes(owned);
    }

    /** A hash map's capacity that holds {@code n} entries without resizing. */
    static int capacity(int n) {
        return (int) Math.min(Integer.MAX_VALUE, (long) n * 4 / 3 + 1);
    }

    private static final class FrozenMap<K, V> extends AbstractMap<K, V> {
        private final Map<K, V> view;

        FrozenMap(Map<K, V> backing) {
            this.view = Collections.unmodifiableMap(backing);
        }

        @Override
        public Set<Entry<K, V>> entrySet() {
            return view.entrySet();
        }

        @Override
        public Set<K> keySet() {
            return view.keySet();
        }

        @Override
        public Collection<V> values() {
            return view.values();
        }

        @Override
        public int size() {
            return view.size();
        }

        @Override
        public boolean isEmpty() {
            return view.isEmpty();
        }

        @Override
        public V get(Object key) {
            return view.get(key);
        }

        @Override
        public V getOrDefault(Object key, V defaultValue) {
            return view.getOrDefault(key, defaultValue);
        }

        @Override
        public boolean containsKey(Object key) {
            return view.containsKey(key);
        }

        @Override
        public void forEach(BiConsumer<? super K, ? super V> action) {
            view.forEach(action);
        }
    }

    private static final class FrozenSet<E> extends AbstractSet<E> {
        private final Set<E> view;

        FrozenSet(Set<E> backing) {
            this.view = Collections.unmodifiableSet(backing);
        }

        @Override
        public Iterator<E> iterator() {
            return view.iterator();
        }

        @Override
        public int size() {
            return view.size();
        }

        @Override
        public boolean contains(Object o) {
            return view.contains(o);
        }
    }

    private static final class NodesByHash extends AbstractMap<Hash, TreeNode> {
        private final List<TreeNode> nodes;
        /** The new tree's root node as the update returned it (it may be an old node, or null): not an entry. */
        private final TreeNode root;
        /** Built on the first lookup (racy but idempotent: any thread's copy is complete and equal). */
        private volatile Map<Hash, TreeNode> index;

        NodesByHash(List<TreeNode> nodes, TreeNode root) {
            this.nodes = nodes;
            this.root = root;
        }

        private Map<Hash, TreeNode> index() {
            Map<Hash, TreeNode> i = index;
            if (i == null) {
                HashMap<Hash, TreeNode> built = new HashMap<>(capacity(nodes.size()));
                for (TreeNode node : nodes) {
                    built.put(node.hash(), node);
                }
                i = built;
                index = i;
            }
            return i;
        }

        @Override
        public Set<Entry<Hash, TreeNode>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<Hash, TreeNode>> iterator() {
                    Iterator<TreeNode> it = nodes.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Entry<Hash, TreeNode> next() {
                            TreeNode node = it.next();
                            return new SimpleImmutableEntry<>(node.hash(), node);
                        }
                    };
                }

                @Override
                public int size() {
                    return nodes.size();
                }
            };
        }

        @Override
        public int size() {
            return nodes.size();
        }

        @Override
        public boolean isEmpty() {
            return nodes.isEmpty();
        }

        @Override
        public TreeNode get(Object key) {
            return index().get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return index().containsKey(key);
        }

        @Override
        public void forEach(BiConsumer<? super Hash, ? super TreeNode> action) {
            for (TreeNode node : nodes) {
                action.accept(node.hash(), node);
            }
        }
    }

    private static final class DistinctHashes extends AbstractSet<Hash> {
        private final List<Hash> hashes;
        private volatile Set<Hash> index;

        DistinctHashes(List<Hash> hashes) {
            this.hashes = hashes;
        }

        @Override
        public Iterator<Hash> iterator() {
            return Collections.unmodifiableList(hashes).iterator();
        }

        @Override
        public int size() {
            return hashes.size();
        }

        @Override
        public boolean isEmpty() {
            return hashes.isEmpty();
        }

        @Override
        public boolean contains(Object o) {
            Set<Hash> i = index;
            if (i == null) {
                i = new HashSet<>(hashes);
                index = i;
            }
            return i.contains(o);
        }

        @Override
        public void forEach(Consumer<? super Hash> action) {
            for (Hash h : hashes) {
                action.accept(h);
            }
        }
    }
}
