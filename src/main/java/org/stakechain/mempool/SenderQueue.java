package org.stakechain.mempool;

import java.util.Arrays;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.PublicKey;

/**
 * One sender's pooled transactions by nonce, in a sorted array. The nonce bound keeps a sender's entries to a
 * few dozen at most, so a binary search and an array shift beat a {@code TreeMap}: no entry object, boxed nonce,
 * view or iterator per operation. Holds the address so the pool hashes each key once. Guarded by the pool's lock.
 */
final class SenderQueue {
    final PublicKey key;
    final Address address;
    private PooledTransaction[] entries = new PooledTransaction[2];
    private int size;
    /** The sender's next nonce as the pool last judged it (admission or re-validation); nonces only grow. */
    long nextNonce;
    /** How many of its entries wait behind a nonce gap (not reachable from {@link #nextNonce} without one). */
    int waiting;
    /** Whether the pool's sender map holds this queue: set when it enters, cleared for good when it empties. */
    boolean live;
    /** Whether the pool lists it as admitted against another head than the settled one (see Mempool#unsettled). */
    boolean unsettled;
    /** The {@code onFinalBlock} call that last listed it for re-validation: a set without hashing. */
    long listedBy;
    /** Its slot in the pool's heap of sender tails ({@code Mempool.TailHeap}), -1 when not there. */
    int tailSlot = -1;

    SenderQueue(PublicKey key, Address address) {
        this.key = key;
        this.address = address;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The {@code i}-th entry in nonce order. */
    PooledTransaction at(int i) {
        return entries[i];
    }

    /** The index of {@code nonce}'s entry, or {@code -(insertion point) - 1} (as {@link Arrays#binarySearch}). */
    int indexOf(long nonce) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long n = entries[mid].nonce;
            if (n < nonce) {
                lo = mid + 1;
            } else if (n > nonce) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** The index of the first entry with a nonce of at least {@code nonce} ({@link #size} if none). */
    int ceilingIndex(long nonce) {
        int i = indexOf(nonce);
        return i >= 0 ? i : -i - 1;
    }

    PooledTransaction get(long nonce) {
        int i = indexOf(nonce);
        return i >= 0 ? entries[i] : null;
    }

    /** The entry with the highest nonce below {@code nonce}, or null. */
    PooledTransaction lower(long nonce) {
        int i = ceilingIndex(nonce) - 1;
        return i >= 0 ? entries[i] : null;
    }

    /**
     * The entry that ranks first in block order ({@link PooledTransaction#PRIORITY_ORDER}), or null when empty: a
     * bound on where any of them, whichever the account makes the first, ranks (the forger's merge, Mempool).
     */
    PooledTransaction best() {
        PooledTransaction best = size == 0 ? null : entries[0];
        for (int i = 1; i < size; i++) {
            // PRIORITY_ORDER, on the fields: no comparator call per entry (the forger's merge asks every sender)
            PooledTransaction e = entries[i];
            if (e.fee > best.fee || (e.fee == best.fee && e.seq < best.seq)) {
                best = e;
            }
        }
        return best;
    }

    PooledTransaction last() {
        return size == 0 ? null : entries[size - 1];
    }

    /** Adds {@code p}, or puts it in place of the entry with its nonce; returns the one it replaced, or null. */
    PooledTransaction put(PooledTransaction p) {
        int i = indexOf(p.nonce);
        if (i >= 0) {
            PooledTransaction old = entries[i];
            entries[i] = p;
            return old;
        }
        int at = -i - 1;
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        System.arraycopy(entries, at, entries, at + 1, size - at);
        entries[at] = p;
        size++;
        return null;
    }

    /** Removes {@code p} (by identity); false if it is not here. */
    boolean remove(PooledTransaction p) {
        int i = indexOf(p.nonce);
        if (i < 0 || entries[i] != p) {
            return false;
        }
        System.arraycopy(entries, i + 1, entries, i, size - i - 1);
        entries[--size] = null;
        return true;
    }

    /** Entries behind the first gap from {@link #nextNonce} on; entries below it (stale, leaving soon) do not count. */
    int countWaiting() {
        long expect = nextNonce;
        int behindGap = 0;
        for (int i = ceilingIndex(nextNonce); i < size; i++) {
            if (behindGap == 0 && entries[i].nonce == expect) {
                expect++;
            } else {
                behindGap++;
            }
        }
        return behindGap;
    }
}
