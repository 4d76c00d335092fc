package org.stakechain.consensus.protection;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.block.VoteKind;

/**
 * Slashing protection held in memory: for tests, the simulator, and as the logic a persistent implementation
 * wraps. It can start from marks loaded from disk, so a restarted validator refuses what it refused before.
 */
public final class InMemorySlashingProtection implements SlashingProtection {
    private final Map<SignedKind, SigningMark> marks = new EnumMap<>(SignedKind.class);

    public InMemorySlashingProtection() {
    }

    /** Starts from marks a previous run recorded. */
    public static InMemorySlashingProtection restoredFrom(Iterable<SigningMark> saved) {
        InMemorySlashingProtection p = new InMemorySlashingProtection();
        for (SigningMark m : saved) {
            p.marks.merge(m.kind(), m, (a, b) -> a.isBefore(b.height(), b.round()) ? b : a);
        }
        return p;
    }

    @Override
    public synchronized boolean mayProposeAndRecord(long height, int round, Hash blockHash, int validRound) {
        return check(new SigningMark(SignedKind.PROPOSAL, height, round, SigningMark.proposalContent(blockHash, validRound)));
    }

    @Override
    public synchronized boolean mayVoteAndRecord(VoteKind kind, long height, int round, Optional<Hash> blockHash) {
        return check(new SigningMark(SignedKind.of(kind), height, round, SigningMark.voteContent(blockHash)));
    }

    @Override
    public synchronized Optional<SigningMark> lastSigned(SignedKind kind) {
        return Optional.ofNullable(marks.get(kind));
    }

    private boolean check(SigningMark wanted) {
        SigningMark last = marks.get(wanted.kind());
        if (last == null || last.isBefore(wanted.height(), wanted.round())) {
            marks.put(wanted.kind(), wanted);
            return true;
        }
        return last.height() == wanted.height() && last.round() == wanted.round()
                && last.content().equals(wanted.content());
    }
}
