package org.stakechain.network;

/**
 * What lowers a peer's score, and by how much. The threshold ({@link NetworkConfig#banThreshold()}, -100 by
 * default) is reached by one oversized frame, four undecodable frames, five rejected messages, or ten
 * messages over the rate limit; then the peer is disconnected and its node id banned for a while.
 */
public enum Misbehaviour {
    /** A frame above the size limit: nobody honest sends one, and it costs us memory. */
    OVERSIZED_FRAME(100),
    /** Bytes that are not a canonical message, or a text frame. */
    UNDECODABLE_FRAME(25),
    /** A message the node judged invalid (consensus REJECT, a transaction that can never be valid, a bad sync answer). */
    REJECTED_MESSAGE(20),
    /** A message dropped because the peer exceeded its message or byte rate. */
    RATE_LIMITED(10),
    /**
     * A well-formed message that breaks the protocol: a second Hello, a SyncResponse nobody asked for, a Batch not
     * asked of the peer (or not the one announced), a GetBatches for a batch not announced, an announced batch not
     * served in time.
     */
    PROTOCOL_VIOLATION(25);

    private final int cost;

    Misbehaviour(int cost) {
        this.cost = cost;
    }

    public int cost() {
        return cost;
    }
}
