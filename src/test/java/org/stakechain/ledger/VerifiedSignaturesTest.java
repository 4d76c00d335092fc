package org.stakechain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.Signature;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.testing.TestChain;

/** The seam that lets a node verify each transaction's signature once: what it may skip, and what it never may. */
class VerifiedSignaturesTest {
    private static final KeyPair TREASURY = DemoGenesis.key("treasury");
    private static final KeyPair ERICK = DemoGenesis.key("erick");
    private static final long FEE = 1_000;

    private final TestChain chain = TestChain.demo();
    private final ChainParams params = chain.params();

    private Transaction good() {
        return Transaction.sign(params.chainId(), TREASURY, 0, FEE, new TxPayload.Transfer(ERICK.address(), Coins.of(1)));
    }

    /** The same payload under a signature with one bit flipped. */
    private static Transaction forgedTwinOf(Transaction good) {
        byte[] sig = good.signature().bytes();
        sig[0] ^= 1;
        return Transaction.of(good.chainId(), good.sender(), good.nonce(), good.fee(), good.payload(), Signature.wrap(sig));
    }

    /** A block holding {@code tx} with a correct state root: the builder is told (wrongly) that tx verified. */
    private Block blockWith(Transaction tx) {
        MemoryLedgerState pre = chain.state();
        return BlockBuilder.build(params, pre, chain.defaultForger(), 0, pre.chain().lastTimestampMillis() + 1_000,
                List.of(tx), chain.lastCertificate(), Set.of(tx.hash())::contains).block();
    }

    @Test
    void theCacheKeyCoversTheSignature_aForgedTwinOfAVerifiedTransactionIsStillRejected() {
        Transaction good = good();
        Transaction forged = forgedTwinOf(good);
        assertThat(forged.hash()).isNotEqualTo(good.hash());
        Block block = blockWith(forged);
        VerifiedSignatures knowsTheGoodOne = Set.of(good.hash())::contains;

        assertThat(StateTransition.apply(params, chain.state(), block, knowsTheGoodOne))
                .isInstanceOfSatisfying(BlockOutcome.Rejected.class,
                        r -> assertThat(r.reason()).contains("signature does not verify"));
    }

    @Test
    void aKnownHashIsNotVerifiedAgain_whichIsWhyOnlyStrictVerificationsMayBeRecorded() {
        Transaction forged = forgedTwinOf(good());
        Block block = blockWith(forged);

        assertThat(StateTransition.apply(params, chain.state(), block)).isInstanceOf(BlockOutcome.Rejected.class);
        assertThat(StateTransition.apply(params, chain.state(), block, Set.of(forged.hash())::contains))
                .isInstanceOf(BlockOutcome.Applied.class);
    }

    @Test
    void knownSignaturesChangeNothingForValidBlocks() {
        Transaction good = good();
        Block block = chain.forge(List.of(good));
        BlockOutcome.Applied verified = (BlockOutcome.Applied) StateTransition.apply(params, chain.state(), block);
        BlockOutcome.Applied skipped = (BlockOutcome.Applied) StateTransition.apply(params, chain.state(), block,
                Set.of(good.hash())::contains);
        assertThat(skipped.changes().stateRoot()).isEqualTo(verified.changes().stateRoot());
        assertThat(skipped.receipts()).isEqualTo(verified.receipts());
    }

    @Test
    void theBuilderLeavesOutAnUnverifiedBadSignatureEvenWhenItsTwinIsKnown() {
        Transaction good = good();
        Transaction forged = forgedTwinOf(good);
        MemoryLedgerState pre = chain.state();
        List<Transaction> chosen = StateTransition.selectIncludable(params, pre, List.of(forged, good),
                Set.of(good.hash())::contains);
        assertThat(chosen).containsExactly(good);
    }

    private ChainParams limits(int transactions, int bytes) {
        ChainParams p = params;
        return new ChainParams(p.chainId(), p.slotMillis(), p.finalityThresholdBps(), p.minimumStake(), p.validatorFee(),
                p.minimumFee(), p.blockReward(), p.attestorRewardBps(), p.unbondingPeriod(), p.epochLength(),
                p.slashFractionBps(), p.finderFeeBps(), p.evidenceMaxAge(), transactions, bytes);
    }

    @Test
    void selectionStopsAtTheBlockLimitsAndExaminesBoundedCandidates() {
        ChainParams small = limits(2, 10_000);
        List<Transaction> candidates = new java.util.ArrayList<>();
        for (int nonce = 0; nonce < 5; nonce++) {
            candidates.add(Transaction.sign(params.chainId(), TREASURY, nonce, FEE,
                    new TxPayload.Transfer(ERICK.address(), Coins.of(1))));
        }
        assertThat(StateTransition.selectIncludable(small, chain.state(), candidates)).hasSize(2);

        int oneTx = candidates.get(0).encodedSize();
        ChainParams tight = limits(100, oneTx * 3 - 1);
        assertThat(StateTransition.selectIncludable(tight, chain.state(), candidates)).hasSize(2);

        // nothing includable (all replays of nonce 5+): the selection gives up after maxBlockTransactions skips
        List<Transaction> hopeless = new java.util.ArrayList<>();
        for (int nonce = 10; nonce < 20; nonce++) {
            hopeless.add(Transaction.sign(params.chainId(), TREASURY, nonce, FEE,
                    new TxPayload.Transfer(ERICK.address(), Coins.of(1))));
        }
        List<Transaction> mixed = new java.util.ArrayList<>(hopeless);
        mixed.add(candidates.get(0));
        assertThat(StateTransition.selectIncludable(small, chain.state(), mixed)).isEmpty();
        assertThat(StateTransition.selectIncludable(params, chain.state(), mixed)).containsExactly(candidates.get(0));
    }
}
