package org.stakechain.consensus.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stakechain.consensus.TransactionSource;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.state.LedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/** A node's pool of unconfirmed transactions, in memory (lost in a crash), and the engine's transaction source. */
public final class Mempool implements TransactionSource {
    static final int CAPACITY = 500;
    static final int PER_BLOCK = 50;

    private final Map<Hash, Transaction> pool = new LinkedHashMap<>();

    /** True if the transaction is new here (and so worth relaying). */
    public boolean add(Transaction tx) {
        if (pool.size() >= CAPACITY || pool.containsKey(tx.hash())) {
            return false;
        }
        pool.put(tx.hash(), tx);
        return true;
    }

    /**
     * Nonce order keeps each sender's transactions in sequence; the sort is stable, so ties keep arrival order.
     * Evidence for the height being decided is held back: in that block it could only fail.
     */
    @Override
    public List<Transaction> candidates(LedgerState state) {
        List<Transaction> out = new ArrayList<>();
        long next = state.chain().height() + 1;
        for (Transaction tx : pool.values()) {
            boolean premature = tx.payload() instanceof TxPayload.SlashEvidence e && e.evidence().height() >= next;
            if (tx.nonce() >= state.account(tx.senderAddress()).nonce() && !premature) {
                out.add(tx);
            }
        }
        out.sort(Comparator.comparingLong(Transaction::nonce));
        return out.size() > PER_BLOCK ? out.subList(0, PER_BLOCK) : out;
    }

    /** Drops what the new state makes impossible: nonces already used. */
    public void prune(LedgerState state) {
        pool.values().removeIf(tx -> tx.nonce() < state.account(tx.senderAddress()).nonce());
    }

    public int size() {
        return pool.size();
    }
}
