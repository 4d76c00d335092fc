package org.stakechain.cli;

/**
 * The bench round's transactions by hash, for the finality events (one lookup per transaction per node): each
 * 32-byte hash as four {@code long} words, found by open addressing in an {@code int} table. No String, no boxed
 * index, no hex decoded into an array: the client shares the machine with the nodes it measures. The hex is read
 * as the node writes it (64 lowercase digits); anything else is no hash of the round ({@link #parse} says so).
 */
final class TxHashIndex {
    /** Four words per entry, entry i at {@code 4 * i}. */
    private final long[] words;
    /** Entry index + 1 per slot, 0 for empty; a power of two at least twice the entries. */
    private final int[] slots;
    private final int mask;

    /** {@code hashes}: 32 bytes each, all distinct (a round's transactions). */
    TxHashIndex(byte[][] hashes) {
        int n = hashes.length;
        this.words = new long[4 * n];
        int capacity = Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1;
        this.slots = new int[capacity];
        this.mask = capacity - 1;
        for (int i = 0; i < n; i++) {
            byte[] h = hashes[i];
            if (h.length != 32) {
                throw new IllegalArgumentException("a hash of " + h.length + " bytes");
            }
            for (int w = 0; w < 4; w++) {
                long v = 0;
                for (int k = 0; k < 8; k++) {
                    v = v << 8 | (h[w * 8 + k] & 0xffL);
                }
                words[4 * i + w] = v;
            }
            int s = slot(words[4 * i], words[4 * i + 1]);
            while (slots[s] != 0) {
                s = (s + 1) & mask;
            }
            slots[s] = i + 1;
        }
    }

    int size() {
        return words.length / 4;
    }

    private int slot(long w0, long w1) {
        long x = w0 ^ Long.rotateLeft(w1, 32);
        x *= 0x9E3779B97F4A7C15L;
        return (int) (x >>> 32) & mask;
    }

    /** The entry with this hash, or -1. */
    int indexOf(long w0, long w1, long w2, long w3) {
        int s = slot(w0, w1);
        int e;
        while ((e = slots[s]) != 0) {
            int at = 4 * (e - 1);
            if (words[at] == w0 && words[at + 1] == w1 && words[at + 2] == w2 && words[at + 3] == w3) {
                return e - 1;
            }
            s = (s + 1) & mask;
        }
        return -1;
    }

    /** The entry whose hash {@code words[at..at+4)} holds, or -1. */
    int indexOf(long[] words, int at) {
        return indexOf(words[at], words[at + 1], words[at + 2], words[at + 3]);
    }

    /**
     * Reads the 64 lowercase hex digits at {@code b[from..]} into {@code out[at..at+4)}; false (and {@code out}
     * untouched) when they are not that.
     */
    static boolean parse(byte[] b, int from, long[] out, int at) {
        if (from < 0 || from + 64 > b.length) {
            return false;
        }
        int bad = 0;
        long w0 = 0;
        long w1 = 0;
        long w2 = 0;
        long w3 = 0;
        for (int i = 0; i < 16; i++) {
            int d0 = DIGIT[b[from + i] & 0xff];
            int d1 = DIGIT[b[from + 16 + i] & 0xff];
            int d2 = DIGIT[b[from + 32 + i] & 0xff];
            int d3 = DIGIT[b[from + 48 + i] & 0xff];
            bad |= d0 | d1 | d2 | d3;
            w0 = w0 << 4 | d0;
            w1 = w1 << 4 | d1;
            w2 = w2 << 4 | d2;
            w3 = w3 << 4 | d3;
        }
        if (bad < 0) {
            return false;
        }
        out[at] = w0;
        out[at + 1] = w1;
        out[at + 2] = w2;
        out[at + 3] = w3;
        return true;
    }

    /** As {@link #parse(byte[], int, long[], int)}, for a String that must be exactly the 64 digits. */
    static boolean parse(String hex, long[] out, int at) {
        if (hex.length() != 64) {
            return false;
        }
        byte[] b = new byte[64];
        for (int i = 0; i < 64; i++) {
            char c = hex.charAt(i);
            if (c > 0x7f) {
                return false;
            }
            b[i] = (byte) c;
        }
        return parse(b, 0, out, at);
    }

    private static final byte[] DIGIT = new byte[256];

    static {
        java.util.Arrays.fill(DIGIT, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            DIGIT[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            DIGIT[c] = (byte) (c - 'a' + 10);
        }
    }
}
