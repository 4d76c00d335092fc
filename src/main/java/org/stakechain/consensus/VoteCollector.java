package org.stakechain.consensus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.stakechain.crypto.PublicKey;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.tx.SlashingEvidence;

/**
 * Every ATTEST and CONFIRM of one height, by round. It notices double votes and reports each offence (one key,
 * one kind, one round) once, and it knows which rounds above ours carry more than 25% of the stake.
 */
public final class VoteCollector {
    private final long height;
    private final Quorum quorum;
    private final TreeMap<Integer, VoteSet> attests = new TreeMap<>();
    private final TreeMap<Integer, VoteSet> confirms = new TreeMap<>();
    /** Per round: the validators heard from in it (any kind), for the round-skip rule. */
    private final Map<Integer, Set<PublicKey>> voters = new HashMap<>();
    private final Map<Integer, Long> voterStake = new HashMap<>();
    private final Set<String> reportedOffences = new HashSet<>();

    /** What adding a vote did: counted or not, and the evidence it revealed (once per offence). */
    public record Outcome(boolean counted, boolean duplicate, Optional<SlashingEvidence> evidence) {
    }

    public VoteCollector(long height, Quorum quorum) {
        this.height = height;
        this.quorum = quorum;
    }

    public Quorum quorum() {
        return quorum;
    }

    public long height() {
        return height;
    }

    /** Adds a vote of this height whose signature and signer the caller has checked. */
    public Outcome add(Vote vote) {
        VoteSet set = votes(vote.kind(), vote.round());
        VoteSet.Added added = set.add(vote);
        if (added instanceof VoteSet.Conflict conflict) {
            String offence = vote.validator().hex() + "/" + vote.kind() + "/" + vote.round();
            Optional<SlashingEvidence> evidence = reportedOffences.add(offence)
                    ? Optional.of(SlashingEvidence.of(conflict.earlier(), vote)) : Optional.empty();
            return new Outcome(false, false, evidence);
        }
        if (added instanceof VoteSet.Duplicate) {
            return new Outcome(false, true, Optional.empty());
        }
        if (voters.computeIfAbsent(vote.round(), r -> new HashSet<>()).add(vote.validator())) {
            voterStake.merge(vote.round(), quorum.validators().stakeOf(vote.validator()), Long::sum);
        }
        return new Outcome(true, false, Optional.empty());
    }

    public VoteSet attests(int round) {
        return votes(VoteKind.ATTEST, round);
    }

    public VoteSet confirms(int round) {
        return votes(VoteKind.CONFIRM, round);
    }

    public VoteSet votes(VoteKind kind, int round) {
        TreeMap<Integer, VoteSet> byRound = kind == VoteKind.ATTEST ? attests : confirms;
        return byRound.computeIfAbsent(round, r -> new VoteSet(kind, height, r, quorum));
    }

    /** Rounds in which some CONFIRMs were seen, lowest first. */
    public List<Integer> confirmRounds() {
        return new ArrayList<>(confirms.keySet());
    }

    /**
     * The highest round above {@code current} from which validators with more than 25% of the stake were heard
     * (Tendermint's f+1 rule), or -1.
     */
    public int highestRoundToSkipTo(int current) {
        int best = -1;
        for (Map.Entry<Integer, Long> e : voterStake.entrySet()) {
            if (e.getKey() > current && e.getKey() > best && quorum.exceedsComplement(e.getValue())) {
                best = e.getKey();
            }
        }
        return best;
    }

    /** Every vote held, attests then confirms, by round: what a host re-gossips to a peer that missed them. */
    public List<Vote> allVotes() {
        List<Vote> out = new ArrayList<>();
        attests.values().forEach(s -> out.addAll(s.votes()));
        confirms.values().forEach(s -> out.addAll(s.votes()));
        return out;
    }
}
