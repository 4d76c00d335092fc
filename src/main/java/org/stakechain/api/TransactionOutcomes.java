package org.stakechain.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.Receipt;
import org.stakechain.ledger.block.Block;
import org.stakechain.mempool.Removal;
import org.stakechain.node.NodeEvents;

/**
 * Why recent transactions did not make it: refused at the door (through this API) or dropped from the pool
 * (replaced, evicted, stale nonce, no longer payable). Bounded: the oldest are forgotten first.
 */
final class TransactionOutcomes implements NodeEvents {
    static final int CAPACITY = 10_000;

    record Rejection(String reason, String detail) {
    }

    private final Map<Hash, Rejection> recent = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, Rejection> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void rejected(Hash hash, String reason, String detail) {
        recent.put(hash, new Rejection(reason, detail));
    }

    synchronized Optional<Rejection> find(Hash hash) {
        return Optional.ofNullable(recent.get(hash));
    }

    /** Final transactions are not this listener's: skips the default's call per transaction (thousands a block). */
    @Override
    public void onTransactionsFinal(Block block, List<Receipt> receipts) {
    }

    @Override
    public void onTransactionDropped(Removal removal) {
        rejected(removal.transaction().hash(), removal.cause().name(), removal.detail());
    }
}
