package org.stakechain.consensus;

import java.util.List;
import org.stakechain.ledger.VerifiedSignatures;
import org.stakechain.ledger.state.LedgerState;
import org.stakechain.ledger.tx.Transaction;

/**
 * Where a forger finds the transactions it offers for its block (the node's mempool). The engine passes the
 * state the block will follow; {@link org.stakechain.ledger.BlockBuilder} keeps only the includable ones.
 */
@FunctionalInterface
public interface TransactionSource {

    List<Transaction> candidates(LedgerState state);

    /**
     * The transactions whose signatures this node already verified (the mempool's cache): the engine's block
     * checks skip those. Only strict verifications on this node may be in it.
     */
    default VerifiedSignatures verifiedSignatures() {
        return VerifiedSignatures.NONE;
    }

    static TransactionSource none() {
        return state -> List.of();
    }
}
