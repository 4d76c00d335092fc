package org.stakechain.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.stakechain.consensus.protection.InMemorySlashingProtection;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.testing.TestChain;

/** A node that missed the rounds catches up from decided blocks and their certificates. */
class CatchUpTest {

    private final TestChain chain = TestChain.demo();
    private final MemoryLedgerState genesisState = chain.state();
    private final List<Block> blocks = new ArrayList<>();
    private final List<CommitCertificate> certificates = new ArrayList<>();

    CatchUpTest() {
        for (int i = 0; i < 4; i++) {
            chain.next();
        }
        blocks.addAll(chain.blocks());
        for (int i = 1; i < blocks.size(); i++) {
            certificates.add(blocks.get(i).lastCommit().orElseThrow());
        }
        certificates.add(chain.lastCertificate().orElseThrow());
    }

    private ConsensusEngine follower() {
        return new ConsensusEngine(chain.params(), Optional.empty(), genesisState, new InMemorySlashingProtection(),
                TransactionSource.none());
    }

    @Test
    void decidedBlocksWithValidCertificatesAreCommittedInOrder() {
        ConsensusEngine engine = follower();
        long now = blocks.get(blocks.size() - 1).header().timestampMillis() + 60_000;
        engine.start(now);
        MemoryLedgerState state = genesisState;
        for (int i = 0; i < blocks.size(); i++) {
            Reaction r = engine.onMessage(new ConsensusMessage.Decided(blocks.get(i), certificates.get(i)), now);
            assertThat(r.verdict()).isEqualTo(Verdict.ACCEPT);
            Action.Commit commit = r.actions().stream().filter(a -> a instanceof Action.Commit)
                    .map(a -> (Action.Commit) a).findFirst().orElseThrow();
            state = state.apply(commit.outcome().changes());
            engine.onCommitted(state, now);
        }
        assertThat(state.stateRoot()).isEqualTo(chain.state().stateRoot());
        assertThat(engine.height()).isEqualTo(blocks.size() + 1);
    }

    @Test
    void aDecidedBlockForALaterHeightWaitsInTheBufferUntilItsTurn() {
        ConsensusEngine engine = follower();
        long now = blocks.get(blocks.size() - 1).header().timestampMillis() + 60_000;
        engine.start(now);
        Reaction early = engine.onMessage(new ConsensusMessage.Decided(blocks.get(1), certificates.get(1)), now);
        assertThat(early.verdict()).isEqualTo(Verdict.SAVE_FOR_FUTURE);
        assertThat(early.actions()).contains(new Action.NeedSync(1, 2));
        Action.Commit first = (Action.Commit) engine.onMessage(new ConsensusMessage.Decided(blocks.get(0),
                certificates.get(0)), now).actions().stream().filter(a -> a instanceof Action.Commit).findFirst().orElseThrow();
        List<Action> after = engine.onCommitted(genesisState.apply(first.outcome().changes()), now);
        assertThat(after).anyMatch(a -> a instanceof Action.Commit c && c.block().equals(blocks.get(1)));
    }

    @Test
    void aCertificateWithoutAQuorumIsRejected() {
        ConsensusEngine engine = follower();
        long now = blocks.get(0).header().timestampMillis() + 60_000;
        engine.start(now);
        Block b = blocks.get(0);
        KeyPair oliver = DemoGenesis.key("oliver");
        Vote lonely = Vote.sign(VoteKind.CONFIRM, chain.params().chainId(), 1, b.header().round(), Optional.of(b.hash()), oliver);
        CommitCertificate weak = CommitCertificate.fromVotes(1, b.header().round(), b.hash(), List.of(lonely));
        Reaction r = engine.onMessage(new ConsensusMessage.Decided(b, weak), now);
        assertThat(r.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(r.actions()).noneMatch(a -> a instanceof Action.Commit);
    }

    @Test
    void aCertificateForAnotherBlockIsRejected() {
        ConsensusEngine engine = follower();
        long now = blocks.get(0).header().timestampMillis() + 60_000;
        engine.start(now);
        Reaction r = engine.onMessage(new ConsensusMessage.Decided(blocks.get(0), certificates.get(1)), now);
        assertThat(r.verdict()).isEqualTo(Verdict.REJECT);
    }
}
