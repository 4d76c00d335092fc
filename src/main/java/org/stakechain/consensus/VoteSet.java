package org.stakechain.consensus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.PublicKey;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;

/**
 * The ATTESTs or the CONFIRMs of one round: the first vote of each validator, and the stake behind each choice
 * (a block hash, or nil). A validator's second, different vote in the same round is handed back as a conflict,
 * the evidence of a double vote; it still counts for the choice it names, once per validator and choice. As in
 * the paper, "2f+1 votes for v" counts signed messages for v: if an equivocator's vote for v were dropped because
 * another vote of it came first, a proof of lock that honest validators locked on could be invisible to the
 * others, and the height would never end (found by the simulator). Safety is unaffected: two quorums of 75%
 * overlap in 50% of the stake, which cannot all be equivocators.
 */
public final class VoteSet {
    private final VoteKind kind;
    private final long height;
    private final int round;
    private final Quorum quorum;
    private final Map<PublicKey, Vote> byValidator = new LinkedHashMap<>();
    private final Map<Optional<Hash>, Long> stakeByChoice = new HashMap<>();
    private final Map<Optional<Hash>, Map<PublicKey, Vote>> byChoice = new HashMap<>();
    private long totalVoted;

    /** What adding a vote did. */
    public sealed interface Added {
    }

    public record Counted() implements Added {
    }

    public record Duplicate() implements Added {
    }

    /** The validator already voted otherwise in this round; {@code earlier} is the vote that counts. */
    public record Conflict(Vote earlier) implements Added {
    }

    public VoteSet(VoteKind kind, long height, int round, Quorum quorum) {
        this.kind = kind;
        this.height = height;
        this.round = round;
        this.quorum = quorum;
    }

    /** Adds a vote whose signature and signer the caller has checked. */
    public Added add(Vote vote) {
        if (vote.kind() != kind || vote.height() != height || vote.round() != round) {
            throw new IllegalArgumentException("vote " + vote + " is not a " + kind + " for " + height + "/" + round);
        }
        Vote earlier = byValidator.get(vote.validator());
        if (earlier != null && earlier.blockHash().equals(vote.blockHash())) {
            return new Duplicate();
        }
        long stake = quorum.validators().stakeOf(vote.validator());
        if (byChoice.computeIfAbsent(vote.blockHash(), c -> new LinkedHashMap<>()).putIfAbsent(vote.validator(), vote) == null) {
            stakeByChoice.merge(vote.blockHash(), stake, Long::sum);
        }
        if (earlier != null) {
            return new Conflict(earlier);
        }
        byValidator.put(vote.validator(), vote);
        totalVoted += stake;
        return new Counted();
    }

    public long stakeFor(Optional<Hash> choice) {
        return stakeByChoice.getOrDefault(choice, 0L);
    }

    /** Stake of every validator that voted in this round, whatever for. */
    public long totalVoted() {
        return totalVoted;
    }

    public boolean hasQuorumFor(Optional<Hash> choice) {
        return quorum.isQuorum(stakeFor(choice));
    }

    /** Tendermint's "2f+1 of anything": the round has heard from a quorum, even if it agrees on nothing. */
    public boolean hasQuorumOfAny() {
        return quorum.isQuorum(totalVoted);
    }

    /** The block hash a quorum voted for, if any (at most one can have a quorum above 50%). */
    public Optional<Hash> blockWithQuorum() {
        for (Map.Entry<Optional<Hash>, Long> e : stakeByChoice.entrySet()) {
            if (e.getKey().isPresent() && quorum.isQuorum(e.getValue())) {
                return e.getKey();
            }
        }
        return Optional.empty();
    }

    public Optional<Vote> voteOf(PublicKey validator) {
        return Optional.ofNullable(byValidator.get(validator));
    }

    public List<Vote> votes() {
        return List.copyOf(byValidator.values());
    }

    /** Every validator's vote for {@code choice}, an equivocator's included. */
    public List<Vote> votesFor(Optional<Hash> choice) {
        return new ArrayList<>(byChoice.getOrDefault(choice, Map.of()).values());
    }

    public VoteKind kind() {
        return kind;
    }

    public int round() {
        return round;
    }
}
