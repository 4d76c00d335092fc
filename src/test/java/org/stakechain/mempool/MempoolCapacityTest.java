package org.stakechain.mempool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stakechain.mempool.PoolFixture.FEE;
import static org.stakechain.mempool.PoolFixture.PARAMS;
import static org.stakechain.mempool.PoolFixture.unsignedTransfer;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.block.Block;
import org.stakechain.testing.TestChain;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.testing.TestData;

class MempoolCapacityTest {
    private final PoolFixture chain = new PoolFixture(5, 100);
    private final KeyPair alice = chain.key(0);
    private final KeyPair bob = chain.key(1);
    private final KeyPair carol = chain.key(2);
    private final KeyPair dave = chain.key(3);

    private Mempool poolOf(int transactions, long bytes) {
        return PoolFixture.pool(MempoolConfig.defaults().withCapacity(transactions, bytes), PoolFixture.CountingCheck.passAll());
    }

    private void addAll(Mempool pool, Transaction... txs) {
        for (Transaction tx : txs) {
            assertThat(pool.add(tx, chain.state).isAccepted()).as("%s", tx).isTrue();
        }
    }

    @Test
    void entriesBehindANonceGapMayTakeOnlyAQuarterOfThePool() {
        Mempool pool = poolOf(8, Long.MAX_VALUE); // at most 2 wait
        addAll(pool, unsignedTransfer(alice, 1, FEE, 1), unsignedTransfer(bob, 1, FEE, 1));
        assertThat(pool.waiting()).isEqualTo(2);

        Admission third = pool.add(unsignedTransfer(carol, 2, 9 * FEE, 1), chain.state);

        assertThat(third).isInstanceOfSatisfying(Admission.PoolFull.class, full -> {
            assertThat(full.feeHelps()).isFalse();
            assertThat(full.detail()).isEqualTo("2 transactions already wait behind nonce gaps (at most 2), and this "
                    + "one would too: the sender's nonces 0 to 1 are not all pooled; send the missing ones first, or "
                    + "this one again later");
        });
        // what a forger can use still gets in, and a filled gap frees a place to wait
        addAll(pool, unsignedTransfer(carol, 0, FEE, 1), unsignedTransfer(alice, 0, FEE, 1));
        assertThat(pool.waiting()).isEqualTo(1);
        addAll(pool, unsignedTransfer(carol, 2, FEE, 1));
        assertThat(pool.waiting()).isEqualTo(2);
        assertThat(pool.candidates(chain.state, 10, Long.MAX_VALUE)).extracting(Transaction::nonce)
                .containsExactly(0L, 0L, 1L);
    }

    @Test
    void aWaitingEntryStopsWaitingWhenABlockUsesTheMissingNonce() {
        Mempool pool = poolOf(12, Long.MAX_VALUE); // at most 3 wait
        addAll(pool, unsignedTransfer(alice, 1, FEE, 1), unsignedTransfer(alice, 2, FEE, 1),
                unsignedTransfer(bob, 3, FEE, 1));
        assertThat(pool.waiting()).isEqualTo(3);
        Block block = new TestChain(chain.genesis, List.of(chain.validator)).forge(List.of());

        // alice's nonce 0 and bob's 0 and 1 were used elsewhere: alice's entries are next, bob's 3 still waits on 2
        pool.onFinalBlock(block, new PoolFixture.FakeHead(chain.state.chain())
                .with(alice.address(), Coins.of(100), 1).with(bob.address(), Coins.of(100), 2));

        assertThat(pool.waiting()).isEqualTo(1);
    }

    @Test
    void aPoolFilledWithEntriesBehindGapsStillTakesTheOnesAForgerCanUse() {
        // the stall seen under load: nodes' pools full of later nonces whose earlier ones were refused, blocks empty
        PoolFixture many = new PoolFixture(40, 100);
        Mempool pool = PoolFixture.pool(MempoolConfig.defaults().withCapacity(20, Long.MAX_VALUE),
                PoolFixture.CountingCheck.passAll());
        List<Admission> gapped = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            gapped.add(pool.add(unsignedTransfer(many.key(i), 1, FEE, 1), many.state));
        }
        assertThat(gapped.stream().filter(Admission::isAccepted).count()).isEqualTo(5);
        for (int i = 20; i < 35; i++) {
            assertThat(pool.add(unsignedTransfer(many.key(i), 0, FEE, 1), many.state).isAccepted()).isTrue();
        }

        assertThat(pool.size()).isEqualTo(20);
        assertThat(pool.candidates(many.state, 100, Long.MAX_VALUE)).hasSize(15);
    }

    @Test
    void evictsTheLowestFeeEntryToAdmitAHigherFeeNewcomer() {
        Mempool pool = poolOf(3, Long.MAX_VALUE);
        Transaction a0 = unsignedTransfer(alice, 0, 5 * FEE, 1);
        Transaction b0 = unsignedTransfer(bob, 0, 2 * FEE, 1);
        Transaction c0 = unsignedTransfer(carol, 0, 7 * FEE, 1);
        addAll(pool, a0, b0, c0);

        Transaction d0 = unsignedTransfer(dave, 0, 3 * FEE, 1);
        Admission.Accepted a = (Admission.Accepted) pool.add(d0, chain.state);

        assertThat(a.removed()).singleElement().satisfies(r -> {
            assertThat(r.transaction()).isEqualTo(b0);
            assertThat(r.cause()).isEqualTo(Removal.Cause.EVICTED);
            assertThat(r.detail()).contains("whose fee 0.003 beats 0.002");
        });
        assertThat(pool.size()).isEqualTo(3);
        assertThat(pool.contains(b0.hash())).isFalse();
        assertThat(pool.metrics().removed()).containsEntry(Removal.Cause.EVICTED, 1L);
    }

    @Test
    void answersPoolFullWithTheFeeToBeatWhenTheNewcomerDoesNotOutbidTheLowest() {
        Mempool pool = poolOf(2, Long.MAX_VALUE);
        addAll(pool, unsignedTransfer(alice, 0, 5 * FEE, 1), unsignedTransfer(bob, 0, 2 * FEE, 1));

        Admission equal = pool.add(unsignedTransfer(carol, 0, 2 * FEE, 1), chain.state);
        Admission lower = pool.add(unsignedTransfer(carol, 0, FEE, 1), chain.state);

        assertThat(equal).isInstanceOf(Admission.PoolFull.class);
        Admission.PoolFull full = (Admission.PoolFull) equal;
        assertThat(full.feeToBeat()).isEqualTo(2 * FEE);
        assertThat(full.detail()).startsWith("the pool is full (2 of 2 transactions, ")
                .endsWith("a fee of 0.002 does not beat the entries that would have to leave; pay more than 0.002");
        assertThat(lower).isInstanceOf(Admission.PoolFull.class);
        assertThat(pool.size()).isEqualTo(2);
        assertThat(pool.metrics().poolFull()).isEqualTo(2);
    }

    @Test
    void evictsASendersHighestNonceFirstSoNoGapIsLeft() {
        Mempool pool = poolOf(3, Long.MAX_VALUE);
        Transaction a0 = unsignedTransfer(alice, 0, FEE, 1);        // the lowest fee, but alice's a1 depends on it
        Transaction a1 = unsignedTransfer(alice, 1, 50 * FEE, 1);
        Transaction b0 = unsignedTransfer(bob, 0, 10 * FEE, 1);
        addAll(pool, a0, a1, b0);

        Admission.Accepted a = (Admission.Accepted) pool.add(unsignedTransfer(carol, 0, 20 * FEE, 1), chain.state);

        assertThat(a.removed()).extracting(Removal::transaction).containsExactly(b0);
        assertThat(pool.pendingFrom(alice.publicKey())).containsExactly(a0, a1);
    }

    @Test
    void takesASendersEntriesFromTheTopDownWhenSeveralMustLeave() {
        Mempool pool = poolOf(3, Long.MAX_VALUE);
        Transaction a0 = unsignedTransfer(alice, 0, 2 * FEE, 1);
        Transaction a1 = unsignedTransfer(alice, 1, 3 * FEE, 1);
        Transaction b0 = unsignedTransfer(bob, 0, 9 * FEE, 1);
        addAll(pool, a0, a1, b0);

        Admission.Accepted a = (Admission.Accepted) pool.add(unsignedTransfer(carol, 0, 4 * FEE, 1), chain.state);
        assertThat(a.removed()).extracting(Removal::transaction).containsExactly(a1);

        Admission.Accepted b = (Admission.Accepted) pool.add(unsignedTransfer(dave, 0, 4 * FEE, 1), chain.state);
        assertThat(b.removed()).extracting(Removal::transaction).containsExactly(a0);
    }

    @Test
    void aNewcomerBehindItsOwnLowestFeeEntryNeverEvictsThatEntry() {
        Mempool pool = poolOf(2, Long.MAX_VALUE);
        Transaction a0 = unsignedTransfer(alice, 0, FEE, 1);
        Transaction a1 = unsignedTransfer(alice, 1, 2 * FEE, 1);
        addAll(pool, a0, a1);

        // only a sender's tail may leave, and with a2 in, alice's tail is a2 itself: evicting a0 or a1 would gap it
        assertThat(pool.add(unsignedTransfer(alice, 2, 9 * FEE, 1), chain.state)).isInstanceOf(Admission.PoolFull.class);
        assertThat(pool.pendingFrom(alice.publicKey())).containsExactly(a0, a1);
    }

    @Test
    void makesRoomByBytesEvictingAsManySmallEntriesAsALargeNewcomerNeeds() {
        Transaction a0 = unsignedTransfer(alice, 0, FEE, 1);
        Transaction b0 = unsignedTransfer(bob, 0, 2 * FEE, 1);
        Transaction c0 = unsignedTransfer(carol, 0, 3 * FEE, 1);
        Transaction big = PoolFixture.unsigned(dave, 0, 10 * FEE,
                new TxPayload.SlashEvidence(new TestData(7).evidence(PARAMS, chain.state, carol)));
        int t = a0.encodedSize();
        assertThat(big.encodedSize()).isGreaterThanOrEqualTo(2 * t);
        long limit = t + big.encodedSize();
        Mempool pool = poolOf(100, limit);
        addAll(pool, a0, b0, c0);

        Admission.Accepted a = (Admission.Accepted) pool.add(big, chain.state);

        assertThat(a.removed()).extracting(Removal::transaction).containsExactly(a0, b0);
        assertThat(pool.bytes()).isEqualTo(c0.encodedSize() + big.encodedSize()).isLessThanOrEqualTo(limit);
    }

    @Test
    void aNewcomerNeverPushesOutAHigherFeeEvenItsOwnSendersLaterEntry() {
        Mempool pool = poolOf(2, Long.MAX_VALUE);
        Transaction a1 = unsignedTransfer(alice, 1, 5 * FEE, 1);
        addAll(pool, a1, unsignedTransfer(bob, 0, 9 * FEE, 1));

        Admission a0 = pool.add(unsignedTransfer(alice, 0, 2 * FEE, 1), chain.state);

        assertThat(a0).isInstanceOf(Admission.PoolFull.class);
        assertThat(((Admission.PoolFull) a0).feeToBeat()).isEqualTo(5 * FEE);
        assertThat(pool.pendingFrom(alice.publicKey())).containsExactly(a1);
    }

    @Test
    void aReplacementAtCapacityNeedsNoEviction() {
        Mempool pool = poolOf(2, Long.MAX_VALUE);
        Transaction a0 = unsignedTransfer(alice, 0, FEE, 1);
        addAll(pool, a0, unsignedTransfer(bob, 0, 5 * FEE, 1));

        Admission.Accepted a = (Admission.Accepted) pool.add(unsignedTransfer(alice, 0, 2 * FEE, 1), chain.state);

        assertThat(a.removed()).extracting(Removal::cause).containsExactly(Removal.Cause.REPLACED);
        assertThat(pool.size()).isEqualTo(2);
    }
}
