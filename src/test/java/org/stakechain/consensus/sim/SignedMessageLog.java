package org.stakechain.consensus.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.ledger.block.SignedProposal;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;

/**
 * The host's audit log of every proposal and vote an honest node sent, kept across its crashes. The engine's
 * slashing protection should make a conflict impossible; this log is how the simulator notices if it does not.
 */
public final class SignedMessageLog {
    private final Map<String, Vote> votes = new TreeMap<>();
    private final Map<String, ConsensusMessage.Proposal> proposals = new TreeMap<>();

    private static String slot(String kind, long height, int round) {
        return kind + "/" + height + "/" + round;
    }

    public Optional<Vote> signedVote(VoteKind kind, long height, int round) {
        return Optional.ofNullable(votes.get(slot(kind.name(), height, round)));
    }

    public Optional<ConsensusMessage.Proposal> signedProposal(long height, int round) {
        return Optional.ofNullable(proposals.get(slot("PROPOSAL", height, round)));
    }

    /** Records a vote; false (and nothing recorded) if a different vote for its slot was signed before. */
    public boolean record(Vote vote) {
        Vote before = votes.putIfAbsent(slot(vote.kind().name(), vote.height(), vote.round()), vote);
        return before == null || before.equals(vote);
    }

    public boolean record(ConsensusMessage.Proposal proposal) {
        SignedProposal p = proposal.proposal();
        ConsensusMessage.Proposal before = proposals.putIfAbsent(slot("PROPOSAL", p.height(), p.round()), proposal);
        return before == null || !before.proposal().conflictsWith(p);
    }

    /** Every proposal and vote logged for {@code height}, as messages to send again. */
    public List<ConsensusMessage> signedAt(long height) {
        List<ConsensusMessage> out = new ArrayList<>();
        String h = Long.toString(height);
        proposals.forEach((slot, p) -> {
            if (slot.split("/")[1].equals(h)) {
                out.add(p);
            }
        });
        votes.forEach((slot, v) -> {
            if (slot.split("/")[1].equals(h)) {
                out.add(new ConsensusMessage.VoteMessage(v));
            }
        });
        return out;
    }

    /** Whether sending {@code message} would contradict the record (the host's check on every honest send). */
    public boolean contradicts(ConsensusMessage message) {
        if (message instanceof ConsensusMessage.VoteMessage vm) {
            return signedVote(vm.vote().kind(), vm.vote().height(), vm.vote().round())
                    .map(v -> v.conflictsWith(vm.vote())).orElse(false);
        }
        if (message instanceof ConsensusMessage.Proposal p) {
            return signedProposal(p.proposal().height(), p.proposal().round())
                    .map(q -> q.proposal().conflictsWith(p.proposal())).orElse(false);
        }
        return false;
    }
}
