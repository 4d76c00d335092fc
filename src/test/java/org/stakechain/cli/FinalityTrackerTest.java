package org.stakechain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.testing.Seeds;

/**
 * The bench's finality rule on a fake chain of four nodes: tx events from node 0, block events from all, delivered
 * in a seeded interleaving (each node's own events in order, as its stream gives them). A transaction is done when
 * every node reported its block, at the latest of those moments; missed events are read back by reconcile; another
 * hash at a height is a fork. Seeds replay with {@code -Dfinality.seed=N}.
 */
class FinalityTrackerTest {
    static final int NODES = 4;
    static final int HEIGHTS = 12;
    static final long START = 5; // the nodes' final height before the round
    static List<Transaction> txs;

    @BeforeAll
    static void sign() {
        KeyPair from = KeyPair.deterministic("finality/from");
        KeyPair to = KeyPair.deterministic("finality/to");
        txs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            txs.add(Transaction.sign("finality", from, i, 1_000, new TxPayload.Transfer(to.address(), 1)));
        }
    }

    /** Heights START+1..START+HEIGHTS, the round's transactions spread over them in order (some blocks empty). */
    record Chain(Map<Long, List<String>> blocks) {
        static Chain of(Random random) {
            Map<Long, List<String>> blocks = new HashMap<>();
            int next = 0;
            for (long h = START + 1; h <= START + HEIGHTS; h++) {
                int n = h == START + HEIGHTS ? txs.size() - next : Math.min(txs.size() - next, random.nextInt(7));
                List<String> in = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    in.add(txs.get(next++).hash().hex());
                }
                blocks.put(h, in);
            }
            return new Chain(blocks);
        }

        static String hash(long height) {
            return String.format("%064x", height);
        }

        FinalityTracker.BlockSource source(AtomicLong reads) {
            return (node, height) -> {
                if (!blocks.containsKey(height)) {
                    return Optional.empty();
                }
                reads.incrementAndGet();
                return Optional.of(new FinalityTracker.BlockContents(hash(height), blocks.get(height)));
            };
        }
    }

    /** One event of one node's stream. */
    record Event(int node, long height, String tx) {
        void deliver(FinalityTracker t, Chain chain, long nanos) {
            if (tx == null) {
                t.onBlock(node, height, Chain.hash(height), chain.blocks().get(height).size(), nanos);
            } else {
                t.onTransaction(height, tx, nanos);
            }
        }
    }

    /** Each node's stream: node 0 a block event then its tx events per height, the others block events only. */
    static List<List<Event>> streams(Chain chain) {
        List<List<Event>> streams = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            List<Event> s = new ArrayList<>();
            for (long h = START + 1; h <= START + HEIGHTS; h++) {
                s.add(new Event(n, h, null));
                if (n == 0) {
                    for (String tx : chain.blocks().get(h)) {
                        s.add(new Event(0, h, tx));
                    }
                }
            }
            streams.add(s);
        }
        return streams;
    }

    static long[] starts() {
        long[] s = new long[NODES];
        java.util.Arrays.fill(s, START);
        return s;
    }

    /** What the rule says: per transaction, the latest of node 0's tx event and the others' block events. */
    static Map<String, Long> expectedDone(Map<Event, Long> deliveredAt) {
        Map<Long, Long> latestBlock = new HashMap<>();
        Map<String, Long> txAt = new HashMap<>();
        Map<String, Long> txHeight = new HashMap<>();
        deliveredAt.forEach((e, t) -> {
            if (e.tx() != null) {
                txAt.put(e.tx(), t);
                txHeight.put(e.tx(), e.height());
            } else if (e.node() != 0) {
                latestBlock.merge(e.height(), t, Math::max);
            }
        });
        Map<String, Long> done = new HashMap<>();
        txAt.forEach((tx, t) -> done.put(tx, Math.max(t, latestBlock.get(txHeight.get(tx)))));
        return done;
    }

    @Test
    void everyInterleavingMarksEachTransactionDoneWhenTheLastNodeHasItsBlock() {
        for (long seed : Seeds.of("finality.seed", 7100, 30)) {
            Random random = new Random(seed);
            Chain chain = Chain.of(random);
            AtomicLong reads = new AtomicLong();
            FinalityTracker tracker = new FinalityTracker(NODES, 0, starts(), chain.source(reads));
            BenchRound round = new BenchRound(txs, NODES, false);
            tracker.follow(round);
            List<List<Event>> streams = streams(chain);
            int[] next = new int[NODES];
            Map<Event, Long> at = new HashMap<>();
            long clock = 1;
            while (true) {
                List<Integer> open = new ArrayList<>();
                for (int n = 0; n < NODES; n++) {
                    if (next[n] < streams.get(n).size()) {
                        open.add(n);
                    }
                }
                if (open.isEmpty()) {
                    break;
                }
                int n = open.get(random.nextInt(open.size()));
                Event e = streams.get(n).get(next[n]++);
                at.put(e, clock);
                e.deliver(tracker, chain, clock++);
            }
            assertThat(round.remaining.getCount()).as("seed %d", seed).isZero();
            Map<String, Long> expected = expectedDone(at);
            for (int i = 0; i < txs.size(); i++) {
                assertThat(round.doneNanos[i]).as("seed %d tx %d", seed, i)
                        .isEqualTo(expected.get(txs.get(i).hash().hex()));
            }
            assertThat(tracker.fork()).isNull();
            reconcileAll(tracker, chain, new AtomicLong(1_000_000));
            assertThat(reads.get()).as("seed %d: nothing missed, nothing read", seed).isZero();
        }
    }

    @Test
    void aLaggingNodeHoldsTransactionsUntilItReportsTheirBlocks() {
        Chain chain = Chain.of(new Random(71));
        FinalityTracker tracker = new FinalityTracker(NODES, 0, starts(), chain.source(new AtomicLong()));
        BenchRound round = new BenchRound(txs, NODES, false);
        tracker.follow(round);
        List<List<Event>> streams = streams(chain);
        long clock = 1;
        for (int n = 0; n < NODES - 1; n++) {
            for (Event e : streams.get(n)) {
                e.deliver(tracker, chain, clock++);
            }
        }
        assertThat(round.remaining.getCount()).isEqualTo(txs.size());
        long lagStart = clock;
        for (Event e : streams.get(NODES - 1)) {
            e.deliver(tracker, chain, clock++);
        }
        assertThat(round.remaining.getCount()).isZero();
        for (int i = 0; i < txs.size(); i++) {
            assertThat(round.doneNanos[i]).isGreaterThanOrEqualTo(lagStart);
        }
    }

    /**
     * Each node loses some events (seeded): node 0 tx events and block events, the others block events. Reconcile
     * reads exactly the blocks that came up short, and every transaction ends done.
     */
    @Test
    void missedEventsAreReadBackByReconcile() {
        for (long seed : Seeds.of("finality.seed", 7200, 30)) {
            Random random = new Random(seed);
            Chain chain = Chain.of(random);
            AtomicLong reads = new AtomicLong();
            FinalityTracker tracker = new FinalityTracker(NODES, 0, starts(), chain.source(reads));
            BenchRound round = new BenchRound(txs, NODES, false);
            tracker.follow(round);
            java.util.Set<String> shortBlocks = new java.util.HashSet<>(); // node:height
            long clock = 1;
            for (List<Event> s : streams(chain)) {
                for (Event e : s) {
                    if (random.nextInt(6) == 0) {
                        shortBlocks.add(e.node() + ":" + e.height());
                        continue;
                    }
                    e.deliver(tracker, chain, clock++);
                }
            }
            reconcileAll(tracker, chain, new AtomicLong(1_000_000));
            assertThat(round.remaining.getCount()).as("seed %d", seed).isZero();
            assertThat(reads.get()).as("seed %d: one read per block that came up short", seed)
                    .isEqualTo(shortBlocks.size());
            assertThat(tracker.fork()).isNull();
        }
    }

    @Test
    void anotherHashAtAHeightIsAForkAndEndsTheRound() {
        Chain chain = Chain.of(new Random(73));
        FinalityTracker tracker = new FinalityTracker(NODES, 0, starts(), chain.source(new AtomicLong()));
        BenchRound round = new BenchRound(txs, NODES, false);
        tracker.follow(round);
        long h = START + 3;
        tracker.onBlock(2, h, String.format("%064x", 999), chain.blocks().get(h).size(), 1);
        assertThat(tracker.fork()).isNull(); // node 0's block there is not known yet
        tracker.onBlock(0, h, Chain.hash(h), chain.blocks().get(h).size(), 2);
        assertThat(tracker.fork()).contains("node 3").contains("height " + h).contains(Chain.hash(h));
        assertThat(round.aborted()).isTrue();
        assertThat(round.remaining.getCount()).isZero();
        BenchRound next = new BenchRound(txs, NODES, false);
        tracker.follow(next);
        assertThat(next.aborted()).as("a fork ends every later round too").isTrue();
    }

    @Test
    void aForkFoundByAReadIsAForkToo() {
        Chain chain = Chain.of(new Random(74));
        FinalityTracker.BlockSource lying = (node, height) -> Optional.of(new FinalityTracker.BlockContents(
                node == 1 ? String.format("%064x", 4242) : Chain.hash(height), chain.blocks().get(height)));
        FinalityTracker tracker = new FinalityTracker(NODES, 0, starts(), lying);
        BenchRound round = new BenchRound(txs, NODES, false);
        tracker.follow(round);
        long clock = 1;
        for (List<Event> s : streams(chain)) {
            for (Event e : s) {
                if (e.node() == 1 && e.height() == START + 2) {
                    continue; // node 1's event at that height is lost: the read finds another block
                }
                e.deliver(tracker, chain, clock++);
            }
        }
        reconcileAll(tracker, chain, new AtomicLong(1_000_000));
        assertThat(tracker.fork()).contains("node 2").contains("height " + (START + 2));
        assertThat(round.aborted()).isTrue();
    }

    /** Four reconcile calls per node with the chain's top as their final height: enough for the status history. */
    static void reconcileAll(FinalityTracker tracker, Chain chain, AtomicLong clock) {
        for (int call = 0; call < 4; call++) {
            for (int n = 0; n < NODES; n++) {
                tracker.reconcile(n, START + HEIGHTS, clock::incrementAndGet);
            }
        }
    }
}
