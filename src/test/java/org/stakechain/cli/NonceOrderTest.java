package org.stakechain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.testing.Seeds;

/**
 * The bench client's nonce discipline: a batch goes out only when each of its transactions' previous nonce (same
 * sender, in the round) is answered for or travels with it, and a held batch comes back exactly once, as soon as
 * that holds. Seeded rounds (senders starting at different nonces, shuffled) and seeded answers; replay one with
 * {@code -Dbench.nonce.seed=N}.
 */
class NonceOrderTest {
    private static final List<KeyPair> KEYS = new ArrayList<>();

    static {
        for (int i = 0; i < 12; i++) {
            KEYS.add(KeyPair.deterministic("nonce-order/" + i));
        }
    }

    private static Transaction tx(int sender, long nonce) {
        return Transaction.sign("nonce-order", KEYS.get(sender), nonce, 1,
                new TxPayload.Transfer(KEYS.get(0).address(), 1));
    }

    @Test
    void aTransactionsPredecessorIsItsSendersPreviousNonceInTheRound() {
        // sender 0: nonces 3, 4, 5; sender 1: 0, 1; sender 2: 7 alone; in a mixed order
        List<Transaction> round = List.of(tx(0, 4), tx(1, 1), tx(0, 3), tx(2, 7), tx(1, 0), tx(0, 5));
        NonceOrder<int[]> order = new NonceOrder<>(round, (whole, part) -> part);
        assertThat(order.predecessor(0)).isEqualTo(2);
        assertThat(order.predecessor(1)).isEqualTo(4);
        assertThat(order.predecessor(2)).isEqualTo(-1); // nonce 2 is not in the round: already used
        assertThat(order.predecessor(3)).isEqualTo(-1);
        assertThat(order.predecessor(4)).isEqualTo(-1);
        assertThat(order.predecessor(5)).isEqualTo(0);
    }

    @Test
    void aBatchWaitsForItsPredecessorsAndComesBackOnceWhenTheyAreAnswered() {
        // the bench's layout: transaction i is sender i % 3 at nonce i / 3; batches of 3 are one nonce level
        List<Transaction> round = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            round.add(tx(i % 3, i / 3));
        }
        NonceOrder<String> order = new NonceOrder<>(round, (whole, part) -> whole + Arrays.toString(part));
        int[] level0 = {0, 1, 2};
        int[] level1 = {3, 4, 5};
        int[] level2 = {6, 7, 8};
        assertThat(order.sendOrHold("level2", level2)).isNull();
        assertThat(order.sendOrHold("level1", level1)).isNull();
        assertThat(order.sendOrHold("level0", level0)).isEqualTo("level0"); // the batch itself, not a copy
        assertThat(order.heldCount()).isEqualTo(6);
        // entries 1 and 2 refused for room, 0 taken: level 1 waits whole
        assertThat(order.settled(level0, new int[] {1, 2})).isEmpty();
        assertThat(order.settled(new int[] {1, 2}, new int[0])).containsExactly("level1");
        assertThat(order.heldCount()).isEqualTo(3);
        // an entry refused for good settles it too: its successor is sent, and answered for itself
        assertThat(order.settled(level1, new int[] {4})).isEmpty();
        assertThat(order.settled(new int[] {4}, new int[0])).containsExactly("level2");
        assertThat(order.heldCount()).isZero();
        assertThat(order.settled(level2, new int[0])).isEmpty();
    }

    @Test
    void aPredecessorInTheSameBatchDoesNotHoldItBack() {
        List<Transaction> round = List.of(tx(0, 0), tx(0, 1), tx(0, 2), tx(1, 5), tx(1, 6));
        NonceOrder<int[]> order = new NonceOrder<>(round, (whole, part) -> part);
        int[] all = {0, 1, 2, 3, 4};
        assertThat(order.sendOrHold(all, all)).isSameAs(all);
    }

    @Test
    void heldBatchesWaitingOnEachOtherGiveUpTheirReadyPartsWhenAsked() {
        // sender 0 nonces 0, 1 and sender 1 nonces 0, 1, crosswise: each batch needs the other's first entry
        List<Transaction> round = List.of(tx(0, 0), tx(1, 1), tx(1, 0), tx(0, 1));
        NonceOrder<int[]> order = new NonceOrder<>(round, (whole, part) -> part);
        assertThat(order.sendOrHold(new int[] {0, 1}, new int[] {0, 1})).isNull();
        assertThat(order.sendOrHold(new int[] {2, 3}, new int[] {2, 3})).isNull();
        assertThat(order.settled(new int[0], new int[0])).isEmpty();
        List<int[]> parts = order.readyParts();
        assertThat(parts).containsExactly(new int[] {0}, new int[] {2});
        assertThat(order.heldCount()).isEqualTo(2);
        assertThat(order.settled(new int[] {0}, new int[0])).containsExactly(new int[] {3});
        assertThat(order.settled(new int[] {2}, new int[0])).containsExactly(new int[] {1});
        assertThat(order.heldCount()).isZero();
    }

    @Test
    void seededRoundsNeverSendAheadOfAnUnansweredNonceAndReleaseEveryHeldBatchOnce() {
        for (long seed : Seeds.of("bench.nonce.seed", 20_261_122, 30)) {
            Random rnd = new Random(seed);
            List<Transaction> round = new ArrayList<>();
            int senders = 1 + rnd.nextInt(KEYS.size());
            for (int s = 0; s < senders; s++) {
                long first = rnd.nextInt(4);
                int count = 1 + rnd.nextInt(5);
                for (int k = 0; k < count; k++) {
                    round.add(tx(s, first + k));
                }
            }
            Collections.shuffle(round, rnd);
            int n = round.size();
            NonceOrder<int[]> order = new NonceOrder<>(round, (whole, part) -> part);
            // batches: a shuffled partition of the round, each ascending
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(i);
            }
            Collections.shuffle(all, rnd);
            List<int[]> pending = new ArrayList<>();
            for (int from = 0; from < n; ) {
                int to = Math.min(n, from + 1 + rnd.nextInt(4));
                pending.add(all.subList(from, to).stream().mapToInt(Integer::intValue).sorted().toArray());
                from = to;
            }
            boolean[] answered = new boolean[n];
            int steps = 0;
            while (!pending.isEmpty() || order.heldCount() > 0) {
                if (pending.isEmpty()) {
                    List<int[]> parts = order.readyParts(); // nothing under way: what the submitter does
                    assertThat(parts).as("seed %d: held, and nothing may go", seed).isNotEmpty();
                    pending.addAll(parts);
                }
                assertThat(steps++).as("seed %d: stuck with %d held", seed, order.heldCount()).isLessThan(10_000);
                int[] b = pending.remove(rnd.nextInt(pending.size()));
                int[] go = order.sendOrHold(b, b);
                if (go == null) {
                    assertThat(readyPart(round, answered, b)).as("seed %d: held a batch that may go", seed)
                            .isNotEqualTo(b);
                    continue;
                }
                send(seed, round, answered, go, rnd, order, pending);
            }
            assertThat(order.heldCount()).as("seed %d: left held", seed).isZero();
            for (int i = 0; i < n; i++) {
                assertThat(answered[i]).as("seed %d: entry %d", seed, i).isTrue();
            }
        }
    }

    /** Sends {@code go}: checks no entry is ahead of an unanswered nonce, answers it (some again), queues what is released. */
    private static void send(long seed, List<Transaction> round, boolean[] answered, int[] go, Random rnd,
                             NonceOrder<int[]> order, List<int[]> pending) {
        assertThat(readyPart(round, answered, go)).as("seed %d: sent %s ahead of a nonce", seed,
                Arrays.toString(go)).isEqualTo(go);
        TreeSet<Integer> again = new TreeSet<>();
        for (int i : go) {
            assertThat(answered[i]).as("seed %d: entry %d sent after it was answered", seed, i).isFalse();
            if (rnd.nextInt(3) == 0) {
                again.add(i);
            } else {
                answered[i] = true;
            }
        }
        int[] againArr = again.stream().mapToInt(Integer::intValue).toArray();
        pending.addAll(order.settled(go, againArr));
        if (againArr.length > 0) {
            pending.add(againArr);
        }
        for (int[] h : order.heldIndices()) { // an answer hands back every batch it lets go
            assertThat(readyPart(round, answered, h)).as("seed %d: %s still held after the answer let it go",
                    seed, Arrays.toString(h)).isNotEqualTo(h);
        }
    }

    @Test
    void anAnswerLooksAgainOnlyAtTheBatchesWaitingOnIt() {
        // a long round as the bench makes it: 400 senders, 25 nonce levels, batches of 20 by level; every batch
        // but the first level's is held at the start, then each level is answered in turn
        int senders = 400;
        int levels = 25;
        int size = 20;
        List<KeyPair> keys = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            keys.add(KeyPair.deterministic("nonce-order-long/" + s));
        }
        List<Transaction> round = new ArrayList<>();
        for (int level = 0; level < levels; level++) {
            for (int s = 0; s < senders; s++) {
                round.add(Transaction.sign("nonce-order", keys.get(s), level, 1,
                        new TxPayload.Transfer(keys.get(0).address(), 1)));
            }
        }
        NonceOrder<int[]> order = new NonceOrder<>(round, (whole, part) -> part);
        List<int[]> going = new ArrayList<>();
        for (int from = 0; from < round.size(); from += size) {
            int[] b = new int[size];
            for (int k = 0; k < size; k++) {
                b[k] = from + k;
            }
            int[] go = order.sendOrHold(b, b);
            if (go != null) {
                going.add(go);
            }
        }
        int batches = round.size() / size;
        assertThat(going).hasSize(senders / size);
        int answered = 0;
        while (!going.isEmpty()) {
            int[] b = going.remove(0);
            going.addAll(order.settled(b, new int[0]));
            answered++;
        }
        assertThat(answered).isEqualTo(batches);
        assertThat(order.heldCount()).isZero();
        // each batch looked at when sent and once when the batch below it is answered (the quadratic way: ~25,000)
        assertThat(order.checks()).isLessThanOrEqualTo(2L * batches);
    }

    /**
     * The entries of {@code batch} that may go, by the definition: each one's previous nonce (same sender, in the
     * round) is answered for, absent, or itself an entry of the batch that may go.
     */
    private static int[] readyPart(List<Transaction> round, boolean[] answered, int[] batch) {
        List<Integer> ready = new ArrayList<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i : batch) {
                if (ready.contains(i)) {
                    continue;
                }
                Transaction t = round.get(i);
                boolean ok = true;
                for (int j = 0; j < round.size(); j++) {
                    Transaction p = round.get(j);
                    if (p.sender().equals(t.sender()) && p.nonce() == t.nonce() - 1 && !answered[j]
                            && !ready.contains(j)) {
                        ok = false;
                    }
                }
                if (ok) {
                    ready.add(i);
                    changed = true;
                }
            }
        }
        return Arrays.stream(batch).filter(ready::contains).toArray();
    }
}
