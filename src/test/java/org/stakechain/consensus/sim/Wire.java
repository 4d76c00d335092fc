package org.stakechain.consensus.sim;

import java.util.List;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.ledger.tx.Transaction;

/** What travels between simulated nodes. */
public sealed interface Wire {

    /** A consensus message, gossiped: every honest node relays what it sees for the first time. */
    record Consensus(ConsensusMessage message) implements Wire {
    }

    /** A transaction for the receiver's pool. */
    record Tx(Transaction transaction) implements Wire {
    }

    /** "Send me your final blocks from this height on." */
    record SyncRequest(long fromHeight) implements Wire {
    }

    /** Final blocks with their certificates, in height order. */
    record SyncResponse(List<ConsensusMessage.Decided> decided) implements Wire {
    }
}
