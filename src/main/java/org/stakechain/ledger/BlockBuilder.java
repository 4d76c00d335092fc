package org.stakechain.ledger;

import java.util.List;
import java.util.Optional;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.Signature;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.BlockHeader;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.state.ChainState;
import org.stakechain.ledger.state.LedgerState;
import org.stakechain.ledger.state.StateChanges;
import org.stakechain.ledger.tx.Transaction;

/**
 * The forger's side of the state transition: choose the includable transactions, sign the beacon reveal,
 * execute the block to learn its state root, and seal the header. Pure, like the transition itself.
 */
public final class BlockBuilder {

    /** The block and what applying it does (the forger needs not apply it a second time). */
    public record Built(Block block, BlockOutcome.Applied outcome) {
    }

    private BlockBuilder() {
    }

    /**
     * Builds the block following {@code pre}. {@code timestampMillis} is raised to one past the previous block's
     * if the forger's clock is behind it, so the chain's time never goes backwards.
     */
    public static Built build(ChainParams params, LedgerState pre, KeyPair forger, int round, long timestampMillis,
                              List<Transaction> candidates, Optional<CommitCertificate> lastCommit) {
        return build(params, pre, forger, round, timestampMillis, candidates, lastCommit, VerifiedSignatures.NONE);
    }

    /** As above; candidates whose signatures are {@code known} (the mempool verified them) are not verified again. */
    public static Built build(ChainParams params, LedgerState pre, KeyPair forger, int round, long timestampMillis,
                              List<Transaction> candidates, Optional<CommitCertificate> lastCommit,
                              VerifiedSignatures known) {
        long height = pre.chain().height() + 1;
        Signature reveal = forger.sign(StateTransition.beaconRevealPayload(params.chainId(), height));
        long timestamp = Math.max(timestampMillis, pre.chain().lastTimestampMillis() + 1);
        // choosing and executing in one pass: each candidate runs once, not once to choose and again to execute
        StateTransition.Forged forged = StateTransition.forge(params, pre, candidates, known, forger.publicKey(),
                timestamp, reveal, lastCommit);
        List<Transaction> txs = forged.transactions();
        BlockOutcome.Applied applied = forged.outcome();
        Block block = Block.seal(txRoot -> new BlockHeader(params.chainId(), height, round,
                pre.chain().lastBlockHash(), timestamp, forger.publicKey(), reveal, txRoot,
                applied.changes().stateRoot(), Block.lastCommitHashOf(lastCommit)), txs, lastCommit);
        String problem = StateTransition.checkHeader(params, pre.chain(), block, known);
        if (problem != null) {
            throw new IllegalStateException("cannot build block " + height + ": " + problem);
        }
        // the changes were computed before the block had a hash: name the sealed block as the last one (the state
        // root is unaffected: it does not commit to the last block hash)
        StateChanges c = applied.changes();
        ChainState chain = c.chain().withBlock(height, block.hash(), c.chain().lastTimestampMillis(), c.chain().beacon());
        StateChanges fixed = new StateChanges(c.accounts(), c.evidence(), chain, c.stateRoot(), c.newTreeNodes(),
                c.staleTreeNodes());
        return new Built(block, new BlockOutcome.Applied(fixed, applied.receipts()));
    }
}
