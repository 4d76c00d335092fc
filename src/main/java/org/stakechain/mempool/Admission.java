package org.stakechain.mempool;

import java.util.List;
import org.stakechain.crypto.Hash;

/**
 * What the pool answers when a transaction is offered. Expected failures are values, not exceptions: the API
 * shows them to the user, the network layer scores the peer by them.
 */
public sealed interface Admission {

    /**
     * In the pool. {@code removed} lists what left to make room or because of it: the entry it replaced
     * (replace-by-fee), lowest-fee entries evicted at capacity, and the sender's later entries it can no longer
     * afford.
     */
    record Accepted(Hash hash, List<Removal> removed) implements Admission {
        public Accepted {
            removed = List.copyOf(removed);
        }
    }

    /** Never admitted as it is; {@code detail} says why in words a user can act on. */
    record Rejected(RejectReason reason, String detail) implements Admission {
    }

    /** Already pooled (gossip brings most transactions more than once); nothing changed. */
    record Duplicate(Hash hash) implements Admission {
    }

    /**
     * No room now: send it again later. Either the pool is at capacity and this transaction's fee does not beat
     * the entries that would have to leave ({@code feeToBeat} is the lowest fee among those: paying more than it
     * may get in), or it would wait behind a nonce gap while as many entries as the pool lets wait already do
     * ({@code feeToBeat} is {@link #NO_FEE_HELPS}: only sending the missing nonces first, or waiting, helps).
     */
    record PoolFull(String detail, long feeToBeat) implements Admission {
        /** {@code feeToBeat} when no fee would get the transaction in now. */
        public static final long NO_FEE_HELPS = -1;

        /** Whether a higher fee could get the transaction in now. */
        public boolean feeHelps() {
            return feeToBeat != NO_FEE_HELPS;
        }
    }

    default boolean isAccepted() {
        return this instanceof Accepted;
    }
}
