package org.stakechain.node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.BlockOutcome;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.StateTransition;
import org.stakechain.ledger.VerifiedSignatures;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.state.LedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.validators.ValidatorSet;
import org.stakechain.mempool.SignatureCheck;
import org.stakechain.mempool.SignatureVerifiers;

/**
 * How a catching-up node replays final blocks from a peer: first every transaction signature of the batch is
 * checked in parallel ({@link #verifyAhead}), then each block in order is checked against its certificate and
 * applied with those answers ({@link #replay}), so the one-thread part does no signature work but the
 * certificates'. Stateless; {@link Node} stores what replays.
 */
final class SyncReplay {

    private SyncReplay() {
    }

    /** Either the block's outcome, or why it cannot be final here. */
    sealed interface Result permits Applied, Refused {
    }

    record Applied(BlockOutcome.Applied outcome) implements Result {
    }

    record Refused(String reason) implements Result {
    }

    /**
     * The good signatures among the batch's transactions not already {@code known}, checked in parallel. Kept
     * apart from the mempool's cache, which a long batch would flush. Bad ones are left out: the replay checks
     * them again and refuses their block.
     */
    static VerifiedSignatures verifyAhead(List<ConsensusMessage.Decided> decided, VerifiedSignatures known,
                                          SignatureVerifiers verifiers) {
        List<Transaction> unknown = new ArrayList<>();
        for (ConsensusMessage.Decided d : decided) {
            for (Transaction tx : d.block().transactions()) {
                if (!known.contains(tx.hash())) {
                    unknown.add(tx);
                }
            }
        }
        if (unknown.isEmpty()) {
            return known;
        }
        boolean[] valid = verifiers.verifyAll(unknown, SignatureCheck.ED25519);
        Set<Hash> good = new HashSet<>(unknown.size() * 2);
        for (int i = 0; i < valid.length; i++) {
            if (valid[i]) {
                good.add(unknown.get(i).hash());
            }
        }
        VerifiedSignatures ahead = good::contains;
        return known.or(ahead);
    }

    /**
     * One final block on {@code state}: it must follow the state's last block, carry a certificate of the
     * finality threshold of its height's validator set, and apply; signatures in {@code known} are not checked
     * again.
     */
    static Result replay(ChainParams params, LedgerState state, Block block, CommitCertificate certificate,
                         VerifiedSignatures known) {
        Optional<String> problem = problem(params, state, block, certificate);
        if (problem.isPresent()) {
            return new Refused(problem.get());
        }
        BlockOutcome outcome = StateTransition.apply(params, state, block, known);
        if (outcome instanceof BlockOutcome.Rejected rejected) {
            return new Refused("does not apply: " + rejected.reason());
        }
        return new Applied((BlockOutcome.Applied) outcome);
    }

    private static Optional<String> problem(ChainParams params, LedgerState state, Block block,
                                            CommitCertificate certificate) {
        if (!block.header().chainId().equals(params.chainId())) {
            return Optional.of("block of chain " + block.header().chainId());
        }
        if (certificate.height() != block.height() || !certificate.blockHash().equals(block.hash())) {
            return Optional.of("the certificate is for " + certificate.height() + "/" + certificate.blockHash().shortHex()
                    + ", not this block");
        }
        Hash head = state.chain().lastBlockHash();
        if (!block.header().previousHash().equals(head)) {
            return Optional.of("it does not follow our head " + head.shortHex());
        }
        if (block.height() != state.chain().height() + 1) {
            return Optional.of("height " + block.height() + " does not follow " + state.chain().height());
        }
        ValidatorSet validators = state.chain().validatorsAt(params, block.height());
        if (certificate.verify(params, validators) instanceof CommitCertificate.Invalid invalid) {
            return Optional.of("invalid certificate: " + invalid.reason());
        }
        return Optional.empty();
    }
}
