package org.stakechain.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.stakechain.crypto.KeyPair;
import org.stakechain.testing.Seeds;

/**
 * {@link TailHeap} against the {@code TreeSet} of tails it replaced: random entries put into and taken out of many
 * senders' queues (tails moving up and down, queues emptying and coming back, keys tied on fee), and after each
 * step the heap's in-order walk, with and without a skipped sender, must be the tree's order exactly. Replay one
 * seed with {@code -Dmempool.tailheap.seed=N}.
 */
class TailHeapTest {
    private static final int SENDERS = 40;

    @TestFactory
    List<DynamicTest> walksInTheTreeOrderOfTails() {
        List<DynamicTest> tests = new ArrayList<>();
        PoolFixture fixture = new PoolFixture(SENDERS, 1);
        for (long seed : Seeds.of("mempool.tailheap.seed", 68_000, 12)) {
            tests.add(DynamicTest.dynamicTest("seed " + seed, () -> {
                System.out.println("TailHeapTest seed " + seed + " (replay: -Dmempool.tailheap.seed=" + seed + ")");
                run(seed, fixture);
            }));
        }
        return tests;
    }

    private static void run(long seed, PoolFixture fixture) {
        SplittableRandom random = new SplittableRandom(seed);
        TailHeap heap = new TailHeap();
        TreeSet<PooledTransaction> tree = new TreeSet<>(PooledTransaction.EVICTION_ORDER);
        SenderQueue[] queues = new SenderQueue[SENDERS];
        long seq = 0;
        for (int step = 0; step < 3_000; step++) {
            String at = "seed " + seed + " step " + step;
            int s = random.nextInt(SENDERS);
            KeyPair k = fixture.keys.get(s);
            if (queues[s] == null || random.nextInt(5) < 3) {
                // put an entry at a nonce not held (a new queue if the last one emptied)
                if (queues[s] == null) {
                    queues[s] = new SenderQueue(k.publicKey(), k.address());
                }
                SenderQueue q = queues[s];
                long nonce = random.nextInt(12);
                if (q.get(nonce) != null) {
                    continue;
                }
                // few fees, so ties are common and arrival decides
                long fee = PoolFixture.FEE * (1 + random.nextInt(4));
                PooledTransaction p = new PooledTransaction(
                        PoolFixture.unsignedTransfer(k, nonce, fee, 1), q, seq++);
                PooledTransaction oldTail = q.last();
                q.put(p);
                if (oldTail == null) {
                    heap.add(q);
                    tree.add(p);
                } else if (p.nonce > oldTail.nonce) {
                    heap.update(q);
                    tree.remove(oldTail);
                    tree.add(p);
                }
            } else {
                SenderQueue q = queues[s];
                PooledTransaction p = q.at(random.nextInt(q.size()));
                boolean wasTail = q.last() == p;
                q.remove(p);
                if (wasTail) {
                    tree.remove(p);
                    if (q.isEmpty()) {
                        heap.remove(q);
                        queues[s] = null;
                    } else {
                        heap.update(q);
                        tree.add(q.last());
                    }
                }
            }
            assertThat(heap.size()).as(at).isEqualTo(tree.size());
            Set<SenderQueue> held = new HashSet<>();
            for (int i = 0; i < heap.size(); i++) {
                held.add(heap.at(i));
                assertThat(heap.at(i).tailSlot).as(at).isEqualTo(i);
            }
            assertThat(held).as(at).hasSize(tree.size());
            assertThat(walk(heap, null)).as(at).containsExactlyElementsOf(tree);
            if (!tree.isEmpty()) {
                SenderQueue skip = new ArrayList<>(held).get(random.nextInt(held.size()));
                List<PooledTransaction> expected = new ArrayList<>(tree);
                expected.remove(skip.last());
                assertThat(walk(heap, skip)).as(at + " skipping one sender").containsExactlyElementsOf(expected);
            }
        }
    }

    private static List<PooledTransaction> walk(TailHeap heap, SenderQueue skip) {
        List<PooledTransaction> out = new ArrayList<>();
        TailHeap.Walk w = heap.walk(skip);
        for (PooledTransaction p = w.next(); p != null; p = w.next()) {
            out.add(p);
        }
        return out;
    }
}
