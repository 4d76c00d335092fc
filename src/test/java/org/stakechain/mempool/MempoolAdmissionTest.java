package org.stakechain.mempool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stakechain.mempool.PoolFixture.FEE;
import static org.stakechain.mempool.PoolFixture.PARAMS;
import static org.stakechain.mempool.PoolFixture.transfer;
import static org.stakechain.mempool.PoolFixture.unsigned;
import static org.stakechain.mempool.PoolFixture.unsignedTransfer;

import org.junit.jupiter.api.Test;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.Signature;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

class MempoolAdmissionTest {
    private final PoolFixture chain = new PoolFixture(3, 10);
    private final KeyPair alice = chain.key(0);

    private static Admission.Rejected rejected(Admission a) {
        assertThat(a).isInstanceOf(Admission.Rejected.class);
        return (Admission.Rejected) a;
    }

    @Test
    void acceptsAValidTransferAndHoldsIt() {
        Mempool pool = PoolFixture.pool();
        Transaction tx = transfer(alice, 0, FEE);

        Admission a = pool.add(tx, chain.state);

        assertThat(a).isEqualTo(new Admission.Accepted(tx.hash(), java.util.List.of()));
        assertThat(pool.contains(tx.hash())).isTrue();
        assertThat(pool.size()).isEqualTo(1);
        assertThat(pool.bytes()).isEqualTo(tx.encodedSize());
        assertThat(pool.senderCount()).isEqualTo(1);
    }

    @Test
    void rejectsATransactionLargerThanTheSizeLimit() {
        Transaction tx = transfer(alice, 0, FEE);
        Mempool pool = PoolFixture.pool(MempoolConfig.defaults().withCapacity(100, 10_000)
                .withMaxTransactionBytes(tx.encodedSize() - 1), SignatureCheck.ED25519);

        Admission.Rejected r = rejected(pool.add(tx, chain.state));

        assertThat(r.reason()).isEqualTo(RejectReason.TOO_LARGE);
        assertThat(r.detail()).contains(tx.encodedSize() + " bytes").contains("limit of " + (tx.encodedSize() - 1));
    }

    @Test
    void rejectsATransactionSignedForAnotherChain() {
        Transaction tx = Transaction.sign("other-chain", alice, 0, FEE, new TxPayload.Transfer(PoolFixture.RECIPIENT, 1));

        Admission.Rejected r = rejected(PoolFixture.pool().add(tx, chain.state));

        assertThat(r.reason()).isEqualTo(RejectReason.WRONG_CHAIN);
        assertThat(r.detail()).isEqualTo("signed for chain other-chain, this is mempool-test");
    }

    @Test
    void rejectsAFeeBelowTheChainMinimum() {
        Admission.Rejected r = rejected(PoolFixture.pool().add(transfer(alice, 0, FEE - 1), chain.state));

        assertThat(r.reason()).isEqualTo(RejectReason.FEE_TOO_LOW);
        assertThat(r.detail()).isEqualTo("fee 0.000999 is below the minimum of 0.001 coins");
    }

    @Test
    void rejectsANonceTheSenderAlreadyUsed() {
        var head = new PoolFixture.FakeHead(chain.state.chain()).with(alice.address(), Coins.of(10), 5);

        Admission.Rejected r = rejected(PoolFixture.pool().add(transfer(alice, 4, FEE), head));

        assertThat(r.reason()).isEqualTo(RejectReason.NONCE_TOO_LOW);
        assertThat(r.detail()).isEqualTo("nonce 4 is already used: the sender's next nonce is 5");
    }

    @Test
    void acceptsNoncesUpToTheGapBoundAheadAndRejectsBeyondIt() {
        Mempool pool = PoolFixture.pool(MempoolConfig.defaults(), PoolFixture.CountingCheck.passAll());

        assertThat(pool.add(unsignedTransfer(alice, 63, FEE, 1), chain.state).isAccepted()).isTrue();
        Admission.Rejected r = rejected(pool.add(unsignedTransfer(alice, 64, FEE, 1), chain.state));

        assertThat(r.reason()).isEqualTo(RejectReason.NONCE_TOO_HIGH);
        assertThat(r.detail()).isEqualTo("nonce 64 is 64 ahead of the sender's next nonce 0; the pool holds at most 63 ahead");
    }

    @Test
    void rejectsATransferTheBalanceCannotCover() {
        Admission.Rejected r = rejected(PoolFixture.pool().add(transfer(alice, 0, FEE, Coins.of(10)), chain.state));

        assertThat(r.reason()).isEqualTo(RejectReason.INSUFFICIENT_BALANCE);
        assertThat(r.detail()).isEqualTo("balance 10 cannot cover 10.001 (amount and fee)");
    }

    @Test
    void countsTheSendersPooledTransactionsAheadWhenCheckingTheBalance() {
        Mempool pool = PoolFixture.pool();
        assertThat(pool.add(transfer(alice, 0, FEE, Coins.of(4)), chain.state).isAccepted()).isTrue();
        assertThat(pool.add(transfer(alice, 1, FEE, Coins.of(4)), chain.state).isAccepted()).isTrue();

        Admission.Rejected r = rejected(pool.add(transfer(alice, 2, FEE, Coins.of(2)), chain.state));

        assertThat(r.reason()).isEqualTo(RejectReason.INSUFFICIENT_BALANCE);
        assertThat(r.detail()).isEqualTo(
                "balance 10 cannot cover 2.001 (amount and fee) after 8.002 for the sender's 2 pooled transactions ahead of it");
        assertThat(pool.add(transfer(alice, 2, FEE, Coins.of(1)), chain.state).isAccepted()).isTrue();
    }

    @Test
    void stakeCostsAmountAndFeeWhileUnstakeAndRegisterCostTheFeeAlone() {
        Mempool pool = PoolFixture.pool(MempoolConfig.defaults(), PoolFixture.CountingCheck.passAll());
        var head = new PoolFixture.FakeHead(chain.state.chain()).with(alice.address(), 3 * FEE, 0);

        assertThat(rejected(pool.add(unsigned(alice, 0, FEE, new TxPayload.Stake(3 * FEE)), head)).reason())
                .isEqualTo(RejectReason.INSUFFICIENT_BALANCE);
        assertThat(pool.add(unsigned(alice, 0, FEE, new TxPayload.Unstake(Coins.of(50))), head).isAccepted()).isTrue();
        assertThat(pool.add(unsigned(alice, 1, FEE, new TxPayload.RegisterValidator()), head).isAccepted()).isTrue();
        assertThat(pool.add(unsigned(alice, 2, FEE, new TxPayload.Stake(1)), head)).isInstanceOf(Admission.Rejected.class);
        assertThat(pool.add(unsigned(alice, 2, FEE, new TxPayload.Unstake(1)), head).isAccepted()).isTrue();
    }

    @Test
    void rejectsASignatureThatDoesNotVerify() {
        Transaction good = transfer(alice, 0, FEE);
        Transaction forged = Transaction.of(PARAMS.chainId(), alice.publicKey(), 0, FEE, good.payload(),
                Signature.wrap(new byte[64]));

        Admission.Rejected r = rejected(PoolFixture.pool().add(forged, chain.state));

        assertThat(r.reason()).isEqualTo(RejectReason.BAD_SIGNATURE);
        assertThat(r.reason().isPeerFault()).isTrue();
        assertThat(r.detail()).contains("does not verify").contains(alice.address().toString());
    }

    @Test
    void answersDuplicateForATransactionAlreadyPooled() {
        Mempool pool = PoolFixture.pool();
        Transaction tx = transfer(alice, 0, FEE);
        pool.add(tx, chain.state);

        assertThat(pool.add(tx, chain.state)).isEqualTo(new Admission.Duplicate(tx.hash()));
        assertThat(pool.size()).isEqualTo(1);
    }

    @Test
    void replacesTheSameSenderAndNonceOnlyForAStrictlyHigherFee() {
        Mempool pool = PoolFixture.pool();
        Transaction first = transfer(alice, 0, 2 * FEE, Coins.of(1));
        pool.add(first, chain.state);

        Admission.Rejected same = rejected(pool.add(transfer(alice, 0, 2 * FEE, Coins.of(2)), chain.state));
        assertThat(same.reason()).isEqualTo(RejectReason.REPLACEMENT_UNDERPRICED);
        assertThat(same.detail()).isEqualTo("transaction " + first.hash().shortHex()
                + " with nonce 0 is pooled with fee 0.002; a replacement must pay strictly more, not 0.002");
        assertThat(rejected(pool.add(transfer(alice, 0, FEE, Coins.of(2)), chain.state)).reason())
                .isEqualTo(RejectReason.REPLACEMENT_UNDERPRICED);

        Transaction better = transfer(alice, 0, 2 * FEE + 1, Coins.of(2));
        Admission.Accepted a = (Admission.Accepted) pool.add(better, chain.state);

        assertThat(a.removed()).singleElement().satisfies(r -> {
            assertThat(r.transaction()).isEqualTo(first);
            assertThat(r.cause()).isEqualTo(Removal.Cause.REPLACED);
        });
        assertThat(pool.pendingFrom(alice.publicKey())).containsExactly(better);
        assertThat(pool.bytes()).isEqualTo(better.encodedSize());
    }

    @Test
    void aCostlierReplacementDropsTheLaterEntriesTheSenderCanNoLongerAfford() {
        Mempool pool = PoolFixture.pool();
        pool.add(transfer(alice, 0, FEE, Coins.of(3)), chain.state);
        Transaction second = transfer(alice, 1, FEE, Coins.of(3));
        Transaction third = transfer(alice, 2, FEE, Coins.of(3));
        pool.add(second, chain.state);
        pool.add(third, chain.state);

        Admission.Accepted a = (Admission.Accepted) pool.add(transfer(alice, 0, 2 * FEE, Coins.of(6)), chain.state);

        assertThat(a.removed()).extracting(Removal::cause)
                .containsExactly(Removal.Cause.REPLACED, Removal.Cause.INSUFFICIENT_BALANCE);
        assertThat(a.removed().get(1).transaction()).isEqualTo(third);
        assertThat(a.removed().get(1).detail())
                .isEqualTo("balance 10 no longer covers 3.001 (amount and fee) after 9.003 for the sender's pooled transactions ahead of it");
        assertThat(pool.pendingFrom(alice.publicKey())).hasSize(2).contains(second);
    }

    @Test
    void countsEveryAnswerInItsMetrics() {
        Mempool pool = PoolFixture.pool();
        Transaction tx = transfer(alice, 0, FEE);
        pool.add(tx, chain.state);
        pool.add(tx, chain.state);
        pool.add(transfer(alice, 1, FEE - 1), chain.state);

        MempoolMetrics m = pool.metrics();

        assertThat(m.transactions()).isEqualTo(1);
        assertThat(m.bytes()).isEqualTo(tx.encodedSize());
        assertThat(m.senders()).isEqualTo(1);
        assertThat(m.accepted()).isEqualTo(1);
        assertThat(m.duplicates()).isEqualTo(1);
        assertThat(m.rejected()).containsEntry(RejectReason.FEE_TOO_LOW, 1L).containsEntry(RejectReason.BAD_SIGNATURE, 0L);
        assertThat(m.signatureChecks()).isEqualTo(1);
        assertThat(m.verifiedCached()).isEqualTo(1);
        assertThat(m.maxTransactions()).isEqualTo(MempoolConfig.defaults().maxTransactions());
    }
}
