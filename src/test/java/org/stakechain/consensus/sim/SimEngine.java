package org.stakechain.consensus.sim;

import java.util.List;
import java.util.Optional;
import org.stakechain.consensus.Action;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.consensus.Timeout;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.state.LedgerState;
import org.stakechain.ledger.tx.Transaction;

/**
 * The pure consensus engine as the simulator drives it: inputs with the time they happen, actions out.
 * An adapter puts any engine with this shape (the real {@code ConsensusEngine}, or the stand-in) behind it.
 */
public interface SimEngine {

    List<Action> start(long now);

    List<Action> onMessage(ConsensusMessage message, long now);

    List<Action> onTimeout(Timeout timeout, long now);

    /** The host stored the block the engine asked to commit; {@code state} is the state after it. */
    List<Action> onCommitted(LedgerState state, long now);

    /** Where the engine gets candidate transactions for a block it forges. */
    interface TransactionSource {
        List<Transaction> candidates(LedgerState state);
    }

    /** What a host hands an engine it builds, at first start and at every restart. */
    record Context(ChainParams params, Optional<KeyPair> key, LedgerState finalState,
                   Optional<CommitCertificate> lastCertificate, SimSlashingProtection protection,
                   TransactionSource transactions) {
    }

    /** Builds an engine from what survives a crash: the stored final state and the slashing-protection record. */
    interface Factory {
        SimEngine create(Context context);

        String name();
    }
}
