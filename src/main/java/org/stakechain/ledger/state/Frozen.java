package org.stakechain.ledger.state;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

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
        if (map instanceof FrozenMap) {
            return map;
        }
        LinkedHashMap<K, V> copy = new LinkedHashMap<>(capacity(map.size()));
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
        return new FrozenMap<>(copy);
    }

    /** {@code set} itself if frozen here, else a frozen copy (nulls rejected). */
    static <E> Set<E> set(Set<E> set) {
        if (set instanceof FrozenSet) {
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
}
