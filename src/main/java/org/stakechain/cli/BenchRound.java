package org.stakechain.cli;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.stakechain.crypto.Hex;
import org.stakechain.ledger.tx.Transaction;

/**
 * One load round of the bench: its pre-signed transactions, when each was first offered, and on which nodes it
 * is final. A transaction is done when every node has reported it in a final block; its latency is that moment
 * (on the last node) minus its first offer. Nodes may be marked out of order in time (a node's block event can come
 * before the followed node's tx events say which transactions the block holds): the latest moment counts.
 */
final class BenchRound {
    final List<Transaction> transactions;
    /** Each transaction's canonical encoding, for the binary batch. */
    final byte[][] encoded;
    /** Their hex, for the JSON forms; null when the round is sent only in binary. */
    final String[] hex;
    /** The transactions by hash (binary words: no hex String per event). */
    final TxHashIndex index;
    final long[] offeredNanos;
    final long[] doneNanos;
    private final AtomicIntegerArray finalOn;
    /** The latest moment a node was marked final for each transaction so far. */
    private final AtomicLongArray latestNanos;
    private final BitSet[] seenByNode;
    private final int nodeCount;
    final CountDownLatch remaining;
    private volatile boolean aborted;

    /** {@code withHex}: also the hex of each (the JSON forms); prepared here, before the round's clock starts. */
    BenchRound(List<Transaction> transactions, int nodeCount, boolean withHex) {
        this.transactions = transactions;
        int n = transactions.size();
        this.encoded = new byte[n][];
        this.hex = withHex ? new String[n] : null;
        byte[][] hashes = new byte[n][];
        for (int i = 0; i < n; i++) {
            Transaction tx = transactions.get(i);
            encoded[i] = tx.encode();
            if (withHex) {
                hex[i] = Hex.encode(encoded[i]);
            }
            hashes[i] = tx.hash().bytes();
        }
        this.index = new TxHashIndex(hashes);
        this.offeredNanos = new long[n];
        this.doneNanos = new long[n];
        this.finalOn = new AtomicIntegerArray(n);
        this.latestNanos = new AtomicLongArray(n);
        for (int i = 0; i < n; i++) {
            latestNanos.set(i, Long.MIN_VALUE); // nanoTime may be negative
        }
        this.nodeCount = nodeCount;
        this.seenByNode = new BitSet[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            seenByNode[i] = new BitSet(n);
        }
        this.remaining = new CountDownLatch(n);
    }

    int size() {
        return transactions.size();
    }

    /**
     * Records that {@code node} has the transaction with this hash final since {@code nowNanos}; false if it is not
     * this round's.
     */
    boolean markFinal(int node, String hash, long nowNanos) {
        long[] w = new long[4];
        return TxHashIndex.parse(hash, w, 0) && markFinal(node, w, 0, nowNanos);
    }

    /** As {@link #markFinal(int, String, long)}, the hash as four words at {@code words[at..at+4)}. */
    boolean markFinal(int node, long[] words, int at, long nowNanos) {
        int i = index.indexOf(words, at);
        if (i < 0) {
            return false;
        }
        markFinal(node, i, nowNanos);
        return true;
    }

    /** As {@link #markFinal(int, String, long)}, for this round's transaction {@code i}. */
    void markFinal(int node, int i, long nowNanos) {
        BitSet seen = seenByNode[node];
        synchronized (seen) {
            if (seen.get(i)) {
                return;
            }
            seen.set(i);
        }
        latestNanos.accumulateAndGet(i, nowNanos, Math::max);
        // every node's max is in before its increment, so the last increment sees them all
        if (finalOn.incrementAndGet(i) == nodeCount) {
            doneNanos[i] = latestNanos.get(i);
            remaining.countDown();
        }
    }

    /** Ends the wait for this round at once (a fork: nothing more is worth waiting for). */
    void abort() {
        aborted = true;
        while (remaining.getCount() > 0) {
            remaining.countDown();
        }
    }

    boolean aborted() {
        return aborted;
    }

    boolean isDone(int i) {
        return finalOn.get(i) == nodeCount;
    }

    void offered(int i, long nowNanos) {
        if (offeredNanos[i] == 0) {
            offeredNanos[i] = nowNanos;
        }
    }
}
