package org.stakechain.consensus;

import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.SignedProposal;
import org.stakechain.ledger.block.Vote;

/** What validators send each other during consensus. Canonical encodings come with the network issue. */
public sealed interface ConsensusMessage {

    long height();

    /** The forger's block for (height, round), with its signature over the block hash. */
    record Proposal(Block block, SignedProposal proposal) implements ConsensusMessage {
        @Override
        public long height() {
            return proposal.height();
        }
    }

    /** An ATTEST or CONFIRM. */
    record VoteMessage(Vote vote) implements ConsensusMessage {
        @Override
        public long height() {
            return vote.height();
        }
    }

    /** A final block with its certificate: how a node that fell behind catches up without re-running rounds. */
    record Decided(Block block, CommitCertificate certificate) implements ConsensusMessage {
        @Override
        public long height() {
            return block.height();
        }
    }
}
