package org.stakechain.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.stakechain.consensus.protection.InMemorySlashingProtection;
import org.stakechain.consensus.protection.SlashingProtection;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.PublicKey;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.SignedProposal;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.tx.SlashingEvidence;

/**
 * One engine driven by hand: the other validators are keys in the test that sign whatever the scenario needs.
 * Four validators of equal stake, so any three make a quorum.
 */
class ConsensusEngineTest {
    private final Genesis genesis = ConsensusFixtures.genesisWithStakes(100, 100, 100, 100);
    private final ChainParams params = genesis.params();
    private final MemoryLedgerState state = genesis.initialState();
    /** Round 0 starts at once: the first slot has begun. */
    private final long t0 = genesis.genesisTimeMillis() + params.slotMillis();
    private final List<KeyPair> keys = List.of(ConsensusFixtures.key("v0"), ConsensusFixtures.key("v1"),
            ConsensusFixtures.key("v2"), ConsensusFixtures.key("v3"));

    private KeyPair forgerOf(int round) {
        PublicKey pk = org.stakechain.consensus.lottery.ForgerLottery.forgerOf(state.chain(), 1, round).forger().publicKey();
        return keys.stream().filter(k -> k.publicKey().equals(pk)).findFirst().orElseThrow();
    }

    /** A validator that is none of the given ones. */
    private KeyPair someoneOtherThan(KeyPair... excluded) {
        return keys.stream().filter(k -> List.of(excluded).stream().noneMatch(e -> e.equals(k))).findFirst().orElseThrow();
    }

    private List<KeyPair> othersThan(KeyPair me) {
        return keys.stream().filter(k -> !k.equals(me)).toList();
    }

    private ConsensusEngine engineFor(KeyPair me, SlashingProtection protection) {
        return new ConsensusEngine(params, Optional.of(me), state, protection, TransactionSource.none());
    }

    private ConsensusMessage.Proposal proposal(KeyPair forger, int round, long timestamp) {
        return ConsensusFixtures.proposal(params, state, forger, round, timestamp, Optional.empty());
    }

    private ConsensusMessage.VoteMessage vote(VoteKind kind, int round, Optional<Hash> block, KeyPair signer) {
        return ConsensusFixtures.vote(params, kind, 1, round, block, signer);
    }

    private static List<Vote> votesIn(List<Action> actions, VoteKind kind) {
        List<Vote> out = new ArrayList<>();
        for (Action a : actions) {
            if (a instanceof Action.Broadcast b && b.message() instanceof ConsensusMessage.VoteMessage v
                    && v.vote().kind() == kind) {
                out.add(v.vote());
            }
        }
        return out;
    }

    private static List<SlashingEvidence> evidenceIn(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.EvidenceFound)
                .map(a -> ((Action.EvidenceFound) a).evidence()).toList();
    }

    private static Optional<Action.Commit> commitIn(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.Commit).map(a -> (Action.Commit) a).findFirst();
    }

    /** Drives {@code me} to lock on round 0's block; returns that block. */
    private Block lockInRoundZero(ConsensusEngine engine, KeyPair me, List<Action> log) {
        log.addAll(engine.start(t0));
        ConsensusMessage.Proposal p0 = proposal(forgerOf(0), 0, t0);
        if (!forgerOf(0).equals(me)) {
            log.addAll(engine.onMessage(p0, t0).actions());
        } else {
            p0 = log.stream().filter(a -> a instanceof Action.Broadcast b && b.message() instanceof ConsensusMessage.Proposal)
                    .map(a -> (ConsensusMessage.Proposal) ((Action.Broadcast) a).message()).findFirst().orElseThrow();
        }
        Block b = p0.block();
        List<KeyPair> others = othersThan(me);
        log.addAll(engine.onMessage(vote(VoteKind.ATTEST, 0, Optional.of(b.hash()), others.get(0)), t0).actions());
        log.addAll(engine.onMessage(vote(VoteKind.ATTEST, 0, Optional.of(b.hash()), others.get(1)), t0).actions());
        return b;
    }

    /** Others confirm nil; the confirm timeout of round 0 fires. */
    private void moveToRoundOne(ConsensusEngine engine, KeyPair me, List<Action> log) {
        List<KeyPair> others = othersThan(me);
        log.addAll(engine.onMessage(vote(VoteKind.CONFIRM, 0, Optional.empty(), others.get(0)), t0).actions());
        log.addAll(engine.onMessage(vote(VoteKind.CONFIRM, 0, Optional.empty(), others.get(1)), t0).actions());
        assertThat(log).anyMatch(a -> a instanceof Action.ScheduleTimeout s && s.timeout().step() == Timeout.Step.CONFIRM);
        log.addAll(engine.onTimeout(new Timeout(Timeout.Step.CONFIRM, 1, 0), t0 + params.slotMillis()));
        assertThat(engine.round()).isEqualTo(1);
    }

    @Test
    void aQuorumOfAttestationsLocksTheBlockAndTheNodeConfirmsIt() {
        KeyPair me = someoneOtherThan(forgerOf(0));
        ConsensusEngine engine = engineFor(me, new InMemorySlashingProtection());
        List<Action> log = new ArrayList<>();
        Block b = lockInRoundZero(engine, me, log);
        assertThat(engine.step()).isEqualTo(RoundStep.CONFIRM);
        assertThat(engine.lockedRound()).isZero();
        assertThat(engine.lockedBlockHash()).contains(b.hash());
        assertThat(engine.validBlockHash()).contains(b.hash());
        assertThat(votesIn(log, VoteKind.ATTEST)).singleElement().satisfies(v -> assertThat(v.blockHash()).contains(b.hash()));
        assertThat(votesIn(log, VoteKind.CONFIRM)).singleElement().satisfies(v -> assertThat(v.blockHash()).contains(b.hash()));
    }

    @Test
    void aLockedNodeAttestsNilToANewBlockInALaterRound() {
        KeyPair me = someoneOtherThan(forgerOf(0), forgerOf(1));
        ConsensusEngine engine = engineFor(me, new InMemorySlashingProtection());
        List<Action> log = new ArrayList<>();
        Block locked = lockInRoundZero(engine, me, log);
        moveToRoundOne(engine, me, log);

        List<Action> round1 = engine.onMessage(proposal(forgerOf(1), 1, t0 + 2 * params.slotMillis()), t0 + 2 * params.slotMillis()).actions();
        assertThat(votesIn(round1, VoteKind.ATTEST)).singleElement().satisfies(v -> {
            assertThat(v.round()).isEqualTo(1);
            assertThat(v.blockHash()).isEmpty();
        });
        assertThat(engine.lockedRound()).isZero();
        assertThat(engine.lockedBlockHash()).contains(locked.hash());
    }

    @Test
    void aLockedNodeAttestsTheLockedBlockWhenItIsReproposedWithItsProofOfLock() {
        KeyPair me = someoneOtherThan(forgerOf(0), forgerOf(1));
        ConsensusEngine engine = engineFor(me, new InMemorySlashingProtection());
        List<Action> log = new ArrayList<>();
        Block locked = lockInRoundZero(engine, me, log);
        moveToRoundOne(engine, me, log);

        SignedProposal again = SignedProposal.sign(params.chainId(), 1, 1, locked.hash(), 0, forgerOf(1));
        List<Action> round1 = engine.onMessage(new ConsensusMessage.Proposal(locked, again), t0 + 2_000).actions();
        assertThat(votesIn(round1, VoteKind.ATTEST)).singleElement()
                .satisfies(v -> assertThat(v.blockHash()).contains(locked.hash()));
    }

    @Test
    void aForgerReproposesTheBlockItSawAQuorumAttestInAnEarlierRound() {
        KeyPair me = forgerOf(1);
        ConsensusEngine engine = engineFor(me, new InMemorySlashingProtection());
        List<Action> log = new ArrayList<>();
        Block locked = lockInRoundZero(engine, me, log);
        moveToRoundOne(engine, me, log);
        List<ConsensusMessage.Proposal> proposals = log.stream()
                .filter(a -> a instanceof Action.Broadcast b && b.message() instanceof ConsensusMessage.Proposal)
                .map(a -> (ConsensusMessage.Proposal) ((Action.Broadcast) a).message())
                .filter(p -> p.proposal().round() == 1).toList();
        assertThat(proposals).singleElement().satisfies(p -> {
            assertThat(p.block().hash()).isEqualTo(locked.hash());
            assertThat(p.proposal().validRound()).isZero();
        });
    }

    @Test
    void aBlockStampedTooFarInTheFutureGetsANilAttestation() {
        KeyPair me = someoneOtherThan(forgerOf(0));
        ConsensusEngine engine = engineFor(me, new InMemorySlashingProtection());
        engine.start(t0);
        List<Action> actions = engine.onMessage(proposal(forgerOf(0), 0, t0 + 10 * params.slotMillis()), t0).actions();
        assertThat(votesIn(actions, VoteKind.ATTEST)).singleElement().satisfies(v -> assertThat(v.blockHash()).isEmpty());
    }

    @Test
    void aProposalFromAValidatorTheLotteryDidNotDrawIsRejected() {
        KeyPair notDrawn = someoneOtherThan(forgerOf(0));
        KeyPair me = someoneOtherThan(forgerOf(0), notDrawn);
        ConsensusEngine engine = engineFor(me, new InMemorySlashingProtection());
        engine.start(t0);
        Reaction r = engine.onMessage(proposal(notDrawn, 0, t0), t0);
        assertThat(r.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(votesIn(r.actions(), VoteKind.ATTEST)).isEmpty();
    }

    @Test
    void votesFromOutsiders_badSignatures_duplicatesAndOtherHeightsGetTheirVerdicts() {
        KeyPair me = keys.get(0);
        ConsensusEngine engine = engineFor(me, new InMemorySlashingProtection());
        engine.start(t0);
        KeyPair outsider = ConsensusFixtures.key("outsider");
        assertThat(engine.onMessage(vote(VoteKind.ATTEST, 0, Optional.empty(), outsider), t0).verdict())
                .isEqualTo(Verdict.REJECT);

        Vote honest = Vote.sign(VoteKind.ATTEST, params.chainId(), 1, 0, Optional.empty(), keys.get(1));
        Vote forged = new Vote(VoteKind.ATTEST, 1, 0, Optional.empty(), keys.get(2).publicKey(), honest.signature());
        assertThat(engine.onMessage(new ConsensusMessage.VoteMessage(forged), t0).verdict()).isEqualTo(Verdict.REJECT);
        Vote otherChain = Vote.sign(VoteKind.ATTEST, "another-chain", 1, 0, Optional.empty(), keys.get(2));
        assertThat(engine.onMessage(new ConsensusMessage.VoteMessage(otherChain), t0).verdict()).isEqualTo(Verdict.REJECT);

        assertThat(engine.onMessage(new ConsensusMessage.VoteMessage(honest), t0).verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(engine.onMessage(new ConsensusMessage.VoteMessage(honest), t0).verdict()).isEqualTo(Verdict.IGNORE);

        Reaction future = engine.onMessage(ConsensusFixtures.vote(params, VoteKind.ATTEST, 3, 0, Optional.empty(), keys.get(1)), t0);
        assertThat(future.verdict()).isEqualTo(Verdict.SAVE_FOR_FUTURE);
        assertThat(future.actions()).contains(new Action.NeedSync(1, 3));
        assertThat(engine.bufferedMessages()).isEqualTo(1);
    }

    @Test
    void twoConflictingAttestationsFromOneValidatorAreEvidenceReportedOnce() {
        KeyPair me = keys.get(0);
        KeyPair cheat = keys.get(1);
        ConsensusEngine engine = engineFor(me, new InMemorySlashingProtection());
        engine.start(t0);
        Hash a = Hash.of(new byte[] {1});
        Hash c = Hash.of(new byte[] {3});
        assertThat(evidenceIn(engine.onMessage(vote(VoteKind.ATTEST, 0, Optional.of(a), cheat), t0).actions())).isEmpty();
        Reaction second = engine.onMessage(vote(VoteKind.ATTEST, 0, Optional.empty(), cheat), t0);
        assertThat(second.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(evidenceIn(second.actions())).singleElement().satisfies(e -> {
            assertThat(e).isInstanceOf(SlashingEvidence.DoubleVote.class);
            assertThat(e.offender()).isEqualTo(cheat.publicKey());
            assertThat(e.isValid(params.chainId())).isTrue();
        });
        assertThat(evidenceIn(engine.onMessage(vote(VoteKind.ATTEST, 0, Optional.of(c), cheat), t0).actions())).isEmpty();
        // each signed vote counts for what it names (see VoteSet): a proof of lock may rest on any of them
        assertThat(engine.votes().attests(0).stakeFor(Optional.of(a))).isPositive();
        assertThat(engine.votes().attests(0).stakeFor(Optional.empty())).isPositive();
    }

    @Test
    void twoConflictingConfirmationsFromOneValidatorAreEvidence() {
        ConsensusEngine engine = engineFor(keys.get(0), new InMemorySlashingProtection());
        engine.start(t0);
        KeyPair cheat = keys.get(3);
        engine.onMessage(vote(VoteKind.CONFIRM, 2, Optional.of(Hash.of(new byte[] {1})), cheat), t0);
        List<SlashingEvidence> found = evidenceIn(engine.onMessage(
                vote(VoteKind.CONFIRM, 2, Optional.of(Hash.of(new byte[] {2})), cheat), t0).actions());
        assertThat(found).singleElement().satisfies(e -> assertThat(e.isValid(params.chainId())).isTrue());
    }

    @Test
    void twoDifferentBlocksProposedByTheForgerForOneRoundAreEvidence() {
        KeyPair forger = forgerOf(0);
        ConsensusEngine engine = engineFor(someoneOtherThan(forger), new InMemorySlashingProtection());
        engine.start(t0);
        ConsensusMessage.Proposal first = proposal(forger, 0, t0);
        ConsensusMessage.Proposal second = proposal(forger, 0, t0 + 1);
        assertThat(first.block().hash()).isNotEqualTo(second.block().hash());
        assertThat(evidenceIn(engine.onMessage(first, t0).actions())).isEmpty();
        List<SlashingEvidence> found = evidenceIn(engine.onMessage(second, t0).actions());
        assertThat(found).singleElement().satisfies(e -> {
            assertThat(e).isInstanceOf(SlashingEvidence.DoubleProposal.class);
            assertThat(e.offender()).isEqualTo(forger.publicKey());
            assertThat(e.isValid(params.chainId())).isTrue();
        });
        assertThat(evidenceIn(engine.onMessage(proposal(forger, 0, t0 + 2), t0).actions())).isEmpty();
    }

    @Test
    void slashingProtectionStopsARestartedValidatorFromAttestingSomethingElse() {
        KeyPair me = someoneOtherThan(forgerOf(0));
        InMemorySlashingProtection protection = new InMemorySlashingProtection();
        // before the crash it attested another block in this round
        assertThat(protection.mayVoteAndRecord(VoteKind.ATTEST, 1, 0, Optional.of(Hash.of(new byte[] {9})))).isTrue();
        ConsensusEngine engine = engineFor(me, protection);
        engine.start(t0);
        List<Action> actions = engine.onMessage(proposal(forgerOf(0), 0, t0), t0).actions();
        assertThat(votesIn(actions, VoteKind.ATTEST)).isEmpty();
        assertThat(engine.step()).isEqualTo(RoundStep.ATTEST);
    }

    @Test
    void slashingProtectionStopsAForgerFromProposingTwoBlocksForOneRound() {
        KeyPair me = forgerOf(0);
        InMemorySlashingProtection protection = new InMemorySlashingProtection();
        assertThat(protection.mayProposeAndRecord(1, 0, Hash.of(new byte[] {7}), -1)).isTrue();
        ConsensusEngine engine = engineFor(me, protection);
        List<Action> actions = engine.start(t0);
        assertThat(actions).noneMatch(a -> a instanceof Action.Broadcast b && b.message() instanceof ConsensusMessage.Proposal);
    }

    @Test
    void aFollowerWithoutAKeyNeverSigns() {
        ConsensusEngine follower = new ConsensusEngine(params, Optional.empty(), state, new InMemorySlashingProtection(),
                TransactionSource.none());
        List<Action> actions = new ArrayList<>(follower.start(t0));
        actions.addAll(follower.onMessage(proposal(forgerOf(0), 0, t0), t0).actions());
        actions.addAll(follower.onTimeout(new Timeout(Timeout.Step.PROPOSE, 1, 0), t0 + 5_000));
        assertThat(actions).noneMatch(a -> a instanceof Action.Broadcast);
        assertThat(follower.isValidator()).isFalse();
    }

    @Test
    void staleTimeoutsDoNothing() {
        ConsensusEngine engine = engineFor(someoneOtherThan(forgerOf(0)), new InMemorySlashingProtection());
        engine.start(t0);
        assertThat(engine.onTimeout(new Timeout(Timeout.Step.PROPOSE, 1, 3), t0 + 9_000)).isEmpty();
        assertThat(engine.onTimeout(new Timeout(Timeout.Step.CONFIRM, 2, 0), t0 + 9_000)).isEmpty();
        assertThat(engine.step()).isEqualTo(RoundStep.PROPOSE);
    }

    @Test
    void moreThanAQuarterOfTheStakeInALaterRoundPullsTheNodeIntoThatRound() {
        ConsensusEngine engine = engineFor(keys.get(0), new InMemorySlashingProtection());
        engine.start(t0);
        engine.onMessage(vote(VoteKind.ATTEST, 5, Optional.empty(), keys.get(1)), t0);
        assertThat(engine.round()).as("25% is not more than 25%").isZero();
        engine.onMessage(vote(VoteKind.CONFIRM, 5, Optional.empty(), keys.get(2)), t0);
        assertThat(engine.round()).isEqualTo(5);
    }

    @Test
    void aCommittedBlockCarriesItsCertificateIntoTheNextHeight() {
        Genesis one = ConsensusFixtures.genesisWithStakes(100);
        KeyPair only = ConsensusFixtures.key("v0");
        ConsensusEngine engine = new ConsensusEngine(one.params(), Optional.of(only), one.initialState(),
                new InMemorySlashingProtection(), TransactionSource.none());
        long t = one.genesisTimeMillis() + one.params().slotMillis();
        Action.Commit c1 = commitIn(engine.start(t)).orElseThrow();
        MemoryLedgerState s1 = one.initialState().apply(c1.outcome().changes());
        List<Action> next = engine.onCommitted(s1, t + 10);
        assertThat(engine.height()).isEqualTo(2);
        assertThat(engine.step()).isEqualTo(RoundStep.NEW_HEIGHT);
        assertThat(next).contains(new Action.ScheduleTimeout(new Timeout(Timeout.Step.NEXT_HEIGHT, 2, 0),
                c1.block().header().timestampMillis() + one.params().slotMillis()));
        Action.Commit c2 = commitIn(engine.onTimeout(new Timeout(Timeout.Step.NEXT_HEIGHT, 2, 0), t + 1_000)).orElseThrow();
        assertThat(c2.block().lastCommit()).contains(c1.certificate());
    }

    @Test
    void theRememberedDrawFollowsTheRoundAndTheHeight() {
        ConsensusEngine engine = engineFor(keys.get(0), new InMemorySlashingProtection());
        for (int r : new int[] {0, 1, 1, 0, 3, 0}) {
            assertThat(engine.forgerOf(r)).isEqualTo(org.stakechain.consensus.lottery.ForgerLottery.forgerOf(
                    state.chain(), 1, r));
        }
        Genesis one = ConsensusFixtures.genesisWithStakes(100);
        ConsensusEngine single = new ConsensusEngine(one.params(), Optional.of(ConsensusFixtures.key("v0")),
                one.initialState(), new InMemorySlashingProtection(), TransactionSource.none());
        long t = one.genesisTimeMillis() + one.params().slotMillis();
        assertThat(single.forgerOf(0)).isEqualTo(org.stakechain.consensus.lottery.ForgerLottery.forgerOf(
                one.initialState().chain(), 1, 0));
        Action.Commit c1 = commitIn(single.start(t)).orElseThrow();
        MemoryLedgerState s1 = one.initialState().apply(c1.outcome().changes());
        single.onCommitted(s1, t + 10);
        assertThat(single.forgerOf(0)).as("drawn again at the new height, from the new seed")
                .isEqualTo(org.stakechain.consensus.lottery.ForgerLottery.forgerOf(s1.chain(), 2, 0));
    }

    @Test
    void timeoutsGrowWithTheRound() {
        RoundTimeouts t = RoundTimeouts.of(params);
        assertThat(t.propose(0)).isEqualTo(params.slotMillis());
        assertThat(t.propose(1)).isGreaterThan(t.propose(0));
        assertThat(t.attest(3)).isGreaterThan(t.attest(2));
        assertThat(t.confirm(Integer.MAX_VALUE)).isPositive();
    }

    @Test
    void theQuorumAndItsComplementComeFromTheOneRule() {
        Quorum q = new Quorum(params, state.chain().validators());
        long total = q.totalStake();
        assertThat(q.isQuorum(total * 3 / 4)).isTrue();
        assertThat(q.isQuorum(total * 3 / 4 - 1)).isFalse();
        assertThat(q.exceedsComplement(total / 4)).isFalse();
        assertThat(q.exceedsComplement(total / 4 + 1)).isTrue();
    }

    @Test
    void aCertificateFromTheCommitVerifiesAgainstTheValidatorSet() {
        KeyPair me = someoneOtherThan(forgerOf(0));
        ConsensusEngine engine = engineFor(me, new InMemorySlashingProtection());
        List<Action> log = new ArrayList<>();
        Block b = lockInRoundZero(engine, me, log);
        List<KeyPair> others = othersThan(me);
        log.addAll(engine.onMessage(vote(VoteKind.CONFIRM, 0, Optional.of(b.hash()), others.get(0)), t0).actions());
        assertThat(commitIn(log)).isEmpty();
        log.addAll(engine.onMessage(vote(VoteKind.CONFIRM, 0, Optional.of(b.hash()), others.get(1)), t0).actions());
        Action.Commit commit = commitIn(log).orElseThrow();
        assertThat(commit.block()).isEqualTo(b);
        assertThat(commit.certificate().verify(params, state.chain().validators()))
                .isInstanceOf(CommitCertificate.Valid.class);
        assertThat(engine.step()).isEqualTo(RoundStep.COMMITTED);
        assertThat(engine.onMessage(vote(VoteKind.CONFIRM, 0, Optional.of(b.hash()), others.get(2)), t0).verdict())
                .isEqualTo(Verdict.IGNORE);
    }

    @Test
    void aConfirmationArrivingAfterTheQuorumJoinsTheCertificateTheNextBlockCarries() {
        KeyPair me = someoneOtherThan(forgerOf(0));
        ConsensusEngine engine = engineFor(me, new InMemorySlashingProtection());
        List<Action> log = new ArrayList<>();
        Block b = lockInRoundZero(engine, me, log);
        List<KeyPair> others = othersThan(me);
        log.addAll(engine.onMessage(vote(VoteKind.CONFIRM, 0, Optional.of(b.hash()), others.get(0)), t0).actions());
        log.addAll(engine.onMessage(vote(VoteKind.CONFIRM, 0, Optional.of(b.hash()), others.get(1)), t0).actions());
        Action.Commit commit = commitIn(log).orElseThrow();
        assertThat(commit.certificate().confirmations()).hasSize(3);
        engine.onCommitted(state.apply(commit.outcome().changes()), t0 + 10);

        Reaction late = engine.onMessage(vote(VoteKind.CONFIRM, 0, Optional.of(b.hash()), others.get(2)), t0 + 20);
        assertThat(late.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(engine.lastCommit()).hasValueSatisfying(c -> {
            assertThat(c.confirmations()).hasSize(4);
            assertThat(c.verify(params, state.chain().validators())).isInstanceOf(CommitCertificate.Valid.class);
        });
        assertThat(engine.onMessage(vote(VoteKind.CONFIRM, 0, Optional.of(b.hash()), others.get(2)), t0 + 30).verdict())
                .isEqualTo(Verdict.IGNORE);
        assertThat(engine.onMessage(vote(VoteKind.CONFIRM, 0, Optional.empty(), others.get(2)), t0 + 30).verdict())
                .isEqualTo(Verdict.IGNORE);
    }

    /**
     * The next block's certificate of the last one is not verified again where it holds the very signatures this
     * engine verified (or made): but a confirmation with any other signature is, so a forger cannot slip a bad one
     * past a node that knows the validator's real one.
     */
    @Test
    void theNextBlocksCertificateIsCheckedAgainstTheExactSignaturesVerifiedHere() {
        KeyPair me = someoneOtherThan(forgerOf(0));
        ConsensusEngine engine = engineFor(me, new InMemorySlashingProtection());
        List<Action> log = new ArrayList<>();
        Block b = lockInRoundZero(engine, me, log);
        List<KeyPair> others = othersThan(me);
        log.addAll(engine.onMessage(vote(VoteKind.CONFIRM, 0, Optional.of(b.hash()), others.get(0)), t0).actions());
        log.addAll(engine.onMessage(vote(VoteKind.CONFIRM, 0, Optional.of(b.hash()), others.get(1)), t0).actions());
        Action.Commit commit = commitIn(log).orElseThrow();
        MemoryLedgerState s1 = state.apply(commit.outcome().changes());
        engine.onCommitted(s1, t0 + 10);
        CommitCertificate good = commit.certificate();

        PublicKey drawn = org.stakechain.consensus.lottery.ForgerLottery.forgerOf(s1.chain(), 2, 0).forger().publicKey();
        KeyPair forger = keys.stream().filter(k -> k.publicKey().equals(drawn)).findFirst().orElseThrow();
        long t = commit.block().header().timestampMillis() + params.slotMillis();
        Block honest = ConsensusFixtures.proposal(params, s1, forger, 0, t, Optional.of(good)).block();

        // the same signers, one of whose signatures is a real signature of that validator, but over its ATTEST
        CommitCertificate.Confirmation victim = good.confirmations().get(0);
        KeyPair victimKey = keys.stream().filter(k -> k.publicKey().equals(victim.validator())).findFirst().orElseThrow();
        Vote attest = Vote.sign(VoteKind.ATTEST, params.chainId(), 1, 0, Optional.of(b.hash()), victimKey);
        List<CommitCertificate.Confirmation> swapped = new ArrayList<>(good.confirmations());
        swapped.set(0, new CommitCertificate.Confirmation(victim.validator(), attest.signature()));
        CommitCertificate bad = new CommitCertificate(good.height(), good.round(), good.blockHash(), swapped);
        assertThat(bad.verify(params, state.chain().validators())).isInstanceOf(CommitCertificate.Invalid.class);
        Block forged = Block.seal(txRoot -> new org.stakechain.ledger.block.BlockHeader(params.chainId(), 2, 0,
                        honest.header().previousHash(), honest.header().timestampMillis(), forger.publicKey(),
                        honest.header().beaconReveal(), txRoot, honest.header().stateRoot(),
                        Block.lastCommitHashOf(Optional.of(bad))),
                honest.transactions(), Optional.of(bad));

        ConsensusMessage.Proposal badProposal = new ConsensusMessage.Proposal(forged,
                SignedProposal.sign(params.chainId(), 2, 0, forged.hash(), -1, forger));
        ConsensusMessage.Proposal goodProposal = new ConsensusMessage.Proposal(honest,
                SignedProposal.sign(params.chainId(), 2, 0, honest.hash(), -1, forger));
        if (forger.equals(me)) {
            return; // this node forged height 2 itself; the draw is fixed by the keys, so this does not happen
        }
        assertThat(engine.onMessage(badProposal, t).verdict()).isEqualTo(Verdict.REJECT);
        ConsensusEngine fresh = engineFor(me, new InMemorySlashingProtection());
        assertThat(fresh.onCommitted(s1, Optional.of(good), t0 + 10)).isNotNull();
        assertThat(fresh.onMessage(goodProposal, t).verdict()).isEqualTo(Verdict.ACCEPT);
    }
}
