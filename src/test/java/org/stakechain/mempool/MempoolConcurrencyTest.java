package org.stakechain.mempool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stakechain.mempool.PoolFixture.FEE;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.PublicKey;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.testing.Seeds;

/** HTTP threads admitting while the consensus thread selects: nothing lost, nothing out of order, bounds held. */
class MempoolConcurrencyTest {
    private static final int WRITERS = 4;
    private static final int SENDERS_PER_WRITER = 3;
    private static final int TXS_PER_SENDER = 60;
    private static final int CAPACITY = 400;

    @Test
    void concurrentAdmissionsAndSelectionsKeepThePoolConsistent() throws Exception {
        long seed = Seeds.of("mempool.seed", 77, 1)[0];
        System.out.println("MempoolConcurrencyTest seed " + seed + " (replay: -Dmempool.seed=" + seed + ")");
        PoolFixture fixture = new PoolFixture(WRITERS * SENDERS_PER_WRITER, 1_000);
        Mempool pool = PoolFixture.pool(MempoolConfig.defaults().withCapacity(CAPACITY, Long.MAX_VALUE),
                PoolFixture.CountingCheck.passAll());
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Transaction>> work = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            List<Transaction> txs = new ArrayList<>();
            for (int n = 0; n < TXS_PER_SENDER; n++) {
                for (int s = 0; s < SENDERS_PER_WRITER; s++) {
                    txs.add(PoolFixture.unsignedTransfer(fixture.key(w * SENDERS_PER_WRITER + s), n,
                            FEE * (1 + random.nextInt(50)), 1 + random.nextInt(1_000)));
                }
            }
            work.add(txs);
        }
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger removedOnAdmission = new AtomicInteger();
        AtomicInteger writersDone = new AtomicInteger();
        Map<Class<?>, Integer> answers = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS + 1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<Transaction> txs : work) {
                futures.add(threads.submit(() -> {
                    start.await();
                    for (Transaction tx : txs) {
                        Admission a = pool.add(tx, fixture.state);
                        answers.merge(a.getClass(), 1, Integer::sum);
                        if (a instanceof Admission.Accepted ok) {
                            accepted.incrementAndGet();
                            removedOnAdmission.addAndGet(ok.removed().size());
                        }
                    }
                    writersDone.incrementAndGet();
                    return null;
                }));
            }
            futures.add(threads.submit(() -> {
                start.await();
                int rounds = 0;
                while (writersDone.get() < WRITERS || rounds < 10) {
                    assertNonceOrder(pool.candidates(fixture.state, 200, Long.MAX_VALUE));
                    assertThat(pool.metrics().transactions()).isLessThanOrEqualTo(CAPACITY);
                    rounds++;
                }
                return null;
            }));
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(pool.size()).isEqualTo(accepted.get() - removedOnAdmission.get()).isLessThanOrEqualTo(CAPACITY);
        assertThat(answers.values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(WRITERS * SENDERS_PER_WRITER * TXS_PER_SENDER);
        List<Transaction> all = pool.candidates(fixture.state, Integer.MAX_VALUE, Long.MAX_VALUE);
        assertNonceOrder(all);
        long pooledBytes = 0;
        for (var k : fixture.keys) {
            for (Transaction tx : pool.pendingFrom(k.publicKey())) {
                pooledBytes += tx.encodedSize();
            }
        }
        assertThat(pool.bytes()).isEqualTo(pooledBytes);
    }

    private static void assertNonceOrder(List<Transaction> txs) {
        Map<PublicKey, Long> next = new java.util.HashMap<>();
        for (Transaction tx : txs) {
            long expected = next.getOrDefault(tx.sender(), 0L);
            assertThat(tx.nonce()).as("%s", tx).isEqualTo(expected);
            next.put(tx.sender(), expected + 1);
        }
    }
}
