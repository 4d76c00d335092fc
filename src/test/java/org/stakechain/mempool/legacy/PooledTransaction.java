package org.stakechain.mempool.legacy;

import java.util.Comparator;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/** A pooled transaction with what the pool needs at hand: what it costs its sender, and when it arrived. */
final class PooledTransaction {
    /** Eviction order: lowest fee first; among equal fees the newest first, so earlier arrivals keep their place. */
    static final Comparator<PooledTransaction> EVICTION_ORDER = (a, b) -> {
        int byFee = Long.compare(a.fee, b.fee);
        return byFee != 0 ? byFee : Long.compare(b.seq, a.seq);
    };
    /** Block order across senders: highest fee first; among equal fees the oldest first. */
    static final Comparator<PooledTransaction> PRIORITY_ORDER = (a, b) -> {
        int byFee = Long.compare(b.fee, a.fee);
        return byFee != 0 ? byFee : Long.compare(a.seq, b.seq);
    };

    final Transaction tx;
    final SenderQueue sender;
    final long nonce;
    final long fee;
    final long cost;
    final int size;
    final long seq;

    PooledTransaction(Transaction tx, SenderQueue sender, long seq) {
        this.tx = tx;
        this.sender = sender;
        this.nonce = tx.nonce();
        this.fee = tx.fee();
        this.cost = costOf(tx);
        this.size = tx.encodedSize();
        this.seq = seq;
    }

    /**
     * What the sender's balance must cover: fee plus amount for TRANSFER and STAKE, the fee alone otherwise.
     * Saturates instead of overflowing: an unpayable amount stays unpayable.
     */
    static long costOf(Transaction tx) {
        TxPayload p = tx.payload();
        if (p instanceof TxPayload.Transfer t) {
            return saturatingAdd(tx.fee(), t.amount());
        }
        if (p instanceof TxPayload.Stake s) {
            return saturatingAdd(tx.fee(), s.amount());
        }
        return tx.fee();
    }

    /** Both arguments are never negative. */
    static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    @Override
    public String toString() {
        return tx.toString();
    }
}
