package org.stakechain.consensus.protection;

import java.util.Optional;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.block.VoteKind;

/**
 * The validator's last line of defence against slashing: asked before every signature, it answers whether the
 * message may be signed and, if so, records it before answering, so a validator never signs two conflicting
 * messages of one kind for one (height, round), not even across a crash and restart.
 *
 * <p>Rule per kind: signing at a (height, round) above the high-water mark is allowed and raises the mark;
 * signing exactly what was signed at the mark again is allowed (a re-broadcast); anything else at or below the
 * mark is refused. The node's implementation writes the mark to disk with fsync before it returns true.
 */
public interface SlashingProtection {

    /** May the forger sign a proposal of {@code blockHash} (with {@code validRound}) at (height, round)? Records it if so. */
    boolean mayProposeAndRecord(long height, int round, Hash blockHash, int validRound);

    /** May the validator sign this ATTEST or CONFIRM? Records it if so. */
    boolean mayVoteAndRecord(VoteKind kind, long height, int round, Optional<Hash> blockHash);

    /** The high-water mark of {@code kind}, if anything was signed. */
    Optional<SigningMark> lastSigned(SignedKind kind);
}
