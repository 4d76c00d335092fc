package org.stakechain.consensus;

import org.stakechain.ledger.ChainParams;

/**
 * How long each step waits, growing linearly with the round so that once the network calms down, some round
 * is long enough for every honest node to hear the forger and each other (Tendermint's partial synchrony).
 * Everything derives from the chain's slot time.
 *
 * <pre>
 *   propose(r) = slot     + r * slot/2
 *   attest(r)  = slot/2   + r * slot/4
 *   confirm(r) = slot/2   + r * slot/4
 *   a block's timestamp may run at most one slot ahead of a node's clock
 * </pre>
 */
public record RoundTimeouts(long proposeBase, long proposeDelta, long voteBase, long voteDelta, long maxFutureDrift) {

    public static RoundTimeouts of(ChainParams params) {
        long slot = params.slotMillis();
        return new RoundTimeouts(slot, Math.max(1, slot / 2), Math.max(1, slot / 2), Math.max(1, slot / 4), slot);
    }

    public long propose(int round) {
        return grow(proposeBase, proposeDelta, round);
    }

    public long attest(int round) {
        return grow(voteBase, voteDelta, round);
    }

    public long confirm(int round) {
        return grow(voteBase, voteDelta, round);
    }

    private static long grow(long base, long delta, int round) {
        // saturating: a round in the millions must not overflow into the past
        long extra = Math.multiplyHigh(delta, round) != 0 ? Long.MAX_VALUE / 4 : Math.min(delta * round, Long.MAX_VALUE / 4);
        return base + extra;
    }
}
