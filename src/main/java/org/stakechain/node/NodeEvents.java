package org.stakechain.node;

import java.util.List;
import org.stakechain.consensus.lottery.ForgerLottery;
import org.stakechain.crypto.Address;
import org.stakechain.ledger.Receipt;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.validators.ValidatorSet;
import org.stakechain.mempool.Removal;

/**
 * What a running node tells the layers above it (the API, metrics, the explorer). The node never calls a
 * listener on its consensus thread: it queues the event on one "node-events" thread, in order (but for the two
 * counters {@link #onVoteReceived} and {@link #onSignatureVerified}, called where they happen), and drops events
 * (counting them, see {@link Node#droppedEvents()}) if a listener falls far behind. So a slow listener costs
 * its own events, never the chain's progress. Every method has an empty default: implement what you need.
 */
public interface NodeEvents {

    /** A block became final here (by consensus or by sync). */
    default void onBlockFinal(FinalBlock block) {
    }

    /** A transaction is in a final block; its receipt says whether it succeeded and why not. */
    default void onTransactionFinal(Transaction tx, long height, int index, Receipt receipt) {
    }

    /**
     * Every transaction of a final block at once, in block order, with their receipts: a listener that can
     * handle them together (one write for a block's worth of events) overrides this; the default calls
     * {@link #onTransactionFinal} for each.
     */
    default void onTransactionsFinal(Block block, List<Receipt> receipts) {
        List<Transaction> txs = block.transactions();
        for (int i = 0; i < txs.size() && i < receipts.size(); i++) {
            onTransactionFinal(txs.get(i), block.height(), i, receipts.get(i));
        }
    }

    /**
     * A SLASH_EVIDENCE transaction took effect in a final block: the offender lost {@code slashedUnits} and is
     * jailed.
     */
    default void onSlashing(Address offender, long height, long slashedUnits, Address reporter) {
    }

    /** Consensus entered a step of a round (propose, prevote, precommit) at a height. */
    default void onRoundChange(long height, int round, String step) {
    }

    /** A pooled transaction left the pool without being included (replaced, evicted, stale nonce, unpayable). */
    default void onTransactionDropped(Removal removal) {
    }

    /**
     * A consensus vote (ATTEST or CONFIRM) new to this node arrived from a peer. Like {@link #onSignatureVerified}
     * this is called on the thread that received it, not queued (a queued task per vote was a wake-up of the event
     * thread per vote, several a block): keep it cheap and thread-safe.
     */
    default void onVoteReceived(String kind) {
    }

    /**
     * One transaction signature was verified at admission, taking {@code nanos}. Unlike the other events this is
     * called on the verifying thread (thousands a second, one queued task each would cost more than the
     * verification's bookkeeping is worth): keep it cheap and thread-safe.
     */
    default void onSignatureVerified(long nanos, boolean valid) {
    }

    /**
     * A final block with what the API shows about it.
     *
     * @param validators        the validator set that certified it (its height's)
     * @param draw              the lottery draw that made its forger the forger of its round
     * @param confirmedStake    the stake (base units) of the confirmations in its certificate
     * @param committedAtMillis when this node stored it (node clock), for time to finality
     */
    record FinalBlock(Block block, CommitCertificate certificate, ValidatorSet validators, ForgerLottery.Draw draw,
                      long confirmedStake,
                      List<Receipt> receipts, long committedAtMillis, boolean synced) {
        public FinalBlock {
            receipts = List.copyOf(receipts);
        }
    }
}
