package org.stakechain.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * When each transaction of a bench round is final on every node, from the {@code tx} events of ONE node (the
 * followed one) and the {@code block} events (height, hash, txCount) of all: a transaction is final on a node once
 * that node finalized the block that holds it, and the followed node says which block that is. A node's block of
 * the same height and hash as the followed node's makes the block's transactions final there, at the moment that
 * node reported it; another hash at the same height is a fork ({@link #fork()}), which fails the run.
 *
 * <p>Events can be missed (a node drops them when its event queue is full; a reconnect loses what happened
 * meanwhile), so {@link #reconcile} reads, through a {@link BlockSource}, every block whose events fell short: on
 * the followed node a block whose {@code tx} events are fewer than its {@code txCount} (or whose {@code block} event
 * never came), on another node a height it never reported. Exact, and cheap while no event is lost.
 *
 * <p>Thread-safe: events come from one thread per node, reconcile from another; block reads happen outside the
 * lock. No I/O, no clock of its own: times are the callers' {@link System#nanoTime()} readings.
 */
final class FinalityTracker {
    /** A block as one node's API gives it: its hash and its transactions' hashes (empty if not asked for). */
    record BlockContents(String hash, List<String> transactions) {
    }

    /** Reads a final block from a node; empty when it cannot (not yet final there, unreachable). */
    interface BlockSource {
        Optional<BlockContents> read(int node, long height);
    }

    /**
     * The followed node's block at a height: its hash once known, its transactions as their events arrive (their
     * hashes as four words each, {@link TxHashIndex}: no String or object per transaction), and which other nodes
     * reported the same hash there (and when), so that a transaction's event marks them without a map lookup.
     */
    private static final class Followed {
        String hash;
        int txCount = -1;
        long[] txWords = new long[64];
        int txs;
        boolean read; // read whole from the API: every transaction is known
        final long[] matchedNanos;
        final boolean[] matched;
        int matchedCount;

        Followed(int nodes) {
            matchedNanos = new long[nodes];
            matched = new boolean[nodes];
        }

        void add(long[] words, int at) {
            if (4 * txs == txWords.length) {
                txWords = Arrays.copyOf(txWords, txWords.length * 2);
            }
            System.arraycopy(words, at, txWords, 4 * txs, 4);
            txs++;
        }

        boolean complete() {
            return read || (txCount >= 0 && txs >= txCount);
        }
    }

    /** A transaction hash as the tracker keeps it; all zeros (no transaction's) when not 64 lowercase hex digits. */
    static long[] words(String hash) {
        long[] w = new long[4];
        TxHashIndex.parse(hash, w, 0);
        return w;
    }

    /** Another node's block at a height: its hash and when it said so. */
    private record Reported(String hash, long nanos) {
    }

    private final int nodes;
    private final int followed;
    private final BlockSource source;
    private final Map<Long, Followed> followedBlocks = new HashMap<>();
    private final List<Map<Long, Reported>> reported = new ArrayList<>();
    /** Heights forgotten as done that some node's reconcile has not passed yet: nothing to read there. */
    private final Set<Long> retired = new HashSet<>();
    private final long[] maxBlockEvent;
    private final long[] checkedUpTo;
    private final long[][] statusHistory;
    private BenchRound round;
    private String fork;
    private long blocksRead;

    /**
     * @param startHeights each node's final height before the first round: blocks up to it are not followed
     */
    FinalityTracker(int nodes, int followed, long[] startHeights, BlockSource source) {
        if (followed < 0 || followed >= nodes || startHeights.length != nodes) {
            throw new IllegalArgumentException("followed node " + followed + " of " + nodes);
        }
        this.nodes = nodes;
        this.followed = followed;
        this.source = source;
        this.maxBlockEvent = startHeights.clone();
        this.checkedUpTo = startHeights.clone();
        this.statusHistory = new long[nodes][3];
        for (int n = 0; n < nodes; n++) {
            reported.add(new HashMap<>());
        }
    }

    int followed() {
        return followed;
    }

    /** The round whose transactions are marked from now on. */
    synchronized void follow(BenchRound r) {
        this.round = r;
        if (fork != null) {
            r.abort();
        }
    }

    /** The first fork seen (a node finalized another block than the followed node at a height), or null. */
    synchronized String fork() {
        return fork;
    }

    synchronized long blocksRead() {
        return blocksRead;
    }

    /** A {@code block} event of {@code node}: it finalized block {@code hash} at {@code height}. */
    synchronized void onBlock(int node, long height, String hash, int txCount, long nanos) {
        maxBlockEvent[node] = Math.max(maxBlockEvent[node], height);
        if (height <= checkedUpTo[node] && !(node == followed && followedBlocks.containsKey(height))) {
            return; // before the first round, or already read by reconcile
        }
        if (node == followed) {
            Followed f = followed(height);
            f.txCount = txCount;
            setFollowedHash(height, f, hash);
        } else {
            addReported(node, height, new Reported(hash, nanos));
        }
    }

    /** A {@code tx} event of the followed node: the transaction {@code hash} is final there in block {@code height}. */
    void onTransaction(long height, String hash, long nanos) {
        onTransaction(height, words(hash), 0, nanos);
    }

    /** As {@link #onTransaction(long, String, long)}, the hash as four words at {@code words[at..at+4)}. */
    synchronized void onTransaction(long height, long[] words, int at, long nanos) {
        Followed f = lastFollowed != null && lastHeight == height ? lastFollowed : followedBlocks.get(height);
        if (f == null) {
            if (height <= checkedUpTo[followed]) {
                return;
            }
            f = followed(height);
        }
        lastHeight = height;
        lastFollowed = f;
        if (f.read) {
            return; // already known whole (and marked) from a block read
        }
        f.add(words, at);
        if (round == null) {
            return;
        }
        int i = round.index.indexOf(words, at);
        if (i >= 0) {
            round.markFinal(followed, i, nanos);
            if (f.hash != null && f.matchedCount > 0) {
                for (int n = 0; n < nodes; n++) {
                    if (f.matched[n]) {
                        round.markFinal(n, i, f.matchedNanos[n]);
                    }
                }
            }
        }
        retireIfDone(height, f);
    }

    /** The followed node's block at {@code height}, made if new. */
    private Followed followed(long height) {
        Followed f = followedBlocks.get(height);
        if (f == null) {
            f = new Followed(nodes);
            followedBlocks.put(height, f);
        }
        return f;
    }

    /** The last height a tx event named, and its block (the next event is most likely of the same block). */
    private long lastHeight;
    private Followed lastFollowed;

    private void setFollowedHash(long height, Followed f, String hash) {
        if (f.hash != null) {
            return;
        }
        f.hash = hash;
        for (int n = 0; n < nodes; n++) {
            Reported r = n == followed ? null : reported.get(n).get(height);
            if (r != null) {
                match(n, height, f, r);
            }
        }
        retireIfDone(height);
    }

    private void addReported(int node, long height, Reported r) {
        if (reported.get(node).putIfAbsent(height, r) != null) {
            return; // the first word stands (a block read after a late event says the same, or it is a fork anyway)
        }
        Followed f = followedBlocks.get(height);
        if (f != null && f.hash != null) {
            match(node, height, f, r);
            retireIfDone(height);
        }
    }

    /** Node {@code n} reported block {@code height}, and the followed node's hash there is known. */
    private void match(int n, long height, Followed f, Reported r) {
        if (f.matched[n]) {
            return;
        }
        if (!r.hash.equals(f.hash)) {
            if (fork == null) {
                fork = "node " + (n + 1) + " finalized block " + r.hash + " at height " + height + " where node "
                        + (followed + 1) + " finalized " + f.hash;
            }
            if (round != null) {
                round.abort();
            }
            return;
        }
        f.matched[n] = true;
        f.matchedNanos[n] = r.nanos;
        f.matchedCount++;
        if (round != null) {
            for (int k = 0; k < f.txs; k++) {
                round.markFinal(n, f.txWords, 4 * k, r.nanos);
            }
        }
    }

    /** A height is forgotten once its transactions are all known and every node reported the same block there. */
    private void retireIfDone(long height) {
        retireIfDone(height, followedBlocks.get(height));
    }

    /** As above, {@code f} the followed node's block there (or null). */
    private void retireIfDone(long height, Followed f) {
        // matched: another node reported the followed node's hash there (match() is where that is found)
        if (f == null || f.hash == null || !f.complete() || f.matchedCount < nodes - 1) {
            return;
        }
        followedBlocks.remove(height);
        if (lastFollowed == f) {
            lastFollowed = null;
        }
        for (int n = 0; n < nodes; n++) {
            reported.get(n).remove(height);
        }
        if (height > Arrays.stream(checkedUpTo).min().orElse(height)) {
            retired.add(height);
        }
    }

    /**
     * Called about once a second per node with its final height (from its status): reads the blocks whose events
     * fell short up to the newest block event but one (its {@code tx} events may still be on the way), or up to
     * the node's final height of three calls ago when block events stopped coming.
     */
    void reconcile(int node, long statusFinalHeight, LongSupplier clock) {
        long from;
        long upTo;
        synchronized (this) {
            long[] history = statusHistory[node];
            upTo = Math.max(maxBlockEvent[node] - 1, history[0]);
            history[0] = history[1];
            history[1] = history[2];
            history[2] = statusFinalHeight;
            from = checkedUpTo[node] + 1;
        }
        for (long h = from; h <= upTo; h++) {
            if (needsRead(node, h)) {
                Optional<BlockContents> block = source.read(node, h);
                if (block.isEmpty()) {
                    return; // try again next time from here
                }
                onRead(node, h, block.get(), clock.getAsLong());
            }
            synchronized (this) {
                checkedUpTo[node] = h;
                if (h <= Arrays.stream(checkedUpTo).min().orElse(h)) {
                    retired.remove(h); // every node's reconcile has passed it
                }
            }
        }
    }

    private synchronized boolean needsRead(int node, long height) {
        if (retired.contains(height)) {
            return false;
        }
        if (node != followed) {
            return !reported.get(node).containsKey(height);
        }
        Followed f = followedBlocks.get(height);
        return f == null || f.hash == null || !f.complete();
    }

    private static List<Long> key(long[] words, int at) {
        return List.of(words[at], words[at + 1], words[at + 2], words[at + 3]);
    }

    private synchronized void onRead(int node, long height, BlockContents block, long nanos) {
        blocksRead++;
        if (node != followed) {
            addReported(node, height, new Reported(block.hash(), nanos));
            return;
        }
        Followed f = followed(height);
        if (f.hash != null && !f.hash.equals(block.hash())) {
            if (fork == null) { // a final block that changed: as bad as a fork
                fork = "node " + (followed + 1) + " said block " + f.hash + " at height " + height + " and its API now "
                        + "gives " + block.hash();
            }
            if (round != null) {
                round.abort();
            }
            return;
        }
        Set<List<Long>> known = new HashSet<>();
        for (int k = 0; k < f.txs; k++) {
            known.add(key(f.txWords, 4 * k));
        }
        f.txs = 0;
        for (String tx : block.transactions()) {
            f.add(words(tx), 0);
        }
        f.txCount = block.transactions().size();
        f.read = true;
        if (round != null) {
            for (int k = 0; k < f.txs; k++) {
                if (!known.contains(key(f.txWords, 4 * k))) {
                    round.markFinal(followed, f.txWords, 4 * k, nanos);
                    if (f.hash != null) {
                        for (int n = 0; n < nodes; n++) {
                            if (f.matched[n]) {
                                round.markFinal(n, f.txWords, 4 * k, f.matchedNanos[n]);
                            }
                        }
                    }
                }
            }
        }
        if (f.hash == null) {
            setFollowedHash(height, f, block.hash());
        } else {
            retireIfDone(height);
        }
    }
}
