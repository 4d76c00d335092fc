package org.stakechain.consensus;

import org.stakechain.ledger.ChainParams;

/**
 * How long each step waits, growing linearly with the round so that once the network calms down, some round
 * is long enough for every honest node to hear the forger and each other (Tendermint's partial synchrony).
 * Everything derives from the chain's slot time, with floors: a short slot sets how often blocks come, not how
 * long a node may take to receive and check a full block (a 1,000-transaction proposal on a busy machine takes
 * longer than a 250 ms slot, and a propose timeout that short turns every loaded round into a nil round).
 *
 * <pre>
 *   propose(r) = max(slot, 1 s)       + r * max(slot/2, 500 ms)
 *   attest(r)  = max(slot/2, 500 ms)  + r * max(slot/4, 250 ms)
 *   confirm(r) = max(slot/2, 500 ms)  + r * max(slot/4, 250 ms)
 *   a block's timestamp may run at most max(slot, 1 s) ahead of a node's clock
 * </pre>
 */
public record RoundTimeouts(long proposeBase, long proposeDelta, long voteBase, long voteDelta, long maxFutureDrift) {
    static final long MIN_PROPOSE_MILLIS = 1_000;
    static final long MIN_VOTE_MILLIS = 500;

    public static RoundTimeouts of(ChainParams params) {
        long slot = params.slotMillis();
        long propose = Math.max(slot, MIN_PROPOSE_MILLIS);
        long vote = Math.max(slot / 2, MIN_VOTE_MILLIS);
        return new RoundTimeouts(propose, Math.max(slot / 2, MIN_PROPOSE_MILLIS / 2), vote,
                Math.max(slot / 4, MIN_VOTE_MILLIS / 2), propose);
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
