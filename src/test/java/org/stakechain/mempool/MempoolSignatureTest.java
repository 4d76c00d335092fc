package org.stakechain.mempool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stakechain.mempool.PoolFixture.FEE;
import static org.stakechain.mempool.PoolFixture.PARAMS;
import static org.stakechain.mempool.PoolFixture.transfer;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.Signature;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.testing.TestChain;
import org.stakechain.testing.TestData;

class MempoolSignatureTest {
    private final PoolFixture fixture = new PoolFixture(3, 10);
    private final KeyPair alice = fixture.key(0);
    private final KeyPair bob = fixture.key(1);
    private final PoolFixture.CountingCheck check = PoolFixture.CountingCheck.ed25519();

    @Test
    void verifiesEachSignatureOnceHoweverOftenTheTransactionArrives() {
        TestChain chain = new TestChain(fixture.genesis, List.of(fixture.validator));
        Mempool pool = PoolFixture.pool(MempoolConfig.defaults().withCapacity(1, Long.MAX_VALUE), check);
        Transaction a0 = transfer(alice, 0, FEE);
        Transaction b0 = transfer(bob, 0, 2 * FEE);

        assertThat(pool.add(a0, chain.state()).isAccepted()).isTrue();
        assertThat(pool.add(a0, chain.state())).isInstanceOf(Admission.Duplicate.class);
        assertThat(pool.add(b0, chain.state()).isAccepted()).isTrue(); // evicts a0
        assertThat(pool.contains(a0.hash())).isFalse();
        chain.next(b0);
        pool.onFinalBlock(chain.blocks().get(0), chain.state());
        assertThat(pool.add(a0, chain.state()).isAccepted()).isTrue(); // back, not verified again

        assertThat(check.calls).hasValue(2);
        assertThat(pool.metrics().signatureChecks()).isEqualTo(2);
    }

    @Test
    void neverVerifiesATransactionThatACheaperRuleRejects() {
        Mempool pool = PoolFixture.pool(MempoolConfig.defaults().withCapacity(1, Long.MAX_VALUE), check);
        var head = new PoolFixture.FakeHead(fixture.state.chain())
                .with(alice.address(), Coins.of(10), 3).with(bob.address(), Coins.of(10), 0);
        pool.add(transfer(bob, 0, 5 * FEE), head);
        check.calls.set(0);

        List<Transaction> refused = List.of(
                transfer(alice, 3, FEE - 1),                                    // fee
                Transaction.sign("elsewhere", alice, 3, FEE, transfer(alice, 3, FEE).payload()), // chain
                transfer(alice, 2, FEE),                                        // stale nonce
                transfer(alice, 3 + 64, FEE),                                   // too far ahead
                transfer(alice, 3, FEE, Coins.of(10)),                          // balance
                transfer(bob, 0, 5 * FEE),                                      // duplicate
                transfer(bob, 0, 5 * FEE, 2),                                   // underpriced replacement
                transfer(alice, 3, FEE));                                       // pool full
        for (Transaction tx : refused) {
            assertThat(pool.add(tx, head).isAccepted()).as("%s", tx).isFalse();
        }

        assertThat(check.calls).hasValue(0);
    }

    @Test
    void remembersVerifiedHashesForBlockValidationButNotForgeries() {
        Mempool pool = PoolFixture.pool(MempoolConfig.defaults(), check);
        Transaction good = transfer(alice, 0, FEE);
        Transaction forged = Transaction.of(PARAMS.chainId(), bob.publicKey(), 0, FEE, good.payload(),
                Signature.wrap(new byte[64]));

        pool.add(good, fixture.state);
        pool.add(forged, fixture.state);
        pool.add(forged, fixture.state);

        assertThat(pool.isVerified(good.hash())).isTrue();
        assertThat(pool.isVerified(forged.hash())).isFalse();
        assertThat(pool.isVerified(new TestData(3).hash())).isFalse();
        assertThat(check.calls).hasValue(3); // a forgery costs a check each time: its sender is the peer to penalise
    }

    @Test
    void theVerifiedCacheForgetsTheOldestBeyondItsCapacity() {
        TestData data = new TestData(5);
        var cache = new VerifiedTransactions(2);
        var first = data.hash();
        var second = data.hash();
        var third = data.hash();

        cache.add(first);
        cache.add(second);
        assertThat(cache.contains(first)).isTrue(); // a lookup does not keep it: first in, first out
        cache.add(third);

        assertThat(cache.contains(first)).isFalse();
        assertThat(cache.contains(second)).isTrue();
        assertThat(cache.contains(third)).isTrue();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aTransactionVerifiedByTheOtherPathWhileABatchIsInItsCheckIsNotVerifiedAgain() {
        // admission of a batch and the check ahead of a proposal run at once; here, deterministically, the proposal's
        // check of b0 happens while the batch's check is at a0 (inline verifiers: one slice, in order)
        Transaction a0 = transfer(alice, 0, FEE);
        Transaction b0 = transfer(bob, 0, FEE);
        AtomicInteger b0Checks = new AtomicInteger();
        Mempool[] pool = new Mempool[1];
        boolean[] nested = {false};
        SignatureCheck interleaving = tx -> {
            if (tx.hash().equals(b0.hash())) {
                b0Checks.incrementAndGet();
            }
            if (tx.hash().equals(a0.hash()) && !nested[0]) {
                nested[0] = true;
                pool[0].verifyAhead(List.of(b0), SignatureVerifiers.inline()); // the proposal's path, mid-batch
            }
            return SignatureCheck.ED25519.verify(tx);
        };
        pool[0] = PoolFixture.pool(MempoolConfig.defaults(), interleaving);

        List<Admission> answers = pool[0].addAll(List.of(a0, b0), fixture.state, SignatureVerifiers.inline());

        assertThat(answers).allMatch(Admission::isAccepted);
        assertThat(b0Checks).as("b0 verified by the proposal's check, not again by the batch's").hasValue(1);
        assertThat(pool[0].metrics().signatureChecks()).as("checks counted where they ran").isEqualTo(2);
        assertThat(pool[0].isVerified(a0.hash())).isTrue();
        assertThat(pool[0].isVerified(b0.hash())).isTrue();
    }
}
