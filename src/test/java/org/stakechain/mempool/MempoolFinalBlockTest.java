package org.stakechain.mempool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stakechain.mempool.PoolFixture.FEE;
import static org.stakechain.mempool.PoolFixture.transfer;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.testing.TestChain;

class MempoolFinalBlockTest {
    private final PoolFixture fixture = new PoolFixture(3, 10);
    private final TestChain chain = new TestChain(fixture.genesis, List.of(fixture.validator));
    private final KeyPair alice = fixture.key(0);
    private final KeyPair bob = fixture.key(1);
    private final Mempool pool = PoolFixture.pool();

    private void addAll(Transaction... txs) {
        for (Transaction tx : txs) {
            assertThat(pool.add(tx, chain.state()).isAccepted()).as("%s", tx).isTrue();
        }
    }

    private Block finalize(List<Transaction> txs) {
        chain.next(txs);
        return chain.blocks().get(chain.blocks().size() - 1);
    }

    @Test
    void removesTheTransactionsOfAFinalBlockAndSaysSo() {
        Transaction a0 = transfer(alice, 0, FEE);
        Transaction b0 = transfer(bob, 0, 2 * FEE);
        addAll(a0, b0);

        Block block = finalize(pool.candidates(chain.state()));
        List<Removal> removed = pool.onFinalBlock(block, chain.state());

        assertThat(block.transactions()).containsExactly(b0, a0);
        assertThat(removed).extracting(Removal::transaction).containsExactly(b0, a0);
        assertThat(removed).allSatisfy(r -> {
            assertThat(r.cause()).isEqualTo(Removal.Cause.INCLUDED);
            assertThat(r.detail()).isEqualTo("included in block 1");
        });
        assertThat(pool.size()).isZero();
        assertThat(pool.bytes()).isZero();
        assertThat(pool.senderCount()).isZero();
    }

    @Test
    void dropsATransactionWhoseNonceTheBlockUsedForAnother() {
        Transaction pooled = transfer(alice, 0, FEE, Coins.of(1));
        addAll(pooled);

        Block block = finalize(List.of(transfer(alice, 0, 2 * FEE, Coins.of(2))));
        List<Removal> removed = pool.onFinalBlock(block, chain.state());

        assertThat(removed).singleElement().satisfies(r -> {
            assertThat(r.transaction()).isEqualTo(pooled);
            assertThat(r.cause()).isEqualTo(Removal.Cause.STALE_NONCE);
            assertThat(r.detail()).isEqualTo("nonce 0 is already used: the sender's next nonce is 1");
        });
        assertThat(pool.size()).isZero();
    }

    @Test
    void dropsWhatTheSendersNewBalanceNoLongerCoversAndKeepsTheRest() {
        Transaction a1 = transfer(alice, 1, FEE, Coins.of(5));
        Transaction a2 = transfer(alice, 2, FEE, Coins.of(1));
        Transaction b0 = transfer(bob, 0, FEE, Coins.of(5));
        addAll(a1, a2, b0);

        Block block = finalize(List.of(transfer(alice, 0, FEE, Coins.of(8))));
        List<Removal> removed = pool.onFinalBlock(block, chain.state());

        assertThat(removed).singleElement().satisfies(r -> {
            assertThat(r.transaction()).isEqualTo(a1);
            assertThat(r.cause()).isEqualTo(Removal.Cause.INSUFFICIENT_BALANCE);
            assertThat(r.detail()).isEqualTo("balance 1.999 no longer covers 5.001 (amount and fee)");
        });
        assertThat(pool.pendingFrom(alice.publicKey())).containsExactly(a2);
        assertThat(pool.candidates(chain.state())).containsExactly(b0);
        assertThat(pool.metrics().removed()).containsEntry(Removal.Cause.INSUFFICIENT_BALANCE, 1L);
    }

    @Test
    void offersTheRemainingTransactionsForTheNextBlockAndTheChainAcceptsThem() {
        Transaction a0 = transfer(alice, 0, FEE);
        Transaction a1 = transfer(alice, 1, FEE);
        Transaction a2 = transfer(alice, 2, FEE);
        addAll(a0, a1, a2);

        pool.onFinalBlock(finalize(List.of(a0)), chain.state());
        assertThat(pool.candidates(chain.state())).containsExactly(a1, a2);

        Block second = finalize(pool.candidates(chain.state()));
        assertThat(second.transactions()).containsExactly(a1, a2);
        assertThat(pool.onFinalBlock(second, chain.state())).extracting(Removal::cause)
                .containsOnly(Removal.Cause.INCLUDED).hasSize(2);
        assertThat(pool.size()).isZero();
    }
}
