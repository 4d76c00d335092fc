package org.stakechain.consensus;

import org.stakechain.ledger.BlockOutcome;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.tx.SlashingEvidence;

/**
 * What the pure consensus engine asks its host to do. The host (the node, or the simulator) performs it: sends,
 * schedules, persists. The engine never does I/O and never reads a clock: time comes in with every input.
 */
public sealed interface Action {

    /** Send to every peer. The host must persist slashing protection before sending a signed message. */
    record Broadcast(ConsensusMessage message) implements Action {
    }

    /** Call {@code onTimeout(timeout, now)} when the host's clock reaches {@code atMillis}. */
    record ScheduleTimeout(Timeout timeout, long atMillis) implements Action {
    }

    /**
     * The block is final: store it with its certificate and the state changes, then call {@code onCommitted}
     * with the new state so the engine starts the next height.
     */
    record Commit(Block block, CommitCertificate certificate, BlockOutcome.Applied outcome) implements Action {
    }

    /** A validator signed two conflicting messages; the host submits a SLASH_EVIDENCE transaction. */
    record EvidenceFound(SlashingEvidence evidence) implements Action {
    }

    /** Messages for a height above ours arrived: the host should fetch the decided blocks we are missing. */
    record NeedSync(long fromHeight, long seenHeight) implements Action {
    }
}
