package org.stakechain.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.stakechain.crypto.PublicKey;
import org.stakechain.ledger.tx.Transaction;

/**
 * What a well-behaved client does with a sender's nonces: it sends nonce {@code n + 1} only once the node has
 * answered for {@code n} (taken, or refused for good). A batch of the round is held back until, for each of its
 * transactions, the same sender's previous nonce in the round is settled or travels in the same batch; it is handed
 * back by {@link #settled} when the last of them is.
 *
 * <p>Sent ahead of its predecessor, a transfer waits in the pool behind a nonce gap (at most a quarter of the pool
 * waits; beyond that it is refused for now and offered again): a long round at the maximum rate spent most of its
 * time with the pools holding such entries, small blocks, and ~2.3 offers per transaction (docs/performance.md,
 * "The bench client's nonce order (round 11)").
 *
 * <p>A batch is held whole until all of it may go (the bench's batches are nonce levels, so a level goes once the
 * level below is answered for). Batches made up otherwise could each need a nonce another holds: when nothing else
 * is under way the caller asks for {@link #readyParts}, the entries that may go split off their held batches.
 *
 * <p>{@code T}: what the caller sends (its batch), and {@code part} makes one of a batch's entries; thread-safe.
 */
final class NonceOrder<T> {
    /** For each transaction of the round, the index of its sender's previous nonce in the round, or -1. */
    private final int[] predecessor;
    private final boolean[] settled;
    private final BiFunction<T, int[], T> part;
    /** Held batches in the order they were held. */
    private final TreeMap<Long, Held<T>> held = new TreeMap<>();
    /**
     * Held batches by one of their entries' previous nonce, outside the batch and not yet answered for: nothing in
     * such a batch may go before that one is, so only its answer looks at them again. Looking at every held batch
     * on every answer made a long round's client quadratic (a million transfers: 5,000 batches held at the start,
     * a fifth of a core spent re-reading them).
     */
    private final Map<Integer, List<Held<T>>> waitingOn = new HashMap<>();
    private long nextSeq;
    private long checks;

    private record Held<T>(T batch, int[] indices, long seq) {
    }

    /** {@code part}: the batch made of some of a batch's entries (ascending indices of the round). */
    NonceOrder(List<Transaction> round, BiFunction<T, int[], T> part) {
        this.part = part;
        int n = round.size();
        predecessor = new int[n];
        settled = new boolean[n];
        Map<PublicKey, Map<Long, Integer>> bySender = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Transaction tx = round.get(i);
            bySender.computeIfAbsent(tx.sender(), k -> new HashMap<>()).put(tx.nonce(), i);
        }
        for (int i = 0; i < n; i++) {
            Transaction tx = round.get(i);
            Integer p = tx.nonce() == 0 ? null : bySender.get(tx.sender()).get(tx.nonce() - 1);
            predecessor[i] = p == null ? -1 : p;
        }
    }

    /** The index of transaction {@code i}'s sender's previous nonce in the round, -1 if it has none there. */
    int predecessor(int i) {
        return predecessor[i];
    }

    /**
     * {@code batch} (transactions {@code indices}, ascending) if all of it may go out now; else null, and it is held:
     * {@link #settled} hands it back once it may.
     */
    synchronized T sendOrHold(T batch, int[] indices) {
        return release(batch, indices, false, nextSeq++);
    }

    /**
     * For when nothing is under way but batches are held, each waiting on another (possible only for batches not
     * made by nonce level): the entries that may go, split off the held batches; the rest stays held.
     */
    synchronized List<T> readyParts() {
        return releaseHeld(true);
    }

    /**
     * The node answered for {@code sent} (ascending): all but {@code again} (ascending; to be offered again) are
     * settled. Returns what was held and may go out now, each entry once, in the order held.
     */
    synchronized List<T> settled(int[] sent, int[] again) {
        List<Held<T>> woken = new ArrayList<>();
        int k = 0;
        for (int i : sent) {
            while (k < again.length && again[k] < i) {
                k++;
            }
            if (k < again.length && again[k] == i || settled[i]) {
                continue;
            }
            settled[i] = true;
            List<Held<T>> w = waitingOn.remove(i);
            if (w != null) {
                woken.addAll(w);
            }
        }
        woken.sort(Comparator.comparingLong(Held::seq));
        List<T> out = new ArrayList<>();
        for (Held<T> h : woken) {
            held.remove(h.seq());
            T go = release(h.batch(), h.indices(), false, h.seq());
            if (go != null) {
                out.add(go);
            }
        }
        return out;
    }

    private List<T> releaseHeld(boolean split) {
        if (held.isEmpty()) {
            return List.of();
        }
        List<Held<T>> before = new ArrayList<>(held.values());
        held.clear();
        waitingOn.clear();
        List<T> out = new ArrayList<>();
        for (Held<T> h : before) {
            T go = release(h.batch(), h.indices(), split, h.seq());
            if (go != null) {
                out.add(go);
            }
        }
        return out;
    }

    /** The held batches' entries, in the order held. */
    synchronized List<int[]> heldIndices() {
        return held.values().stream().map(Held::indices).toList();
    }

    /** How many times a batch was looked at to see whether it may go (for tests: each answer costs what it wakes). */
    synchronized long checks() {
        return checks;
    }

    /** Entries held now, over all held batches. */
    synchronized int heldCount() {
        int n = 0;
        for (Held<T> h : held.values()) {
            n += h.indices().length;
        }
        return n;
    }

    /** Under the lock: the batch if all of it may go now, else with {@code split} the part that may; the rest held. */
    private T release(T batch, int[] indices, boolean split, long seq) {
        checks++;
        boolean[] ready = new boolean[indices.length];
        int count = 0;
        boolean changed = true;
        while (changed) { // a predecessor in the batch counts once it may go itself: a chain within the batch
            changed = false;
            for (int j = 0; j < indices.length; j++) {
                if (ready[j]) {
                    continue;
                }
                int p = predecessor[indices[j]];
                int at = p < 0 || settled[p] ? -1 : Arrays.binarySearch(indices, p);
                if (p < 0 || settled[p] || at >= 0 && ready[at]) {
                    ready[j] = true;
                    count++;
                    changed = true;
                }
            }
        }
        if (count == indices.length) {
            return batch;
        }
        if (!split || count == 0) {
            hold(new Held<>(batch, indices, seq), ready);
            return null;
        }
        int[] go = new int[count];
        int[] wait = new int[indices.length - count];
        for (int j = 0, g = 0, w = 0; j < indices.length; j++) {
            if (ready[j]) {
                go[g++] = indices[j];
            } else {
                wait[w++] = indices[j];
            }
        }
        boolean[] none = new boolean[wait.length];
        hold(new Held<>(part.apply(batch, wait), wait, seq), none);
        return part.apply(batch, go);
    }

    /**
     * Holds {@code h} under an entry's previous nonce that is outside the batch and unanswered ({@code ready}: its
     * entries that may go). One exists: the first entry of a sender's chain in the batch that may not go waits on
     * a nonce outside it.
     */
    private void hold(Held<T> h, boolean[] ready) {
        int[] indices = h.indices();
        for (int j = 0; j < indices.length; j++) {
            int p = predecessor[indices[j]];
            if (!ready[j] && p >= 0 && !settled[p] && Arrays.binarySearch(indices, p) < 0) {
                held.put(h.seq(), h);
                waitingOn.computeIfAbsent(p, x -> new ArrayList<>(1)).add(h);
                return;
            }
        }
        throw new IllegalStateException("a held batch waits on nothing");
    }
}
