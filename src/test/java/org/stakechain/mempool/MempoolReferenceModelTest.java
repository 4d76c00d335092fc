package org.stakechain.mempool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stakechain.mempool.PoolFixture.FEE;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.Account;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.testing.Seeds;
import org.stakechain.testing.TestChain;

/**
 * Random admissions, block finalities and selections against a pool small enough to evict, each selection
 * compared with a naive reference: repeatedly take the best-paying executable next transaction of any sender.
 * Replay one seed with {@code -Dmempool.seed=N}; run more with {@code -Dmempool.seeds=N}.
 */
class MempoolReferenceModelTest {
    private static final int SENDERS = 6;

    @TestFactory
    List<DynamicTest> candidatesMatchANaiveReferenceOverRandomPoolHistories() {
        List<DynamicTest> tests = new ArrayList<>();
        for (long seed : Seeds.of("mempool.seed", 9_100, 20)) {
            tests.add(DynamicTest.dynamicTest("seed " + seed, () -> {
                System.out.println("MempoolReferenceModelTest seed " + seed + " (replay: -Dmempool.seed=" + seed + ")");
                try {
                    run(seed);
                } catch (AssertionError e) {
                    throw new AssertionError("seed " + seed + " (replay with -Dmempool.seed=" + seed + "): "
                            + e.getMessage(), e);
                }
            }));
        }
        return tests;
    }

    private static void run(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PoolFixture fixture = new PoolFixture(SENDERS, 1);
        Block emptyBlock = new TestChain(fixture.genesis, List.of(fixture.validator)).forge(List.of());
        int capacity = 10 + random.nextInt(30);
        Mempool pool = PoolFixture.pool(MempoolConfig.defaults().withCapacity(capacity, 150L * capacity)
                .withMaxNonceGap(8), PoolFixture.CountingCheck.passAll());
        PoolFixture.FakeHead head = randomHead(random, fixture, null);
        Map<Hash, Long> arrival = new HashMap<>();
        long arrivals = 0;

        for (int step = 0; step < 400; step++) {
            int op = random.nextInt(20);
            if (op < 15) {
                KeyPair from = fixture.keys.get(random.nextInt(SENDERS));
                Account account = head.account(from.address());
                long nonce = Math.max(0, account.nonce() + random.nextInt(10) - 1);
                Transaction tx = randomTransaction(random, from, nonce);
                int waitingBefore = naiveWaiting(pool, fixture, head);
                boolean wouldWait = wouldWait(pool.pendingFrom(from.publicKey()), account.nonce(), nonce);
                Admission answer = pool.add(tx, head);
                if (answer instanceof Admission.Accepted accepted) {
                    arrival.put(tx.hash(), arrivals++);
                    checkEvictions(pool, tx, accepted);
                    if (wouldWait) {
                        assertThat(waitingBefore).as("step %d: admitted behind a gap", step)
                                .isLessThan(pool.config().maxWaiting());
                    }
                }
                if (answer instanceof Admission.PoolFull full && !full.feeHelps()) {
                    assertThat(wouldWait).as("step %d: %s", step, full.detail()).isTrue();
                    assertThat(waitingBefore).as("step %d", step).isGreaterThanOrEqualTo(pool.config().maxWaiting());
                }
            } else if (op < 18) {
                int maxCount = 1 + random.nextInt(capacity);
                long maxBytes = random.nextInt(8) == 0 ? Long.MAX_VALUE : 150L + random.nextInt(3_000);
                assertThat(pool.candidates(head, maxCount, maxBytes)).as("step %d", step)
                        .isEqualTo(reference(pool, fixture, head, arrival, maxCount, maxBytes));
            } else {
                Map<KeyPair, List<Transaction>> before = contents(pool, fixture);
                head = randomHead(random, fixture, head);
                List<Removal> removed = pool.onFinalBlock(emptyBlock, head);
                checkRevalidation(pool, fixture, head, before, removed);
            }
            assertThat(pool.waiting()).as("step %d: entries behind a nonce gap", step)
                    .isEqualTo(naiveWaiting(pool, fixture, head));
            assertThat(pool.size()).isLessThanOrEqualTo(capacity);
            assertThat(pool.bytes()).isLessThanOrEqualTo(150L * capacity)
                    .isEqualTo(contents(pool, fixture).values().stream().flatMap(List::stream)
                            .mapToLong(Transaction::encodedSize).sum());
        }
    }

    /**
     * Entries behind a nonce gap, counted the slow way: each sender's pending entries from its nonce at {@code head}
     * on, after the first one missing (the pool judges every sender against each head it is given here).
     */
    private static int naiveWaiting(Mempool pool, PoolFixture fixture, PoolFixture.FakeHead head) {
        int waiting = 0;
        for (KeyPair k : fixture.keys) {
            long expect = head.account(k.address()).nonce();
            boolean gap = false;
            for (Transaction tx : pool.pendingFrom(k.publicKey())) {
                if (tx.nonce() < expect) {
                    continue;
                }
                if (!gap && tx.nonce() == expect) {
                    expect++;
                } else {
                    gap = true;
                    waiting++;
                }
            }
        }
        return waiting;
    }

    /** Whether a new entry (not a replacement) with {@code nonce} would wait: a nonce from {@code next} up is missing. */
    private static boolean wouldWait(List<Transaction> pending, long next, long nonce) {
        Set<Long> have = new HashSet<>();
        pending.forEach(t -> have.add(t.nonce()));
        if (have.contains(nonce)) {
            return false;
        }
        for (long n = next; n < nonce; n++) {
            if (!have.contains(n)) {
                return true;
            }
        }
        return false;
    }

    /** Balances of a few coins, so the balance rule bites; nonces only move forward. */
    private static PoolFixture.FakeHead randomHead(SplittableRandom random, PoolFixture fixture, PoolFixture.FakeHead old) {
        PoolFixture.FakeHead head = new PoolFixture.FakeHead(fixture.state.chain());
        for (KeyPair k : fixture.keys) {
            long nonce = old == null ? random.nextInt(3) : old.account(k.address()).nonce() + random.nextInt(3);
            head.with(k.address(), random.nextLong(Coins.of(4)), nonce);
        }
        return head;
    }

    private static Transaction randomTransaction(SplittableRandom random, KeyPair from, long nonce) {
        long fee = FEE * (1 + random.nextInt(12));
        int kind = random.nextInt(10);
        TxPayload payload = kind < 6 ? new TxPayload.Transfer(PoolFixture.RECIPIENT, 1 + random.nextLong(Coins.of(1)))
                : kind < 8 ? new TxPayload.Stake(1 + random.nextLong(Coins.of(1)))
                : kind < 9 ? new TxPayload.Unstake(1 + random.nextLong(Coins.of(5)))
                : new TxPayload.RegisterValidator();
        return PoolFixture.unsigned(from, nonce, fee, payload);
    }

    private static long cost(Transaction tx) {
        if (tx.payload() instanceof TxPayload.Transfer t) {
            return tx.fee() + t.amount();
        }
        if (tx.payload() instanceof TxPayload.Stake s) {
            return tx.fee() + s.amount();
        }
        return tx.fee();
    }

    private static Map<KeyPair, List<Transaction>> contents(Mempool pool, PoolFixture fixture) {
        Map<KeyPair, List<Transaction>> out = new HashMap<>();
        for (KeyPair k : fixture.keys) {
            out.put(k, pool.pendingFrom(k.publicKey()));
        }
        return out;
    }

    /** The naive selection: scan every sender for its next affordable transaction, take the best, repeat. */
    private static List<Transaction> reference(Mempool pool, PoolFixture fixture, PoolFixture.FakeHead head,
                                               Map<Hash, Long> arrival, int maxCount, long maxBytes) {
        Map<KeyPair, List<Transaction>> pending = contents(pool, fixture);
        Map<KeyPair, Long> next = new HashMap<>();
        Map<KeyPair, Long> spent = new HashMap<>();
        Set<KeyPair> skipped = new HashSet<>();
        for (KeyPair k : fixture.keys) {
            next.put(k, head.account(k.address()).nonce());
            spent.put(k, 0L);
        }
        List<Transaction> out = new ArrayList<>();
        long used = 0;
        while (out.size() < maxCount) {
            KeyPair bestSender = null;
            Transaction best = null;
            for (KeyPair k : fixture.keys) {
                if (skipped.contains(k)) {
                    continue;
                }
                for (Transaction tx : pending.get(k)) {
                    if (tx.nonce() == next.get(k) && spent.get(k) + cost(tx) <= head.account(k.address()).balance()
                            && (best == null || tx.fee() > best.fee()
                            || (tx.fee() == best.fee() && arrival.get(tx.hash()) < arrival.get(best.hash())))) {
                        best = tx;
                        bestSender = k;
                    }
                }
            }
            if (best == null) {
                break;
            }
            if (used + best.encodedSize() > maxBytes) {
                skipped.add(bestSender);
                continue;
            }
            out.add(best);
            used += best.encodedSize();
            next.merge(bestSender, 1L, Long::sum);
            spent.merge(bestSender, cost(best), Long::sum);
        }
        return out;
    }

    /** Evictions take only a sender's top nonces, and only entries the newcomer outbids. */
    private static void checkEvictions(Mempool pool, Transaction newcomer, Admission.Accepted accepted) {
        for (Removal r : accepted.removed()) {
            if (r.cause() != Removal.Cause.EVICTED) {
                continue;
            }
            Transaction gone = r.transaction();
            assertThat(gone.fee()).isLessThan(newcomer.fee());
            assertThat(pool.pendingFrom(gone.sender())).allSatisfy(left ->
                    assertThat(left.nonce()).as("left behind by eviction of %s", gone).isLessThan(gone.nonce()));
        }
    }

    /** After a final block exactly the entries the admission rule still accepts remain, in nonce order. */
    private static void checkRevalidation(Mempool pool, PoolFixture fixture, PoolFixture.FakeHead head,
                                          Map<KeyPair, List<Transaction>> before, List<Removal> removed) {
        List<Transaction> expectedRemoved = new ArrayList<>();
        for (KeyPair k : fixture.keys) {
            Account account = head.account(k.address());
            long spent = 0;
            List<Transaction> kept = new ArrayList<>();
            for (Transaction tx : before.get(k)) {
                if (tx.nonce() >= account.nonce() && spent + cost(tx) <= account.balance()) {
                    kept.add(tx);
                    spent += cost(tx);
                } else {
                    expectedRemoved.add(tx);
                }
            }
            assertThat(pool.pendingFrom(k.publicKey())).isEqualTo(kept);
        }
        assertThat(removed).extracting(Removal::transaction).containsExactlyInAnyOrderElementsOf(expectedRemoved);
    }
}
