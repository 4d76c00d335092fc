package org.stakechain.consensus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.stakechain.consensus.lottery.ForgerLottery;
import org.stakechain.consensus.protection.SlashingProtection;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.PublicKey;
import org.stakechain.ledger.BlockBuilder;
import org.stakechain.ledger.BlockOutcome;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.StateTransition;
import org.stakechain.ledger.VerifiedSignatures;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.SignedProposal;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.state.LedgerState;

/**
 * One node's consensus: Tendermint's round state machine (Buchman, Kwon, Milosevic 2018, Algorithm 1) in the
 * seeds' words. In each round of a height the drawn forger proposes a block; the attestors ATTEST (prevote) and
 * then CONFIRM (precommit) it or nil; a block whose CONFIRMs carry 75% of the height's stake is final.
 *
 * <p>Pure and single-threaded: inputs arrive as method calls with the host's time; outputs are {@link Action}s
 * the host performs. Comments name the lines of Algorithm 1 each rule implements.
 *
 * <p>Deviation from the paper: {@code valid(v)} when attesting (lines 22, 28) also requires the block's timestamp
 * to be at most one slot ahead of this node's clock; locking (36) and deciding (49) do not, since they act on
 * what a quorum already attested.
 */
public class ConsensusEngine {
    /** Votes and proposals for rounds further ahead are ignored: each costs memory and a signature check. */
    public static final int MAX_ROUNDS_AHEAD = 1_000;
    /** Messages for heights further ahead are not buffered (the host syncs decided blocks instead). */
    public static final int MAX_HEIGHTS_AHEAD = 8;
    public static final int MAX_BUFFERED_MESSAGES = 10_000;

    private final ChainParams params;
    private final Optional<KeyPair> key;
    private final SlashingProtection protection;
    private final TransactionSource transactions;
    private final RoundTimeouts timeouts;

    private LedgerState state;
    private Optional<CommitCertificate> lastCommit;
    private long height;
    private int round;
    private RoundStep step = RoundStep.NEW_HEIGHT;
    private boolean started;

    private Block lockedValue;
    private int lockedRound = -1;
    private Block validValue;
    private int validRound = -1;

    private Quorum quorum;
    private ForgerLottery lottery;
    /** The last draw of this height (a hash each): asked for several times a round, by the engine and the node's log. */
    private ForgerLottery.Draw lastDraw;
    private int lastDrawRound = -1;
    private VoteCollector votes;
    private ProposalBook proposals;
    private final Map<Hash, BlockCheck> checkedBlocks = new HashMap<>();
    private final Set<Integer> attestTimeoutScheduled = new HashSet<>();
    private final Set<Integer> confirmTimeoutScheduled = new HashSet<>();
    private final Set<Integer> lockRuleDone = new HashSet<>();
    private boolean missingBlockReported;
    private Optional<Action.Commit> decision = Optional.empty();

    private final ArrayDeque<ConsensusMessage> future = new ArrayDeque<>();
    private long highestHeightSynced;

    /** The ledger's verdict on a block, remembered per height: applying a block costs. */
    private record BlockCheck(BlockOutcome outcome) {
        boolean valid() {
            return outcome instanceof BlockOutcome.Applied;
        }
    }

    /**
     * @param params       the chain's rules
     * @param validatorKey this node's validator key; empty for a node that only follows
     * @param state        the state after the last final block
     * @param protection   asked before every signature
     * @param transactions where a forger finds the transactions for its block
     */
    public ConsensusEngine(ChainParams params, Optional<KeyPair> validatorKey, LedgerState state,
                           SlashingProtection protection, TransactionSource transactions) {
        this(params, validatorKey, state, Optional.empty(), protection, transactions);
    }

    /**
     * As above, with the certificate of the last final block, which the next block must carry. A node restarting
     * from disk passes the stored one; without it this node cannot forge the next block (it still attests). It must
     * be a certificate whose signatures were verified (the store keeps only those): the next block's certificate is
     * not verified again where it holds the same signatures.
     */
    public ConsensusEngine(ChainParams params, Optional<KeyPair> validatorKey, LedgerState state,
                           Optional<CommitCertificate> lastCommit, SlashingProtection protection,
                           TransactionSource transactions) {
        this.params = params;
        this.key = validatorKey;
        this.protection = protection;
        this.transactions = transactions;
        this.timeouts = RoundTimeouts.of(params);
        resetHeight(state, lastCommit);
    }

    // ---------------------------------------------------------------- inputs

    /** Begins the height after {@code state}: round 0 now, or when the slot after the last block begins. */
    public List<Action> start(long now) {
        if (started) {
            return List.of();
        }
        started = true;
        List<Action> out = new ArrayList<>();
        beginHeight(now, out);
        return out;
    }

    /** A message from a peer (or the host's sync). */
    public Reaction onMessage(ConsensusMessage message, long now) {
        List<Action> out = new ArrayList<>();
        Verdict verdict = handle(message, now, out);
        if (started) {
            evaluate(now, out);
        }
        return new Reaction(verdict, out);
    }

    /** A timer the engine scheduled has fired. Stale timers (another height, round or step) do nothing. */
    public List<Action> onTimeout(Timeout timeout, long now) {
        List<Action> out = new ArrayList<>();
        if (!started || timeout.height() != height || step == RoundStep.COMMITTED) {
            return out;
        }
        switch (timeout.step()) {
            case PROPOSE -> {
                // line 57
                if (timeout.round() == round && step == RoundStep.PROPOSE) {
                    attest(Optional.empty(), out);
                }
            }
            case ATTEST -> {
                // line 61
                if (timeout.round() == round && step == RoundStep.ATTEST) {
                    confirm(Optional.empty(), out);
                }
            }
            case CONFIRM -> {
                // line 65
                if (timeout.round() == round && step != RoundStep.NEW_HEIGHT) {
                    startRound(round + 1, now, out);
                }
            }
            case NEXT_HEIGHT -> {
                if (step == RoundStep.NEW_HEIGHT) {
                    startRound(0, now, out);
                }
            }
        }
        evaluate(now, out);
        return out;
    }

    /**
     * The host stored the block of the last {@link Action.Commit} and applied it: start the next height on
     * {@code newState}. The certificate the engine emitted becomes the next block's {@code lastCommit}.
     */
    public List<Action> onCommitted(LedgerState newState, long now) {
        Optional<CommitCertificate> certificate = decision
                .map(Action.Commit::certificate)
                .filter(c -> c.height() == newState.chain().height() && c.blockHash().equals(newState.chain().lastBlockHash()));
        return onCommitted(newState, certificate, now);
    }

    /**
     * As above, for a host that advanced the state itself (by its own sync) and knows the last certificate, which it
     * verified (as for the constructor's).
     */
    public List<Action> onCommitted(LedgerState newState, Optional<CommitCertificate> certificate, long now) {
        if (newState.chain().height() < state.chain().height()) {
            throw new IllegalArgumentException("state at height " + newState.chain().height()
                    + " is behind the engine's " + state.chain().height());
        }
        List<Action> out = new ArrayList<>();
        resetHeight(newState, certificate);
        started = true;
        beginHeight(now, out);
        return out;
    }

    // ---------------------------------------------------------------- read-only view

    public long height() {
        return height;
    }

    public int round() {
        return round;
    }

    public RoundStep step() {
        return step;
    }

    public int lockedRound() {
        return lockedRound;
    }

    public Optional<Hash> lockedBlockHash() {
        return Optional.ofNullable(lockedValue).map(Block::hash);
    }

    public int validRound() {
        return validRound;
    }

    public Optional<Hash> validBlockHash() {
        return Optional.ofNullable(validValue).map(Block::hash);
    }

    public LedgerState state() {
        return state;
    }

    public ChainParams params() {
        return params;
    }

    public Optional<PublicKey> validatorKey() {
        return key.map(KeyPair::publicKey);
    }

    /** Whether this node's key is in the active set of the current height. */
    public boolean isValidator() {
        return key.isPresent() && quorum.validators().contains(key.get().publicKey());
    }

    /** The lottery's draw for a round of the current height. */
    public ForgerLottery.Draw forgerOf(int r) {
        if (r != lastDrawRound || lastDraw == null) {
            lastDraw = lottery.draw(height, r, state.chain().lotterySeed());
            lastDrawRound = r;
        }
        return lastDraw;
    }

    /** The certificate of the last final block, which the next block will carry (late CONFIRMs included). */
    public Optional<CommitCertificate> lastCommit() {
        return lastCommit;
    }

    /** The last block this engine saw become final, with its certificate. */
    public Optional<Action.Commit> lastDecision() {
        return decision;
    }

    public VoteCollector votes() {
        return votes;
    }

    public int bufferedMessages() {
        return future.size();
    }

    /**
     * What this node holds for the current height: the current round's proposal (and the valid round's), every
     * attest and confirm (and the decided block once final). A host sends it to a peer that (re)connects, and may re-send it periodically: the algorithm is
     * live only if every message eventually reaches every honest validator.
     */
    public List<ConsensusMessage> messagesToGossip() {
        List<ConsensusMessage> out = new ArrayList<>();
        if (step == RoundStep.COMMITTED && decision.isPresent()) {
            out.add(new ConsensusMessage.Decided(decision.get().block(), decision.get().certificate()));
            return out;
        }
        for (ConsensusMessage.Proposal p : proposals.all()) {
            // only the proposals progress needs: this round's, and the one a re-proposal's POL points to;
            // earlier rounds' blocks (each up to maxBlockBytes) would be sent again every time for nothing
            int r = p.proposal().round();
            if ((r == round || r == validRound) && isValid(p)) {
                out.add(p);
            }
        }
        for (Vote v : votes.allVotes()) {
            out.add(new ConsensusMessage.VoteMessage(v));
        }
        return out;
    }

    @Override
    public String toString() {
        return "ConsensusEngine[" + validatorKey().map(k -> k.address().toString()).orElse("follower") + " h=" + height
                + " r=" + round + " " + step + " locked=" + lockedRound + " valid=" + validRound + "]";
    }

    // ---------------------------------------------------------------- heights and rounds

    private void resetHeight(LedgerState newState, Optional<CommitCertificate> certificate) {
        this.state = newState;
        this.lastCommit = certificate;
        this.height = newState.chain().height() + 1;
        this.round = 0;
        this.step = RoundStep.NEW_HEIGHT;
        this.lockedValue = null;
        this.lockedRound = -1;
        this.validValue = null;
        this.validRound = -1;
        this.quorum = new Quorum(params, newState.chain().validators());
        this.lottery = ForgerLottery.of(newState.chain().validators());
        this.lastDraw = null;
        this.lastDrawRound = -1;
        this.votes = new VoteCollector(height, quorum);
        this.proposals = new ProposalBook();
        this.checkedBlocks.clear();
        this.attestTimeoutScheduled.clear();
        this.confirmTimeoutScheduled.clear();
        this.lockRuleDone.clear();
        this.missingBlockReported = false;
    }

    private void beginHeight(long now, List<Action> out) {
        long slotStart = state.chain().lastTimestampMillis() + params.slotMillis();
        if (now >= slotStart) {
            startRound(0, now, out);
        } else {
            out.add(new Action.ScheduleTimeout(new Timeout(Timeout.Step.NEXT_HEIGHT, height, 0), slotStart));
        }
        replayBuffered(now, out);
        evaluate(now, out);
    }

    private void replayBuffered(long now, List<Action> out) {
        List<ConsensusMessage> due = new ArrayList<>();
        for (Iterator<ConsensusMessage> it = future.iterator(); it.hasNext(); ) {
            ConsensusMessage m = it.next();
            if (m.height() <= height) {
                it.remove();
                if (m.height() == height) {
                    due.add(m);
                }
            }
        }
        for (ConsensusMessage m : due) {
            handle(m, now, out);
        }
    }

    /** StartRound (lines 11-21). */
    private void startRound(int r, long now, List<Action> out) {
        round = r;
        step = RoundStep.PROPOSE;
        out.add(new Action.ScheduleTimeout(new Timeout(Timeout.Step.PROPOSE, height, r), now + timeouts.propose(r)));
        if (key.isPresent() && forgerOf(r).forger().publicKey().equals(key.get().publicKey())) {
            propose(now, out);
        }
    }

    private void propose(long now, List<Action> out) {
        KeyPair forger = key.orElseThrow();
        Block block;
        int vr;
        if (validValue != null) {
            block = validValue;
            vr = validRound;
        } else {
            if (height > 1 && lastCommit.isEmpty()) {
                return; // cannot build a valid block without the previous one's certificate
            }
            BlockBuilder.Built built;
            try {
                built = BlockBuilder.build(params, state, forger, round, now, transactions.candidates(state), lastCommit,
                        verified());
            } catch (RuntimeException e) {
                return; // nothing to propose; the others time out and move to the next round
            }
            block = built.block();
            vr = -1;
            // the builder already executed this block: remember its outcome instead of applying it again
            checkedBlocks.put(block.hash(), new BlockCheck(built.outcome()));
        }
        if (!protection.mayProposeAndRecord(height, round, block.hash(), vr)) {
            return;
        }
        SignedProposal signed = SignedProposal.sign(params.chainId(), height, round, block.hash(), vr, forger);
        ConsensusMessage.Proposal message = new ConsensusMessage.Proposal(block, signed);
        out.add(new Action.Broadcast(message));
        receiveProposal(message, now, out);
    }

    private void attest(Optional<Hash> choice, List<Action> out) {
        sign(VoteKind.ATTEST, choice, out);
        step = RoundStep.ATTEST;
    }

    private void confirm(Optional<Hash> choice, List<Action> out) {
        sign(VoteKind.CONFIRM, choice, out);
        step = RoundStep.CONFIRM;
    }

    private void sign(VoteKind kind, Optional<Hash> choice, List<Action> out) {
        if (!isValidator() || !protection.mayVoteAndRecord(kind, height, round, choice)) {
            return;
        }
        Vote vote = Vote.sign(kind, params.chainId(), height, round, choice, key.get());
        out.add(new Action.Broadcast(new ConsensusMessage.VoteMessage(vote)));
        votes.add(vote);
    }

    // ---------------------------------------------------------------- the upon-rules

    /** Applies every rule whose condition holds, until none does. */
    private void evaluate(long now, List<Action> out) {
        boolean progress = true;
        while (progress && step != RoundStep.COMMITTED) {
            progress = false;
            if (tryDecide(out)) {
                return;
            }
            // line 55: more than 25% of the stake is already in a later round
            int skipTo = votes.highestRoundToSkipTo(round);
            if (skipTo > round) {
                startRound(skipTo, now, out);
                progress = true;
                continue;
            }
            if (step == RoundStep.NEW_HEIGHT) {
                return;
            }
            VoteSet attests = votes.attests(round);
            Optional<ConsensusMessage.Proposal> proposal = proposals.at(round);
            if (step == RoundStep.PROPOSE && proposal.isPresent()) {
                progress = onProposalInPropose(proposal.get(), now, out);
            }
            // line 34
            if (step == RoundStep.ATTEST && attests.hasQuorumOfAny() && attestTimeoutScheduled.add(round)) {
                out.add(new Action.ScheduleTimeout(new Timeout(Timeout.Step.ATTEST, height, round),
                        now + timeouts.attest(round)));
            }
            // line 36: a quorum attested the proposal: lock on it (if still attesting) and remember it as valid
            if ((step == RoundStep.ATTEST || step == RoundStep.CONFIRM) && proposal.isPresent()
                    && !lockRuleDone.contains(round)) {
                Block b = proposal.get().block();
                if (attests.hasQuorumFor(Optional.of(b.hash())) && isValid(proposal.get())) {
                    lockRuleDone.add(round);
                    if (step == RoundStep.ATTEST) {
                        lockedValue = b;
                        lockedRound = round;
                        confirm(Optional.of(b.hash()), out);
                    }
                    validValue = b;
                    validRound = round;
                    progress = true;
                }
            }
            // line 44
            if (step == RoundStep.ATTEST && attests.hasQuorumFor(Optional.empty())) {
                confirm(Optional.empty(), out);
                progress = true;
            }
            // line 47
            if (votes.confirms(round).hasQuorumOfAny() && confirmTimeoutScheduled.add(round)) {
                out.add(new Action.ScheduleTimeout(new Timeout(Timeout.Step.CONFIRM, height, round),
                        now + timeouts.confirm(round)));
            }
        }
    }

    /** Lines 22 and 28: the round's proposal arrived while waiting for it. Returns whether this node attested. */
    private boolean onProposalInPropose(ConsensusMessage.Proposal p, long now, List<Action> out) {
        Block b = p.block();
        int vr = p.proposal().validRound();
        boolean acceptable = isValid(p) && isTimely(b, now);
        if (vr == -1) {
            // line 22
            boolean free = lockedRound == -1 || lockedValue.hash().equals(b.hash());
            attest(acceptable && free ? Optional.of(b.hash()) : Optional.empty(), out);
            return true;
        }
        // line 28: re-proposed with a proof of lock from round vr
        if (vr < round && votes.attests(vr).hasQuorumFor(Optional.of(b.hash()))) {
            boolean free = lockedRound <= vr || lockedValue.hash().equals(b.hash());
            attest(acceptable && free ? Optional.of(b.hash()) : Optional.empty(), out);
            return true;
        }
        return false;
    }

    /** Line 49: CONFIRMs of a quorum for one block, in any round. */
    private boolean tryDecide(List<Action> out) {
        for (int r : votes.confirmRounds()) {
            VoteSet confirms = votes.confirms(r);
            Optional<Hash> hash = confirms.blockWithQuorum();
            if (hash.isEmpty()) {
                continue;
            }
            Optional<Block> block = proposals.block(hash.get());
            if (block.isEmpty()) {
                if (!missingBlockReported) {
                    // final, but we never saw the block: fetch it with its certificate
                    missingBlockReported = true;
                    out.add(new Action.NeedSync(height, height));
                }
                continue;
            }
            BlockCheck check = checkBlock(block.get());
            if (!check.valid()) {
                continue; // a quorum confirmed a block our ledger rejects: more than the tolerated faults
            }
            CommitCertificate certificate = CommitCertificate.fromVotes(height, r, hash.get(),
                    confirms.votesFor(hash));
            commit(block.get(), certificate, (BlockOutcome.Applied) check.outcome(), out);
            return true;
        }
        return false;
    }

    private void commit(Block block, CommitCertificate certificate, BlockOutcome.Applied outcome, List<Action> out) {
        Action.Commit commit = new Action.Commit(block, certificate, outcome);
        decision = Optional.of(commit);
        step = RoundStep.COMMITTED;
        out.add(commit);
    }

    // ---------------------------------------------------------------- messages in

    private Verdict handle(ConsensusMessage message, long now, List<Action> out) {
        long h = message.height();
        if (h == height - 1 && message instanceof ConsensusMessage.VoteMessage v) {
            return receiveLateConfirm(v.vote());
        }
        if (h < height) {
            return Verdict.IGNORE;
        }
        if (h > height || !started) {
            return buffer(message, out);
        }
        if (step == RoundStep.COMMITTED) {
            return Verdict.IGNORE;
        }
        if (message instanceof ConsensusMessage.Proposal p) {
            return receiveProposal(p, now, out);
        }
        if (message instanceof ConsensusMessage.VoteMessage v) {
            return receiveVote(v.vote(), out);
        }
        ConsensusMessage.Decided d = (ConsensusMessage.Decided) message;
        return receiveDecided(d.block(), d.certificate(), out);
    }

    private Verdict buffer(ConsensusMessage message, List<Action> out) {
        long h = message.height();
        boolean behind = h > height + 1 || step != RoundStep.COMMITTED;
        if (started && behind && h > highestHeightSynced) {
            highestHeightSynced = h;
            out.add(new Action.NeedSync(height, h));
        }
        if (h > height + MAX_HEIGHTS_AHEAD || future.size() >= MAX_BUFFERED_MESSAGES) {
            return Verdict.IGNORE;
        }
        future.add(message);
        return Verdict.SAVE_FOR_FUTURE;
    }

    private Verdict receiveProposal(ConsensusMessage.Proposal p, long now, List<Action> out) {
        SignedProposal sp = p.proposal();
        if (sp.round() > round + MAX_ROUNDS_AHEAD) {
            return Verdict.IGNORE;
        }
        if (!sp.forger().equals(forgerOf(sp.round()).forger().publicKey())) {
            return Verdict.REJECT; // not the forger the lottery drew for this round
        }
        if (!sp.blockHash().equals(p.block().hash()) || p.block().height() != height) {
            return Verdict.REJECT;
        }
        Optional<ConsensusMessage.Proposal> kept = proposals.at(sp.round());
        if (kept.isPresent() && kept.get().proposal().equals(sp)) {
            return Verdict.IGNORE;
        }
        if (!sp.verifySignature(params.chainId())) {
            return Verdict.REJECT;
        }
        ProposalBook.Added added = proposals.add(p);
        if (added instanceof ProposalBook.Duplicate) {
            return Verdict.IGNORE;
        }
        if (added instanceof ProposalBook.Conflict conflict) {
            conflict.evidence().ifPresent(e -> out.add(new Action.EvidenceFound(e)));
            return Verdict.ACCEPT;
        }
        return isValid(p) ? Verdict.ACCEPT : Verdict.REJECT;
    }

    private Verdict receiveVote(Vote vote, List<Action> out) {
        if (vote.round() > round + MAX_ROUNDS_AHEAD) {
            return Verdict.IGNORE;
        }
        if (!quorum.validators().contains(vote.validator())) {
            return Verdict.REJECT;
        }
        Optional<Vote> earlier = votes.votes(vote.kind(), vote.round()).voteOf(vote.validator());
        if (earlier.isPresent() && earlier.get().equals(vote)) {
            return Verdict.IGNORE;
        }
        if (!vote.verifySignature(params.chainId())) {
            return Verdict.REJECT;
        }
        VoteCollector.Outcome outcome = votes.add(vote);
        outcome.evidence().ifPresent(e -> out.add(new Action.EvidenceFound(e)));
        return outcome.duplicate() ? Verdict.IGNORE : Verdict.ACCEPT;
    }

    /**
     * A CONFIRM for the last final block that arrived after its quorum: added to the certificate the next block
     * will carry, so its signer shares the attestor reward too.
     */
    private Verdict receiveLateConfirm(Vote vote) {
        if (lastCommit.isEmpty() || vote.kind() != VoteKind.CONFIRM) {
            return Verdict.IGNORE;
        }
        CommitCertificate certificate = lastCommit.get();
        if (vote.round() != certificate.round() || !vote.blockHash().equals(Optional.of(certificate.blockHash()))
                || vote.height() != certificate.height()
                || certificate.confirmations().stream().anyMatch(c -> c.validator().equals(vote.validator()))) {
            return Verdict.IGNORE;
        }
        if (!state.chain().validatorsAt(params, certificate.height()).contains(vote.validator())
                || !vote.verifySignature(params.chainId())) {
            return Verdict.REJECT;
        }
        List<Vote> all = new ArrayList<>(certificate.votes());
        all.add(vote);
        lastCommit = Optional.of(CommitCertificate.fromVotes(certificate.height(), certificate.round(),
                certificate.blockHash(), all));
        return Verdict.ACCEPT;
    }

    /** A peer's final block with its certificate: how a node that missed the rounds catches up. */
    private Verdict receiveDecided(Block block, CommitCertificate certificate, List<Action> out) {
        if (block.height() != height || certificate.height() != height || !certificate.blockHash().equals(block.hash())) {
            return Verdict.REJECT;
        }
        if (certificate.verify(params, quorum.validators()) instanceof CommitCertificate.Invalid) {
            return Verdict.REJECT;
        }
        BlockCheck check = checkBlock(block);
        if (!check.valid()) {
            return Verdict.REJECT;
        }
        commit(block, certificate, (BlockOutcome.Applied) check.outcome(), out);
        return Verdict.ACCEPT;
    }

    // ---------------------------------------------------------------- validity

    /**
     * valid(v): the block was built by the forger drawn for the round it names, that round is the proposal's (or,
     * for a re-proposal, no later than its valid round), and the ledger applies it to our state.
     */
    private boolean isValid(ConsensusMessage.Proposal p) {
        Block b = p.block();
        SignedProposal sp = p.proposal();
        int built = b.header().round();
        boolean roundOk = sp.validRound() == -1 ? built == sp.round() : built <= sp.validRound();
        if (!roundOk || !b.header().forger().equals(forgerOf(built).forger().publicKey())) {
            return false;
        }
        return checkBlock(b).valid();
    }

    private boolean isTimely(Block b, long now) {
        return b.header().timestampMillis() <= now + timeouts.maxFutureDrift();
    }

    private BlockCheck checkBlock(Block b) {
        return checkedBlocks.computeIfAbsent(b.hash(),
                h -> new BlockCheck(StateTransition.apply(params, state, b, verified())));
    }

    /**
     * The host's known transaction signatures, and the confirmations of {@link #lastCommit}: every one of them
     * verified here (a CONFIRM on arrival, a late one in {@link #receiveLateConfirm}, a peer's decided certificate
     * in {@link #receiveDecided}, the host's synced or stored certificate before it reached the engine), or was
     * signed by this node. The next block carries a certificate of the same block, mostly of the same signatures:
     * those are not verified again.
     */
    private VerifiedSignatures verified() {
        VerifiedSignatures host = transactions.verifiedSignatures();
        Optional<CommitCertificate> known = lastCommit;
        if (known.isEmpty()) {
            return host;
        }
        CommitCertificate mine = known.get();
        return new VerifiedSignatures() {
            @Override
            public boolean contains(Hash txHash) {
                return host.contains(txHash);
            }

            @Override
            public boolean containsConfirmation(CommitCertificate certificate,
                                                CommitCertificate.Confirmation confirmation) {
                return isSameDecision(mine, certificate) && mine.confirmations().contains(confirmation)
                        || host.containsConfirmation(certificate, confirmation);
            }
        };
    }

    private static boolean isSameDecision(CommitCertificate a, CommitCertificate b) {
        return a.height() == b.height() && a.round() == b.round() && a.blockHash().equals(b.blockHash());
    }
}
