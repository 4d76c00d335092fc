package org.stakechain.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.Signature;
import org.stakechain.ledger.BlockBuilder;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.VerifiedSignatures;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.state.LedgerState;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.mempool.SignatureVerifiers;
import org.stakechain.testing.TestChain;

/** A catching-up node's replay: signatures checked ahead in parallel, blocks refused for bad signatures or certificates. */
class SyncReplayTest {
    private static final KeyPair TREASURY = DemoGenesis.key("treasury");
    private static final KeyPair ERICK = DemoGenesis.key("erick");
    private static final SignatureVerifiers VERIFIERS = SignatureVerifiers.create(2, "test-sync-verify");

    private final TestChain chain = TestChain.demo();
    private final ChainParams params = chain.params();
    private final MemoryLedgerState genesisState = chain.state();
    private final List<ConsensusMessage.Decided> decided = new ArrayList<>();

    @AfterAll
    static void stop() {
        VERIFIERS.close();
    }

    private Transaction transfer(long nonce) {
        return Transaction.sign(params.chainId(), TREASURY, nonce, params.minimumFee(),
                new TxPayload.Transfer(ERICK.address(), Coins.of(1)));
    }

    /** Two good final blocks of transfers, as a peer would serve them. */
    private void twoGoodBlocks() {
        for (int b = 0; b < 2; b++) {
            List<Transaction> txs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                txs.add(transfer(b * 20L + i));
            }
            chain.next(txs);
            decided.add(new ConsensusMessage.Decided(chain.blocks().get(b), chain.lastCertificate().orElseThrow()));
        }
    }

    /** CONFIRMs of every demo validator: a certificate a quorum really signed. */
    private CommitCertificate certify(Block block) {
        List<Vote> confirms = new ArrayList<>();
        for (String name : DemoGenesis.VALIDATORS) {
            confirms.add(Vote.sign(VoteKind.CONFIRM, params.chainId(), block.height(), block.header().round(),
                    Optional.of(block.hash()), DemoGenesis.key(name)));
        }
        return CommitCertificate.fromVotes(block.height(), block.header().round(), block.hash(), confirms);
    }

    private static Transaction forgedTwinOf(Transaction good) {
        byte[] sig = good.signature().bytes();
        sig[33] ^= 2;
        return Transaction.of(good.chainId(), good.sender(), good.nonce(), good.fee(), good.payload(), Signature.wrap(sig));
    }

    /** Replays the batch from genesis; the reason of the first refusal, or empty when all applied. */
    private Optional<String> replayAll(VerifiedSignatures known) {
        LedgerState state = genesisState;
        for (ConsensusMessage.Decided d : decided) {
            SyncReplay.Result r = SyncReplay.replay(params, state, d.block(), d.certificate(), known);
            if (r instanceof SyncReplay.Refused refused) {
                return Optional.of("block " + d.block().height() + ": " + refused.reason());
            }
            state = ((MemoryLedgerState) state).apply(((SyncReplay.Applied) r).outcome().changes());
        }
        return Optional.empty();
    }

    @Test
    void goodBlocksReplayWithTheirSignaturesCheckedAhead() {
        twoGoodBlocks();
        VerifiedSignatures known = SyncReplay.verifyAhead(decided, VerifiedSignatures.NONE, VERIFIERS);
        for (ConsensusMessage.Decided d : decided) {
            d.block().transactions().forEach(tx -> assertThat(known.contains(tx.hash())).isTrue());
        }
        assertThat(replayAll(known)).isEmpty();
    }

    @Test
    void aCertifiedBlockWithABadSignatureIsRefused_evenWhenItsTwinVerified() {
        twoGoodBlocks();
        Transaction good = transfer(40);
        Transaction forged = forgedTwinOf(good);
        // a quorum that signed a block with a bad signature in it: more faults than tolerated, still refused
        Block bad = BlockBuilder.build(params, chain.state(), chain.defaultForger(), 0,
                chain.state().chain().lastTimestampMillis() + 1_000, List.of(forged), chain.lastCertificate(),
                java.util.Set.of(forged.hash())::contains).block();
        assertThat(bad.transactions()).containsExactly(forged);
        decided.add(new ConsensusMessage.Decided(bad, certify(bad)));

        VerifiedSignatures known = SyncReplay.verifyAhead(decided, java.util.Set.of(good.hash())::contains, VERIFIERS);
        assertThat(known.contains(forged.hash())).isFalse();
        assertThat(replayAll(known)).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("block 3").contains("signature does not verify"));
    }

    @Test
    void aBlockWithABadCertificateIsRefused() {
        twoGoodBlocks();
        ConsensusMessage.Decided second = decided.remove(1);
        CommitCertificate real = second.certificate();
        List<CommitCertificate.Confirmation> confirmations = new ArrayList<>(real.confirmations());
        CommitCertificate.Confirmation first = confirmations.get(0);
        byte[] sig = first.signature().bytes();
        sig[0] ^= 1;
        confirmations.set(0, new CommitCertificate.Confirmation(first.validator(), Signature.wrap(sig)));
        decided.add(new ConsensusMessage.Decided(second.block(),
                new CommitCertificate(real.height(), real.round(), real.blockHash(), confirmations)));

        VerifiedSignatures known = SyncReplay.verifyAhead(decided, VerifiedSignatures.NONE, VERIFIERS);
        assertThat(replayAll(known)).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("block 2").contains("invalid certificate").contains("bad confirmation signature"));
    }

    @Test
    void aCertificateOfAnotherBlockOrTooLittleStakeIsRefused() {
        twoGoodBlocks();
        ConsensusMessage.Decided second = decided.remove(1);
        CommitCertificate real = second.certificate();
        decided.add(new ConsensusMessage.Decided(second.block(), decided.get(0).certificate()));
        assertThat(replayAll(VerifiedSignatures.NONE)).hasValueSatisfying(r -> assertThat(r).contains("not this block"));

        decided.set(1, new ConsensusMessage.Decided(second.block(), new CommitCertificate(real.height(), real.round(),
                real.blockHash(), real.confirmations().subList(0, 1))));
        assertThat(replayAll(VerifiedSignatures.NONE)).hasValueSatisfying(r -> assertThat(r).contains("invalid certificate"));
    }
}
