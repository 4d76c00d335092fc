package org.stakechain.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.mempool.Mempool;
import org.stakechain.mempool.MempoolConfig;
import org.stakechain.testing.TestChain;

/** Blocks sized by the time a transaction takes here: the chain's limit until measured, then what fits the budget. */
class BlockSizerTest {
    private static final long MS = 1_000_000L;

    private final TestChain chain = TestChain.demo();
    private final ChainParams params = chain.params();
    private final MemoryLedgerState state = chain.state();
    private final Mempool mempool = new Mempool(params, MempoolConfig.defaults(), tx -> true);
    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final BlockSizer sizer = new BlockSizer(mempool, params, 300, clock::get);

    @Test
    void offersTheChainLimitUntilItHasMeasuredAnything() {
        assertThat(sizer.limit()).isEqualTo(params.maxBlockTransactions());
        assertThat(sizer.nanosPerTransaction()).isZero();
    }

    @Test
    void aSlowForgeShrinksTheNextBlockToTheBudget() {
        sizer.candidates(state);
        clock.addAndGet(600 * MS); // 2,000 transactions in 600 ms: 300 µs each
        sizer.forged(2_000);
        // 300 ms of budget at 300 µs a transaction
        assertThat(sizer.limit()).isEqualTo(1_000);
    }

    @Test
    void theSlowerOfForgingAndCheckingSetsTheSize() {
        sizer.candidates(state);
        clock.addAndGet(100 * MS);
        sizer.forged(1_000); // 100 µs each
        sizer.checked(1_000, 200 * MS); // 200 µs each
        assertThat(sizer.limit()).isEqualTo(1_500);
    }

    @Test
    void measurementsAreSmoothedNotReplaced() {
        sizer.checked(1_000, 100 * MS); // 100 µs
        sizer.checked(1_000, 1_100 * MS); // one slow block (a GC pause): 1,100 µs
        // 100 + 0.3 * (1100 - 100) = 400 µs → 750 in 300 ms
        assertThat(sizer.limit()).isEqualTo(750);
    }

    @Test
    void neverBelowTheFloorNorAboveTheChainLimit() {
        sizer.checked(1_000, 30_000 * MS); // 30 ms a transaction
        assertThat(sizer.limit()).isEqualTo(BlockSizer.MIN_TRANSACTIONS);
        BlockSizer fast = new BlockSizer(mempool, params, 300, clock::get);
        fast.checked(1_000, 5 * MS); // 5 µs each: 60,000 would fit
        assertThat(fast.limit()).isEqualTo(params.maxBlockTransactions());
    }

    @Test
    void smallBlocksAndAlreadyCheckedProposalsTeachNothing() {
        sizer.checked(50, 500 * MS); // too few transactions to tell fixed costs from per-transaction ones
        sizer.checked(5_000, 1 * MS); // 200 ns each: a block checked before, not executed again
        sizer.forged(3_000); // no candidates were taken: a re-proposal of a valid block, not a forge
        assertThat(sizer.limit()).isEqualTo(params.maxBlockTransactions());
    }

    @Test
    void theCandidatesAreTheMempoolsWithinTheLimit() {
        KeyPair treasury = DemoGenesis.key("treasury");
        KeyPair erick = DemoGenesis.key("erick");
        for (int nonce = 0; nonce < 5; nonce++) {
            Transaction tx = Transaction.sign(params.chainId(), treasury, nonce, params.minimumFee(),
                    new TxPayload.Transfer(erick.address(), Coins.of(1)));
            assertThat(mempool.add(tx, state).isAccepted()).isTrue();
        }
        assertThat(sizer.candidates(state)).hasSize(5);
        assertThat(sizer.verifiedSignatures()).isNotNull();
    }

    @Test
    void aBudgetMustBePositive() {
        assertThatThrownBy(() -> new BlockSizer(mempool, params, 0, clock::get))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
