package org.stakechain.consensus.protection;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.stakechain.crypto.Hash;

/**
 * The last message of one kind a validator signed: its (height, round) and a digest of what it said. This is
 * all slashing protection has to remember, because an honest validator signs at increasing (height, round).
 */
public record SigningMark(SignedKind kind, long height, int round, Hash content) {

    /** What a proposal says: the block and the round it was last seen with a quorum of attestations. */
    public static Hash proposalContent(Hash blockHash, int validRound) {
        return Hash.of(blockHash.bytes(), ByteBuffer.allocate(4).putInt(validRound).array());
    }

    /** What a vote says: a block, or nil. */
    public static Hash voteContent(Optional<Hash> blockHash) {
        return blockHash.map(h -> Hash.of(new byte[] {1}, h.bytes())).orElse(Hash.of(new byte[] {0}));
    }

    /** Whether this mark lies strictly before (height, round). */
    public boolean isBefore(long otherHeight, int otherRound) {
        return height < otherHeight || height == otherHeight && round < otherRound;
    }
}
