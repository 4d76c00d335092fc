package org.stakechain.ledger;

import java.util.List;
import org.stakechain.ledger.state.StateChanges;

/** The result of applying a block: the changes and receipts, or why the block is invalid. */
public sealed interface BlockOutcome permits BlockOutcome.Applied, BlockOutcome.Rejected {

    record Applied(StateChanges changes, List<Receipt> receipts) implements BlockOutcome {
        public Applied {
            receipts = List.copyOf(receipts);
        }
    }

    record Rejected(String reason) implements BlockOutcome {
    }
}
