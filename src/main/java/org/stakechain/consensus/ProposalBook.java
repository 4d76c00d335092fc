package org.stakechain.consensus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.tx.SlashingEvidence;

/**
 * The proposals of one height, one per round: the first the drawn forger signed. A second, different proposal
 * from the same forger for the same round is not kept; it is the evidence of a double forge, reported once.
 */
public final class ProposalBook {
    private final TreeMap<Integer, ConsensusMessage.Proposal> byRound = new TreeMap<>();
    private final Set<Integer> reportedRounds = new HashSet<>();

    /** What adding a proposal did. */
    public sealed interface Added {
    }

    public record Stored() implements Added {
    }

    public record Duplicate() implements Added {
    }

    /** Conflicts with the proposal kept for the round; the evidence is present the first time only. */
    public record Conflict(Optional<SlashingEvidence> evidence) implements Added {
    }

    /** Adds a proposal whose forger and signature the caller has checked. */
    public Added add(ConsensusMessage.Proposal p) {
        int round = p.proposal().round();
        ConsensusMessage.Proposal earlier = byRound.get(round);
        if (earlier == null) {
            byRound.put(round, p);
            return new Stored();
        }
        if (!earlier.proposal().conflictsWith(p.proposal())) {
            return new Duplicate();
        }
        return new Conflict(reportedRounds.add(round)
                ? Optional.of(SlashingEvidence.of(earlier.proposal(), p.proposal())) : Optional.empty());
    }

    public Optional<ConsensusMessage.Proposal> at(int round) {
        return Optional.ofNullable(byRound.get(round));
    }

    /** A block with this hash from any round's proposal. */
    public Optional<Block> block(Hash hash) {
        for (ConsensusMessage.Proposal p : byRound.values()) {
            if (p.block().hash().equals(hash)) {
                return Optional.of(p.block());
            }
        }
        return Optional.empty();
    }

    public List<ConsensusMessage.Proposal> all() {
        return new ArrayList<>(byRound.values());
    }

    Map<Integer, ConsensusMessage.Proposal> byRound() {
        return byRound;
    }
}
