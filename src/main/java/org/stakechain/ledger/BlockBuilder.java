package org.stakechain.ledger;

import java.util.List;
import java.util.Optional;
import org.stakechain.crypto.Hash;
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
        List<Transaction> txs = StateTransition.selectIncludable(params, pre, candidates, known);
        Signature reveal = forger.sign(StateTransition.beaconRevealPayload(params.chainId(), height));
        long timestamp = Math.max(timestampMillis, pre.chain().lastTimestampMillis() + 1);
        BlockHeader draft = new BlockHeader(params.chainId(), height, round, pre.chain().lastBlockHash(), timestamp,
                forger.publicKey(), reveal, Block.txRootOf(txs), Hash.ZERO, Block.lastCommitHashOf(lastCommit));
        BlockOutcome outcome = StateTransition.executeSelected(params, pre, Block.of(draft, txs, lastCommit));
        if (outcome instanceof BlockOutcome.Rejected rejected) {
            throw new IllegalStateException("cannot build block " + height + ": " + rejected.reason());
        }
        BlockOutcome.Applied applied = (BlockOutcome.Applied) outcome;
        BlockHeader sealed = new BlockHeader(draft.chainId(), height, round, draft.previousHash(), timestamp,
                draft.forger(), reveal, draft.txRoot(), applied.changes().stateRoot(), draft.lastCommitHash());
        Block block = Block.of(sealed, txs, lastCommit);
        // the draft was executed, so its changes name the draft's hash as the last block: name the sealed block
        // instead (the state root is unaffected: it does not commit to the last block hash)
        StateChanges c = applied.changes();
        ChainState chain = c.chain().withBlock(height, block.hash(), c.chain().lastTimestampMillis(), c.chain().beacon());
        StateChanges fixed = new StateChanges(c.accounts(), c.evidence(), chain, c.stateRoot(), c.newTreeNodes(),
                c.staleTreeNodes());
        return new Built(block, new BlockOutcome.Applied(fixed, applied.receipts()));
    }
}
