package org.stakechain.mempool;

import java.util.Arrays;

/**
 * The pooled senders by their tail (highest-nonce entry) in {@link PooledTransaction#EVICTION_ORDER}: the entries
 * eviction may take. A binary min-heap of the queues, each knowing its slot ({@link SenderQueue#tailSlot}), with
 * each slot's key (its tail's fee and arrival) in arrays beside it: a tail that changes moves in place, with no
 * tree node allocated or freed, no comparator call and no queue loaded to compare, where a {@code TreeSet} of
 * tails removed and added a node per change (round 10).
 * Eviction walks it in order with {@link Walk}. Guarded by the pool's lock.
 */
final class TailHeap {
    private SenderQueue[] heap = new SenderQueue[64];
    /** Each slot's tail fee and arrival, beside the heap: a sift compares without loading the queues. */
    private long[] fees = new long[64];
    private long[] seqs = new long[64];
    private int size;

    int size() {
        return size;
    }

    /** The queue in {@code slot} (0 to {@link #size} - 1): every pooled sender once, in no useful order. */
    SenderQueue at(int slot) {
        return heap[slot];
    }

    /** Places a queue that is not here; its tail is its last entry. */
    void add(SenderQueue q) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            fees = Arrays.copyOf(fees, size * 2);
            seqs = Arrays.copyOf(seqs, size * 2);
        }
        PooledTransaction tail = q.last();
        siftUp(size++, q, tail.fee, tail.seq);
    }

    /** After a queue's tail changed (it is still not empty). */
    void update(SenderQueue q) {
        PooledTransaction tail = q.last();
        place(q.tailSlot, q, tail.fee, tail.seq);
    }

    /** Takes a queue out (it emptied). */
    void remove(SenderQueue q) {
        int slot = q.tailSlot;
        q.tailSlot = -1;
        size--;
        SenderQueue last = heap[size];
        long fee = fees[size];
        long seq = seqs[size];
        heap[size] = null;
        if (slot != size) {
            place(slot, last, fee, seq);
        }
    }

    /** Puts {@code q} with this key in {@code slot}, then where the heap order wants it. */
    private void place(int slot, SenderQueue q, long fee, long seq) {
        if (slot > 0 && before(fee, seq, (slot - 1) >>> 1)) {
            siftUp(slot, q, fee, seq);
        } else {
            siftDown(slot, q, fee, seq);
        }
    }

    /** {@link PooledTransaction#EVICTION_ORDER} on the keys: a lower fee leaves first, or the same and newer. */
    private static boolean precedes(long feeA, long seqA, long feeB, long seqB) {
        return feeA < feeB || (feeA == feeB && seqA > seqB);
    }

    /** Whether a tail of this fee and arrival leaves before {@code slot}'s. */
    private boolean before(long fee, long seq, int slot) {
        return precedes(fee, seq, fees[slot], seqs[slot]);
    }

    /** Whether {@code a}'s tail leaves before {@code b}'s. */
    private boolean before(int a, int b) {
        return before(fees[a], seqs[a], b);
    }

    private void set(int slot, SenderQueue q, long fee, long seq) {
        heap[slot] = q;
        fees[slot] = fee;
        seqs[slot] = seq;
        q.tailSlot = slot;
    }

    private void siftUp(int slot, SenderQueue q, long fee, long seq) {
        while (slot > 0) {
            int parent = (slot - 1) >>> 1;
            if (!before(fee, seq, parent)) {
                break;
            }
            set(slot, heap[parent], fees[parent], seqs[parent]);
            slot = parent;
        }
        set(slot, q, fee, seq);
    }

    private void siftDown(int slot, SenderQueue q, long fee, long seq) {
        int half = size >>> 1;
        while (slot < half) {
            int child = 2 * slot + 1;
            int right = child + 1;
            if (right < size && before(right, child)) {
                child = right;
            }
            if (!precedes(fees[child], seqs[child], fee, seq)) {
                break;
            }
            set(slot, heap[child], fees[child], seqs[child]);
            slot = child;
        }
        set(slot, q, fee, seq);
    }

    /** The tails in eviction order, but {@code skip}'s; the heap must not change while it is walked. */
    Walk walk(SenderQueue skip) {
        return new Walk(skip);
    }

    /**
     * An in-order walk of the heap without changing it: a second, small heap of the slots whose parents were
     * taken (the frontier); each step takes its least and puts that slot's children in. O(log k) per step for the
     * k taken, as a tree's iterator; eviction takes a few.
     */
    final class Walk {
        private final SenderQueue skip;
        private int[] frontier = new int[8];
        private int count;

        private Walk(SenderQueue skip) {
            this.skip = skip;
            if (size > 0) {
                frontier[count++] = 0;
            }
        }

        /** The next tail in eviction order, or null after the last. */
        PooledTransaction next() {
            while (count > 0) {
                int slot = frontier[0];
                int last = frontier[--count];
                if (count > 0) {
                    frontierDown(last);
                }
                int child = 2 * slot + 1;
                if (child < size) {
                    push(child);
                    if (child + 1 < size) {
                        push(child + 1);
                    }
                }
                SenderQueue q = heap[slot];
                if (q != skip) {
                    return q.last();
                }
            }
            return null;
        }

        private void push(int slot) {
            if (count == frontier.length) {
                frontier = Arrays.copyOf(frontier, count * 2);
            }
            int at = count++;
            while (at > 0) {
                int parent = (at - 1) >>> 1;
                if (!before(slot, frontier[parent])) {
                    break;
                }
                frontier[at] = frontier[parent];
                at = parent;
            }
            frontier[at] = slot;
        }

        /** Puts {@code slot} at the frontier's root and sifts it down (the root was just taken). */
        private void frontierDown(int slot) {
            int at = 0;
            int half = count >>> 1;
            while (at < half) {
                int child = 2 * at + 1;
                int right = child + 1;
                if (right < count && before(frontier[right], frontier[child])) {
                    child = right;
                }
                if (!before(frontier[child], slot)) {
                    break;
                }
                frontier[at] = frontier[child];
                at = child;
            }
            frontier[at] = slot;
        }
    }
}
