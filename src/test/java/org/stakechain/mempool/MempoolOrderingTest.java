package org.stakechain.mempool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stakechain.mempool.PoolFixture.FEE;
import static org.stakechain.mempool.PoolFixture.PARAMS;
import static org.stakechain.mempool.PoolFixture.unsignedTransfer;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.tx.Transaction;

class MempoolOrderingTest {
    private final PoolFixture chain = new PoolFixture(4, 100);
    private final KeyPair alice = chain.key(0);
    private final KeyPair bob = chain.key(1);
    private final KeyPair carol = chain.key(2);
    private final Mempool pool = PoolFixture.pool(MempoolConfig.defaults(), PoolFixture.CountingCheck.passAll());

    private void addAll(Transaction... txs) {
        for (Transaction tx : txs) {
            assertThat(pool.add(tx, chain.state).isAccepted()).as("%s", tx).isTrue();
        }
    }

    @Test
    void offersASendersTransactionsInNonceOrderWhateverOrderTheyArrivedIn() {
        Transaction n0 = unsignedTransfer(alice, 0, FEE, 1);
        Transaction n1 = unsignedTransfer(alice, 1, 9 * FEE, 1);
        Transaction n2 = unsignedTransfer(alice, 2, 5 * FEE, 1);
        addAll(n2, n0, n1);

        assertThat(pool.candidates(chain.state, 10, Long.MAX_VALUE)).containsExactly(n0, n1, n2);
        assertThat(pool.pendingFrom(alice.publicKey())).containsExactly(n0, n1, n2);
    }

    @Test
    void offersHigherFeesFirstAcrossSendersWithoutBreakingAnySendersNonceOrder() {
        Transaction a0 = unsignedTransfer(alice, 0, FEE, 1);
        Transaction a1 = unsignedTransfer(alice, 1, 100 * FEE, 1);
        Transaction b0 = unsignedTransfer(bob, 0, 50 * FEE, 1);
        Transaction b1 = unsignedTransfer(bob, 1, 2 * FEE, 1);
        Transaction c0 = unsignedTransfer(carol, 0, 20 * FEE, 1);
        addAll(a0, a1, b0, b1, c0);

        // a price-sorted merge of the senders' queues: a1 pays most but waits for a0
        assertThat(pool.candidates(chain.state, 10, Long.MAX_VALUE)).containsExactly(b0, c0, b1, a0, a1);
    }

    @Test
    void breaksFeeTiesByArrivalOrder() {
        Transaction b0 = unsignedTransfer(bob, 0, 3 * FEE, 1);
        Transaction a0 = unsignedTransfer(alice, 0, 3 * FEE, 1);
        Transaction c0 = unsignedTransfer(carol, 0, 3 * FEE, 1);
        addAll(b0, a0, c0);

        assertThat(pool.candidates(chain.state, 10, Long.MAX_VALUE)).containsExactly(b0, a0, c0);
    }

    @Test
    void holdsTransactionsAfterANonceGapButOffersThemOnlyOnceTheGapIsFilled() {
        Transaction a0 = unsignedTransfer(alice, 0, FEE, 1);
        Transaction a2 = unsignedTransfer(alice, 2, 9 * FEE, 1);
        addAll(a0, a2);
        assertThat(pool.candidates(chain.state, 10, Long.MAX_VALUE)).containsExactly(a0);

        Transaction a1 = unsignedTransfer(alice, 1, FEE, 1);
        addAll(a1);
        assertThat(pool.candidates(chain.state, 10, Long.MAX_VALUE)).containsExactly(a0, a1, a2);
    }

    @Test
    void startsEachSenderAtItsAccountNonceInTheGivenHead() {
        Transaction a0 = unsignedTransfer(alice, 0, FEE, 1);
        Transaction a1 = unsignedTransfer(alice, 1, FEE, 1);
        addAll(a0, a1);
        var head = new PoolFixture.FakeHead(chain.state.chain()).with(alice.address(), Coins.of(100), 1);

        assertThat(pool.candidates(head, 10, Long.MAX_VALUE)).containsExactly(a1);
    }

    @Test
    void stopsASenderWhoseBalanceNoLongerCoversItsNextTransaction() {
        Transaction a0 = unsignedTransfer(alice, 0, FEE, Coins.of(40));
        Transaction a1 = unsignedTransfer(alice, 1, FEE, Coins.of(40));
        Transaction b0 = unsignedTransfer(bob, 0, FEE, Coins.of(1));
        addAll(a0, a1, b0);
        var poorer = new PoolFixture.FakeHead(chain.state.chain())
                .with(alice.address(), Coins.of(50), 0).with(bob.address(), Coins.of(100), 0);

        assertThat(pool.candidates(poorer, 10, Long.MAX_VALUE)).containsExactly(a0, b0);
    }

    @Test
    void staysWithinTheCountAndByteLimitsLettingSmallerTransactionsFillTheSpace() {
        Transaction a0 = unsignedTransfer(alice, 0, 9 * FEE, 1);
        Transaction big = PoolFixture.unsigned(bob, 0, 8 * FEE, new org.stakechain.ledger.tx.TxPayload.SlashEvidence(
                new org.stakechain.testing.TestData(1).evidence(PARAMS, chain.state, carol)));
        Transaction c0 = unsignedTransfer(carol, 0, 7 * FEE, 1);
        Transaction c1 = unsignedTransfer(carol, 1, 6 * FEE, 1);
        addAll(a0, big, c0, c1);
        assertThat(big.encodedSize()).isGreaterThan(a0.encodedSize());

        assertThat(pool.candidates(chain.state, 2, Long.MAX_VALUE)).containsExactly(a0, big);
        assertThat(pool.candidates(chain.state, 10, 3L * a0.encodedSize())).containsExactly(a0, c0, c1);
    }

    @Test
    void servesAsTheConsensusTransactionSourceWithinTheChainsBlockLimits() {
        addAll(unsignedTransfer(alice, 0, FEE, 1), unsignedTransfer(bob, 0, 2 * FEE, 1));
        org.stakechain.consensus.TransactionSource source = pool;

        List<Transaction> offered = source.candidates(chain.state);

        assertThat(offered).isEqualTo(pool.candidates(chain.state, PARAMS.maxBlockTransactions(), PARAMS.maxBlockBytes()))
                .hasSize(2);
    }
}
