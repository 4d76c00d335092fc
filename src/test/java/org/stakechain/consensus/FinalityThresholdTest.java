package org.stakechain.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.stakechain.consensus.lottery.ForgerLottery;
import org.stakechain.consensus.protection.InMemorySlashingProtection;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.PublicKey;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.MemoryLedgerState;

/** 75% is the line: a block confirmed by 74.99% of the stake is not final; by 75.00% it is. */
class FinalityThresholdTest {

    private record Outcome(boolean finalAfterBigConfirm, CommitCertificate.Check certificateCheck) {
    }

    /** Two validators with {@code big} and {@code 10000 - big} coins; only the big one confirms. */
    private static Outcome onlyTheBigValidatorConfirms(long big) {
        Genesis genesis = ConsensusFixtures.genesisWithStakes(big, 10_000 - big);
        MemoryLedgerState state = genesis.initialState();
        KeyPair bigKey = ConsensusFixtures.key("v0");
        KeyPair smallKey = ConsensusFixtures.key("v1");
        PublicKey drawn = ForgerLottery.forgerOf(state.chain(), 1, 0).forger().publicKey();
        KeyPair forger = drawn.equals(bigKey.publicKey()) ? bigKey : smallKey;
        long t = genesis.genesisTimeMillis() + genesis.params().slotMillis();

        ConsensusEngine follower = new ConsensusEngine(genesis.params(), Optional.empty(), state,
                new InMemorySlashingProtection(), TransactionSource.none());
        follower.start(t);
        ConsensusMessage.Proposal p = ConsensusFixtures.proposal(genesis.params(), state, forger, 0, t, Optional.empty());
        follower.onMessage(p, t);
        Block b = p.block();
        Vote confirm = Vote.sign(VoteKind.CONFIRM, genesis.params().chainId(), 1, 0, Optional.of(b.hash()), bigKey);
        List<Action> actions = follower.onMessage(new ConsensusMessage.VoteMessage(confirm), t).actions();
        boolean isFinal = actions.stream().anyMatch(a -> a instanceof Action.Commit);
        CommitCertificate certificate = CommitCertificate.fromVotes(1, 0, b.hash(), List.of(confirm));
        return new Outcome(isFinal, certificate.verify(genesis.params(), state.chain().validators()));
    }

    @Test
    void confirmationsCarrying7499Of10000StakeDoNotMakeABlockFinal() {
        Outcome o = onlyTheBigValidatorConfirms(7_499);
        assertThat(o.finalAfterBigConfirm()).isFalse();
        assertThat(o.certificateCheck()).isInstanceOf(CommitCertificate.Invalid.class);
    }

    @Test
    void confirmationsCarrying7500Of10000StakeMakeABlockFinal() {
        Outcome o = onlyTheBigValidatorConfirms(7_500);
        assertThat(o.finalAfterBigConfirm()).isTrue();
        assertThat(o.certificateCheck()).isInstanceOf(CommitCertificate.Valid.class);
    }

    @Test
    void withTheSmallValidatorAlsoConfirmingTheBlockIsFinal() {
        Genesis genesis = ConsensusFixtures.genesisWithStakes(7_499, 2_501);
        MemoryLedgerState state = genesis.initialState();
        List<KeyPair> keys = List.of(ConsensusFixtures.key("v0"), ConsensusFixtures.key("v1"));
        PublicKey drawn = ForgerLottery.forgerOf(state.chain(), 1, 0).forger().publicKey();
        KeyPair forger = keys.stream().filter(k -> k.publicKey().equals(drawn)).findFirst().orElseThrow();
        long t = genesis.genesisTimeMillis() + genesis.params().slotMillis();
        ConsensusEngine follower = new ConsensusEngine(genesis.params(), Optional.empty(), state,
                new InMemorySlashingProtection(), TransactionSource.none());
        follower.start(t);
        ConsensusMessage.Proposal p = ConsensusFixtures.proposal(genesis.params(), state, forger, 0, t, Optional.empty());
        follower.onMessage(p, t);
        follower.onMessage(ConsensusFixtures.vote(genesis.params(), VoteKind.CONFIRM, 1, 0, Optional.of(p.block().hash()), keys.get(0)), t);
        List<Action> actions = follower.onMessage(ConsensusFixtures.vote(genesis.params(), VoteKind.CONFIRM, 1, 0,
                Optional.of(p.block().hash()), keys.get(1)), t).actions();
        assertThat(actions).anyMatch(a -> a instanceof Action.Commit c && c.certificate().confirmations().size() == 2);
    }
}
