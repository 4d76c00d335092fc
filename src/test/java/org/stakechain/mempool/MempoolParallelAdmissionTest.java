package org.stakechain.mempool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stakechain.mempool.PoolFixture.FEE;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.Signature;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.testing.Seeds;

/**
 * Batch admission checks signatures in parallel but must leave exactly the pool, and give exactly the answers,
 * that admitting the same transactions one by one gives. Random batches (gaps, replays, replacements, duplicates,
 * bad signatures, other chains, a pool small enough to evict). Replay: {@code -Dmempool.parallel.seed=N}.
 */
class MempoolParallelAdmissionTest {
    private static final int SENDERS = 8;
    private static final SignatureVerifiers VERIFIERS = SignatureVerifiers.create(3, "test-verify");

    @AfterAll
    static void stop() {
        VERIFIERS.close();
    }

    @TestFactory
    List<DynamicTest> parallelAdmissionGivesTheSamePoolAsSerial() {
        List<DynamicTest> tests = new ArrayList<>();
        for (long seed : Seeds.of("mempool.parallel.seed", 4_200, 6)) {
            tests.add(DynamicTest.dynamicTest("seed " + seed, () -> {
                System.out.println("MempoolParallelAdmissionTest seed " + seed
                        + " (replay: -Dmempool.parallel.seed=" + seed + ")");
                try {
                    run(seed);
                } catch (AssertionError e) {
                    throw new AssertionError("seed " + seed + " (replay with -Dmempool.parallel.seed=" + seed + "): "
                            + e.getMessage(), e);
                }
            }));
        }
        return tests;
    }

    private static void run(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PoolFixture fixture = new PoolFixture(SENDERS, 50);
        List<Transaction> batch = randomBatch(random, fixture, 150 + random.nextInt(100));
        MempoolConfig config = MempoolConfig.defaults().withCapacity(20 + random.nextInt(60), Long.MAX_VALUE)
                .withMaxNonceGap(12);
        Mempool serial = PoolFixture.pool(config, SignatureCheck.ED25519);
        Mempool parallel = PoolFixture.pool(config, SignatureCheck.ED25519);

        List<String> serialAnswers = new ArrayList<>();
        for (Transaction tx : batch) {
            serialAnswers.add(describe(serial.add(tx, fixture.state)));
        }
        List<String> parallelAnswers = new ArrayList<>();
        // in a few slices, as gossip delivers them
        int from = 0;
        while (from < batch.size()) {
            int to = Math.min(batch.size(), from + 1 + random.nextInt(80));
            parallel.addAll(batch.subList(from, to), fixture.state, VERIFIERS).forEach(a -> parallelAnswers.add(describe(a)));
            from = to;
        }

        assertThat(parallelAnswers).containsExactlyElementsOf(serialAnswers);
        assertThat(parallel.size()).isEqualTo(serial.size());
        assertThat(parallel.bytes()).isEqualTo(serial.bytes());
        assertThat(parallel.candidates(fixture.state, 10_000, Long.MAX_VALUE))
                .containsExactlyElementsOf(serial.candidates(fixture.state, 10_000, Long.MAX_VALUE));
        for (KeyPair k : fixture.keys) {
            assertThat(parallel.pendingFrom(k.publicKey())).containsExactlyElementsOf(serial.pendingFrom(k.publicKey()));
        }
        assertThat(serialAnswers).anyMatch(a -> a.startsWith("Accepted"));
        assertThat(serialAnswers).anyMatch(a -> a.contains("BAD_SIGNATURE"));
    }

    private static List<Transaction> randomBatch(SplittableRandom random, PoolFixture fixture, int count) {
        List<Transaction> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int pick = random.nextInt(100);
            if (pick < 8 && !out.isEmpty()) {
                out.add(out.get(random.nextInt(out.size()))); // a duplicate
                continue;
            }
            KeyPair from = fixture.key(random.nextInt(SENDERS));
            long nonce = random.nextInt(16); // gaps, and some beyond the pool's nonce window
            long fee = FEE * (1 + random.nextInt(20));
            long amount = 1 + random.nextLong(org.stakechain.ledger.Coins.of(10));
            Transaction tx = PoolFixture.transfer(from, nonce, fee, amount);
            if (pick < 20) {
                byte[] sig = tx.signature().bytes();
                sig[random.nextInt(Signature.LENGTH)] ^= (byte) (1 << random.nextInt(8));
                tx = Transaction.of(tx.chainId(), tx.sender(), nonce, fee, tx.payload(), Signature.wrap(sig));
            } else if (pick < 23) {
                tx = Transaction.sign("other-chain", from, nonce, fee, new TxPayload.Transfer(PoolFixture.RECIPIENT, amount));
            }
            out.add(tx);
        }
        return out;
    }

    /** An answer without its free-text detail for removals, which name hashes in the same way on both sides. */
    private static String describe(Admission a) {
        if (a instanceof Admission.Accepted ok) {
            return "Accepted " + ok.hash() + " removed " + ok.removed();
        }
        if (a instanceof Admission.Rejected r) {
            return "Rejected " + r.reason() + ": " + r.detail();
        }
        return a.toString();
    }

    @Test
    void verifiersGiveEachTransactionItsOwnAnswerInOrder() {
        PoolFixture fixture = new PoolFixture(2, 10);
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Transaction tx = PoolFixture.transfer(fixture.key(i % 2), i, FEE);
            if (i % 7 == 3) {
                byte[] sig = tx.signature().bytes();
                sig[10] ^= 1;
                tx = Transaction.of(tx.chainId(), tx.sender(), tx.nonce(), tx.fee(), tx.payload(), Signature.wrap(sig));
            }
            txs.add(tx);
        }
        boolean[] valid = VERIFIERS.verifyAll(txs, SignatureCheck.ED25519);
        for (int i = 0; i < txs.size(); i++) {
            assertThat(valid[i]).as("transaction %d", i).isEqualTo(i % 7 != 3);
        }
    }
}
