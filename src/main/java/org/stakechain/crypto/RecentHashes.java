package org.stakechain.crypto;

import java.security.SecureRandom;
import java.util.List;

/**
 * A bounded set of hashes that forgets the oldest first: the node's "seen" and "verified" memories. It holds no
 * object per entry (the hashes sit in one {@code long[]} ring in arrival order, indexed by an open-addressing
 * table), so remembering tens of thousands of hashes costs the garbage collector nothing per entry: a map of
 * {@link Hash} keys kept ~100 bytes and three objects per entry alive for minutes, promoted and then collected by
 * full collections under load.
 *
 * <p>Slots are chosen from the hash's first word mixed with a per-instance secret: peers choose which hashes
 * arrive (a transaction's hash is cheap to grind), and must not be able to pile them into one probe chain.
 *
 * <p>Thread-safe (synchronized); every operation is O(1) expected.
 */
public final class RecentHashes {
    /** A hash's words in the ring: {@link Hash}'s four big-endian longs. */
    private static final int WORDS = 4;

    private final int capacity;
    private final long secret;
    /** The hashes, four words each, in arrival order from {@link #oldest}, wrapping. */
    private final long[] ring;
    /** Linear probing; a ring position + 1, or 0 for an empty slot. At most half full. */
    private final int[] table;
    private final int mask;
    private int oldest;
    private int size;

    public RecentHashes(int capacity) {
        this(capacity, new SecureRandom().nextLong());
    }

    /** {@code secret}: fixed only in tests; a node's must be unpredictable. */
    public RecentHashes(int capacity, long secret) {
        if (capacity <= 0 || capacity > 1 << 24) {
            throw new IllegalArgumentException("capacity must be 1..2^24, got " + capacity);
        }
        this.capacity = capacity;
        this.secret = secret;
        this.ring = new long[capacity * WORDS];
        int slots = Integer.highestOneBit(capacity) << 2; // between 2x and 4x the capacity: short probe chains
        this.table = new int[slots];
        this.mask = slots - 1;
    }

    /** Records {@code hash}; true if it was not already held. The oldest is forgotten when full. */
    public synchronized boolean add(Hash hash) {
        int home = slotOf(hash.w0);
        int slot = home;
        while (table[slot] != 0) {
            if (equalsAt(table[slot] - 1, hash)) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        int position;
        if (size == capacity) {
            position = oldest;
            removeFromTable(position);
            // the slot found above may have moved in the deletion's shift: find the first empty one again
            slot = home;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            oldest = (oldest + 1) % capacity;
        } else {
            position = (oldest + size) % capacity;
            size++;
        }
        int at = position * WORDS;
        ring[at] = hash.w0;
        ring[at + 1] = hash.w1;
        ring[at + 2] = hash.w2;
        ring[at + 3] = hash.w3;
        table[slot] = position + 1;
        return true;
    }

    public synchronized boolean contains(Hash hash) {
        return holds(hash);
    }

    /**
     * Whether each hash is held, in one lock for all: a batch or a block asks for hundreds at once, and under C1 each
     * monitor enter and exit is a runtime call.
     */
    public synchronized boolean[] containsEach(List<Hash> hashes) {
        boolean[] out = new boolean[hashes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = holds(hashes.get(i));
        }
        return out;
    }

    /** Records each of {@code hashes} as {@link #add} does, in one lock for all. */
    public synchronized void addAll(List<Hash> hashes) {
        for (int i = 0; i < hashes.size(); i++) {
            add(hashes.get(i));
        }
    }

    private boolean holds(Hash hash) {
        int slot = slotOf(hash.w0);
        while (table[slot] != 0) {
            if (equalsAt(table[slot] - 1, hash)) {
                return true;
            }
            slot = (slot + 1) & mask;
        }
        return false;
    }

    public synchronized int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    private boolean equalsAt(int position, Hash hash) {
        int at = position * WORDS;
        return ring[at] == hash.w0 && ring[at + 1] == hash.w1 && ring[at + 2] == hash.w2 && ring[at + 3] == hash.w3;
    }

    /** The slot of a hash whose first 8 bytes, big-endian, are {@code w}: that word mixed with the secret. */
    private int slotOf(long w) {
        // a 64-bit finaliser (Stafford's mix 13) of the word and the secret
        long z = w ^ secret;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return (int) (z ^ (z >>> 31)) & mask;
    }

    /**
     * Takes the entry for ring {@code position} out of the table, shifting later members of its probe chain back
     * so lookups never stop at a hole before reaching them (deletion without tombstones, Knuth's algorithm R).
     */
    private void removeFromTable(int position) {
        int hole = slotOf(ring[position * WORDS]);
        while (table[hole] != position + 1) {
            hole = (hole + 1) & mask;
        }
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            int entry = table[i];
            if (entry == 0) {
                break;
            }
            int home = slotOf(ring[(entry - 1) * WORDS]);
            // move it into the hole unless its home lies cyclically in (hole, i]
            boolean homeBetween = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!homeBetween) {
                table[hole] = entry;
                hole = i;
            }
        }
        table[hole] = 0;
    }
}
