package org.stakechain.consensus.sim;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.stakechain.consensus.Action;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.consensus.Timeout;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.PublicKey;
import org.stakechain.ledger.BlockBuilder;
import org.stakechain.ledger.BlockOutcome;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.StateTransition;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.SignedProposal;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.state.ChainState;
import org.stakechain.ledger.state.LedgerState;
import org.stakechain.ledger.tx.SlashingEvidence;
import org.stakechain.ledger.validators.Validator;
import org.stakechain.ledger.validators.ValidatorSet;

/**
 * A compact Tendermint (Buchman, Kwon, Milosevic 2018, Algorithm 1) written against the consensus interface,
 * so the simulator has an engine to drive before the real {@code ConsensusEngine} lands, and a second
 * implementation to cross-check it afterwards. Test scope only; it is not the node's engine.
 *
 * <p>Simplifications: the forger is drawn from the epoch's lottery seed with a stake-weighted raffle (rejection
 * sampling, no modulo bias) but without the real lottery class; a height starts one slot after the previous
 * block's timestamp (Tendermint's commit timeout), modelled as a PROPOSE timeout of round -1.
 */
public final class StandInEngine implements SimEngine {

    public static final Factory FACTORY = new Factory() {
        @Override
        public SimEngine create(Context context) {
            return new StandInEngine(context);
        }

        @Override
        public String name() {
            return "stand-in Tendermint";
        }
    };

    private enum Step { WAIT, PROPOSE, ATTEST, CONFIRM }

    private final ChainParams params;
    private final Optional<KeyPair> key;
    private final SimSlashingProtection protection;
    private final TransactionSource transactions;
    private LedgerState state;
    private Optional<CommitCertificate> lastCertificate;

    private long height;
    private int round;
    private Step step;
    private boolean decided;
    private Block lockedValue;
    private int lockedRound;
    private Block validValue;
    private int validRound;
    private final TreeMap<Integer, ConsensusMessage.Proposal> proposals = new TreeMap<>();
    private final Map<Hash, BlockOutcome> validity = new HashMap<>();
    private final EnumMap<VoteKind, TreeMap<Integer, LinkedHashMap<PublicKey, Vote>>> votes = new EnumMap<>(VoteKind.class);
    private final Set<String> once = new HashSet<>();
    private final List<ConsensusMessage> nextHeight = new ArrayList<>();
    private long lastSyncAskedAt = Long.MIN_VALUE;

    /** First message seen per signing slot, for evidence; kept for a few heights back. */
    private final TreeMap<Long, Map<String, Object>> firstSeen = new TreeMap<>();
    private final Set<Hash> reported = new HashSet<>();

    private StandInEngine(Context c) {
        this.params = c.params();
        this.key = c.key();
        this.protection = c.protection();
        this.transactions = c.transactions();
        this.state = c.finalState();
        this.lastCertificate = c.lastCertificate();
    }

    @Override
    public List<Action> start(long now) {
        List<Action> out = new ArrayList<>();
        enterHeight(out, now);
        return out;
    }

    @Override
    public List<Action> onCommitted(LedgerState newState, long now) {
        List<Action> out = new ArrayList<>();
        if (newState.chain().height() != height) {
            throw new IllegalStateException("host committed height " + newState.chain().height() + ", engine decided " + height);
        }
        this.state = newState;
        enterHeight(out, now);
        List<ConsensusMessage> buffered = new ArrayList<>(nextHeight);
        nextHeight.clear();
        for (ConsensusMessage m : buffered) {
            out.addAll(onMessage(m, now));
        }
        return out;
    }

    private void enterHeight(List<Action> out, long now) {
        height = state.chain().height() + 1;
        round = -1;
        step = Step.WAIT;
        decided = false;
        lockedValue = null;
        lockedRound = -1;
        validValue = null;
        validRound = -1;
        proposals.clear();
        validity.clear();
        votes.clear();
        once.clear();
        firstSeen.headMap(height - 3).clear();
        long startAt = Math.max(now, state.chain().lastTimestampMillis() + params.slotMillis());
        out.add(new Action.ScheduleTimeout(new Timeout(Timeout.Step.PROPOSE, height, -1), startAt));
    }

    @Override
    public List<Action> onTimeout(Timeout t, long now) {
        List<Action> out = new ArrayList<>();
        if (t.height() != height || decided) {
            return out;
        }
        if (t.round() == -1) {
            if (step == Step.WAIT) {
                startRound(0, out, now);
            }
        } else if (t.round() == round) {
            switch (t.step()) {
                case PROPOSE -> {
                    if (step == Step.PROPOSE) {
                        vote(VoteKind.ATTEST, Optional.empty(), out);
                        step = Step.ATTEST;
                    }
                }
                case ATTEST -> {
                    if (step == Step.ATTEST) {
                        vote(VoteKind.CONFIRM, Optional.empty(), out);
                        step = Step.CONFIRM;
                    }
                }
                case CONFIRM -> startRound(round + 1, out, now);
            }
        }
        evaluate(out, now);
        return out;
    }

    @Override
    public List<Action> onMessage(ConsensusMessage message, long now) {
        List<Action> out = new ArrayList<>();
        if (message instanceof ConsensusMessage.Decided d) {
            onDecided(d, out, now);
            return out;
        }
        long h = message.height();
        if (h < height) {
            detectEquivocation(message, out, false);
            return out;
        }
        if (h > height) {
            if (h == height + 1 && nextHeight.size() < 2_000) {
                nextHeight.add(message);
            }
            askSync(h, out, now);
            return out;
        }
        if (message instanceof ConsensusMessage.Proposal p) {
            SignedProposal sp = p.proposal();
            if (!sp.forger().equals(forgerOf(state.chain(), height, sp.round())) || !sp.blockHash().equals(p.block().hash())
                    || !sp.verifySignature(params.chainId())) {
                return out;
            }
            detectEquivocation(message, out, true);
            proposals.putIfAbsent(sp.round(), p);
        } else if (message instanceof ConsensusMessage.VoteMessage vm) {
            Vote v = vm.vote();
            if (!validators().contains(v.validator()) || !v.verifySignature(params.chainId())) {
                return out;
            }
            detectEquivocation(message, out, true);
            votes.computeIfAbsent(v.kind(), k -> new TreeMap<>()).computeIfAbsent(v.round(), r -> new LinkedHashMap<>())
                    .putIfAbsent(v.validator(), v);
        }
        evaluate(out, now);
        return out;
    }

    private void onDecided(ConsensusMessage.Decided d, List<Action> out, long now) {
        if (d.block().height() > height) {
            askSync(d.block().height(), out, now);
            return;
        }
        CommitCertificate cert = d.certificate();
        if (d.block().height() != height || decided || cert.height() != height || !cert.blockHash().equals(d.block().hash())
                || !(cert.verify(params, validators()) instanceof CommitCertificate.Valid)) {
            return;
        }
        if (outcome(d.block()) instanceof BlockOutcome.Applied applied) {
            decided = true;
            lastCertificate = Optional.of(cert);
            out.add(new Action.Commit(d.block(), cert, applied));
        }
    }

    private void askSync(long seen, List<Action> out, long now) {
        if (now - lastSyncAskedAt >= params.slotMillis()) {
            lastSyncAskedAt = now;
            out.add(new Action.NeedSync(height, seen));
        }
    }

    private void detectEquivocation(ConsensusMessage message, List<Action> out, boolean verified) {
        String slot;
        Object signed;
        if (message instanceof ConsensusMessage.VoteMessage vm) {
            Vote v = vm.vote();
            slot = v.kind() + "/" + v.round() + "/" + v.validator().hex();
            signed = v;
        } else if (message instanceof ConsensusMessage.Proposal p) {
            SignedProposal sp = p.proposal();
            slot = "P/" + sp.round() + "/" + sp.forger().hex();
            signed = sp;
        } else {
            return;
        }
        Map<String, Object> atHeight = firstSeen.computeIfAbsent(message.height(), h -> new HashMap<>());
        Object first = atHeight.get(slot);
        if (first == null) {
            if (verified) {
                atHeight.put(slot, signed);
            }
            return;
        }
        SlashingEvidence evidence = null;
        if (first instanceof Vote a && signed instanceof Vote b && a.conflictsWith(b)) {
            if (verified || b.verifySignature(params.chainId())) {
                evidence = SlashingEvidence.of(a, b);
            }
        } else if (first instanceof SignedProposal a && signed instanceof SignedProposal b && a.conflictsWith(b)) {
            if (verified || b.verifySignature(params.chainId())) {
                evidence = SlashingEvidence.of(a, b);
            }
        }
        if (evidence != null && reported.add(evidence.id())) {
            out.add(new Action.EvidenceFound(evidence));
        }
    }

    private ValidatorSet validators() {
        return state.chain().validators();
    }

    private void startRound(int r, List<Action> out, long now) {
        round = r;
        step = Step.PROPOSE;
        if (key.isPresent() && key.get().publicKey().equals(forgerOf(state.chain(), height, r))) {
            Optional<ConsensusMessage.Proposal> earlier = protection.signedProposal(height, r);
            ConsensusMessage.Proposal proposal;
            if (earlier.isPresent()) {
                proposal = earlier.get();
            } else {
                Block block = validValue != null ? validValue
                        : BlockBuilder.build(params, state, key.get(), r, now, transactions.candidates(state),
                        lastCertificate).block();
                proposal = new ConsensusMessage.Proposal(block, SignedProposal.sign(params.chainId(), height, r,
                        block.hash(), validValue != null ? validRound : -1, key.get()));
                protection.record(proposal);
            }
            proposals.putIfAbsent(r, proposal);
            out.add(new Action.Broadcast(proposal));
        }
        out.add(new Action.ScheduleTimeout(new Timeout(Timeout.Step.PROPOSE, height, r),
                now + params.slotMillis() + r * params.slotMillis() / 2));
    }

    private void vote(VoteKind kind, Optional<Hash> block, List<Action> out) {
        if (key.isEmpty() || !validators().contains(key.get().publicKey())) {
            return;
        }
        Optional<Vote> earlier = protection.signedVote(kind, height, round);
        Vote v;
        if (earlier.isPresent()) {
            if (!earlier.get().blockHash().equals(block)) {
                return; // signed the other way before a crash: stay silent rather than equivocate
            }
            v = earlier.get();
        } else {
            v = Vote.sign(kind, params.chainId(), height, round, block, key.get());
            protection.record(v);
        }
        votes.computeIfAbsent(kind, k -> new TreeMap<>()).computeIfAbsent(round, r -> new LinkedHashMap<>())
                .putIfAbsent(v.validator(), v);
        out.add(new Action.Broadcast(new ConsensusMessage.VoteMessage(v)));
    }

    private BlockOutcome outcome(Block block) {
        return validity.computeIfAbsent(block.hash(), h -> StateTransition.apply(params, state, block));
    }

    private boolean valid(Block block) {
        return outcome(block) instanceof BlockOutcome.Applied;
    }

    private long stake(VoteKind kind, int r, Optional<Optional<Hash>> value) {
        Map<PublicKey, Vote> m = votes.getOrDefault(kind, new TreeMap<>()).get(r);
        if (m == null) {
            return 0;
        }
        long s = 0;
        for (Vote v : m.values()) {
            if (value.isEmpty() || value.get().equals(v.blockHash())) {
                s += validators().stakeOf(v.validator());
            }
        }
        return s;
    }

    private boolean quorum(VoteKind kind, int r, Optional<Optional<Hash>> value) {
        return params.isQuorum(stake(kind, r, value), validators().totalStake());
    }

    private static Optional<Optional<Hash>> forBlock(Hash h) {
        return Optional.of(Optional.of(h));
    }

    private static final Optional<Optional<Hash>> NIL = Optional.of(Optional.empty());
    private static final Optional<Optional<Hash>> ANY = Optional.empty();

    /** Applies the upon-rules of Algorithm 1 until none fires. */
    private void evaluate(List<Action> out, long now) {
        boolean changed = true;
        while (changed && !decided) {
            changed = tryCommit(out) || (step != Step.WAIT && (trySkipRound(out, now) || tryRules(out, now)));
        }
    }

    private boolean tryCommit(List<Action> out) {
        for (Map.Entry<Integer, ConsensusMessage.Proposal> e : proposals.entrySet()) {
            Block b = e.getValue().block();
            if (quorum(VoteKind.CONFIRM, e.getKey(), forBlock(b.hash())) && valid(b)) {
                List<Vote> confirms = new ArrayList<>();
                for (Vote v : votes.get(VoteKind.CONFIRM).get(e.getKey()).values()) {
                    if (v.blockHash().equals(Optional.of(b.hash()))) {
                        confirms.add(v);
                    }
                }
                CommitCertificate cert = CommitCertificate.fromVotes(height, e.getKey(), b.hash(), confirms);
                decided = true;
                lastCertificate = Optional.of(cert);
                out.add(new Action.Commit(b, cert, (BlockOutcome.Applied) outcome(b)));
                return true;
            }
        }
        return false;
    }

    private boolean trySkipRound(List<Action> out, long now) {
        Set<Integer> rounds = new java.util.TreeSet<>();
        for (TreeMap<Integer, LinkedHashMap<PublicKey, Vote>> byRound : votes.values()) {
            rounds.addAll(byRound.tailMap(round, false).keySet());
        }
        for (int r : rounds) {
            Set<PublicKey> senders = new HashSet<>();
            for (TreeMap<Integer, LinkedHashMap<PublicKey, Vote>> byRound : votes.values()) {
                if (byRound.containsKey(r)) {
                    senders.addAll(byRound.get(r).keySet());
                }
            }
            long s = 0;
            for (PublicKey k : senders) {
                s += validators().stakeOf(k);
            }
            // more stake than can be faulty: at least one honest validator has moved on
            if (Math.multiplyExact(s, (long) ChainParams.BPS)
                    > Math.multiplyExact(validators().totalStake(), (long) (ChainParams.BPS - params.finalityThresholdBps()))) {
                startRound(r, out, now);
                return true;
            }
        }
        return false;
    }

    /** Timeouts grow with the round, so a round eventually lasts long enough for any finite delay. */
    private long stepTimeout() {
        return params.slotMillis() / 2 + round * params.slotMillis() / 4;
    }

    private boolean tryRules(List<Action> out, long now) {
        ConsensusMessage.Proposal p = proposals.get(round);
        if (step == Step.PROPOSE && p != null) {
            Block b = p.block();
            int vr = p.proposal().validRound();
            if (vr == -1) {
                boolean ok = valid(b) && (lockedRound == -1 || b.equals(lockedValue));
                vote(VoteKind.ATTEST, ok ? Optional.of(b.hash()) : Optional.empty(), out);
                step = Step.ATTEST;
                return true;
            }
            if (vr < round && quorum(VoteKind.ATTEST, vr, forBlock(b.hash()))) {
                boolean ok = valid(b) && (lockedRound <= vr || b.equals(lockedValue));
                vote(VoteKind.ATTEST, ok ? Optional.of(b.hash()) : Optional.empty(), out);
                step = Step.ATTEST;
                return true;
            }
        }
        if (step == Step.ATTEST && quorum(VoteKind.ATTEST, round, ANY) && once.add("attest-timeout/" + round)) {
            out.add(new Action.ScheduleTimeout(new Timeout(Timeout.Step.ATTEST, height, round), now + stepTimeout()));
            return true;
        }
        if ((step == Step.ATTEST || step == Step.CONFIRM) && p != null && valid(p.block())
                && quorum(VoteKind.ATTEST, round, forBlock(p.block().hash())) && once.add("lock/" + round)) {
            if (step == Step.ATTEST) {
                lockedValue = p.block();
                lockedRound = round;
                vote(VoteKind.CONFIRM, Optional.of(p.block().hash()), out);
                step = Step.CONFIRM;
            }
            validValue = p.block();
            validRound = round;
            return true;
        }
        if (step == Step.ATTEST && quorum(VoteKind.ATTEST, round, NIL)) {
            vote(VoteKind.CONFIRM, Optional.empty(), out);
            step = Step.CONFIRM;
            return true;
        }
        if (quorum(VoteKind.CONFIRM, round, ANY) && once.add("confirm-timeout/" + round)) {
            out.add(new Action.ScheduleTimeout(new Timeout(Timeout.Step.CONFIRM, height, round), now + stepTimeout()));
            return true;
        }
        return false;
    }

    /** The stake-weighted raffle: a uniform ticket in [0, totalStake) from the epoch's seed, height and round. */
    public static PublicKey forgerOf(ChainState chain, long height, int round) {
        ValidatorSet set = chain.validators();
        long total = set.totalStake();
        long limit = Long.MAX_VALUE - Long.MAX_VALUE % total;
        Hash h = Hash.of(chain.lotterySeed().bytes(), ByteBuffer.allocate(12).putLong(height).putInt(round).array());
        long value;
        while (true) {
            value = ByteBuffer.wrap(h.bytes()).getLong() & Long.MAX_VALUE;
            if (value < limit) {
                break;
            }
            h = Hash.of(h.bytes());
        }
        long ticket = value % total;
        for (Validator v : set.validators()) {
            if (ticket < v.stake()) {
                return v.publicKey();
            }
            ticket -= v.stake();
        }
        throw new IllegalStateException("unreachable: ticket beyond the total stake");
    }
}
