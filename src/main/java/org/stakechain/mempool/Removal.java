package org.stakechain.mempool;

import org.stakechain.ledger.tx.Transaction;

/** A transaction that left the pool without being rejected at the door, and why. */
public record Removal(Transaction transaction, Cause cause, String detail) {

    public enum Cause {
        /** In a final block: done. */
        INCLUDED,
        /** Its nonce was used by another transaction (a final block or a replacement elsewhere). */
        STALE_NONCE,
        /** The sender can no longer pay for it after the pooled transactions ahead of it. */
        INSUFFICIENT_BALANCE,
        /** Replaced by a transaction with the same sender and nonce and a higher fee. */
        REPLACED,
        /** Evicted to make room for a higher-fee transaction. */
        EVICTED
    }
}
