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
     * The pool is at capacity and this transaction's fee does not beat the entries that would have to leave.
     * {@code feeToBeat} is the lowest fee among those entries: paying more than it may get in.
     */
    record PoolFull(String detail, long feeToBeat) implements Admission {
    }

    default boolean isAccepted() {
        return this instanceof Accepted;
    }
}
