package org.stakechain.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stakechain.consensus.protection.InMemorySlashingProtection;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.PublicKey;
import org.stakechain.crypto.Signature;
import org.stakechain.ledger.BlockBuilder;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.VerifiedSignatures;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.SignedProposal;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.LedgerState;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/** The engine checks proposals with what its transaction source verified: a signature it did not verify is checked. */
class ProposalSignatureTest {
    private final Genesis genesis = ConsensusFixtures.genesisWithStakes(100, 100, 100, 100);
    private final ChainParams params = genesis.params();
    private final MemoryLedgerState state = genesis.initialState();
    private final long t0 = genesis.genesisTimeMillis() + params.slotMillis();
    private final List<KeyPair> keys = List.of(ConsensusFixtures.key("v0"), ConsensusFixtures.key("v1"),
            ConsensusFixtures.key("v2"), ConsensusFixtures.key("v3"));

    private KeyPair forger() {
        PublicKey pk = org.stakechain.consensus.lottery.ForgerLottery.forgerOf(state.chain(), 1, 0).forger().publicKey();
        return keys.stream().filter(k -> k.publicKey().equals(pk)).findFirst().orElseThrow();
    }

    private KeyPair attestor() {
        return keys.stream().filter(k -> !k.equals(forger())).findFirst().orElseThrow();
    }

    /** A source with no candidates that knows the given hashes as verified. */
    private static TransactionSource knowing(VerifiedSignatures known) {
        return new TransactionSource() {
            @Override
            public List<Transaction> candidates(LedgerState s) {
                return List.of();
            }

            @Override
            public VerifiedSignatures verifiedSignatures() {
                return known;
            }
        };
    }

    private Transaction good() {
        KeyPair sender = attestor();
        return Transaction.sign(params.chainId(), sender, 0, params.minimumFee(),
                new TxPayload.Transfer(forger().address(), 1));
    }

    private static Transaction forgedTwinOf(Transaction good) {
        byte[] sig = good.signature().bytes();
        sig[5] ^= 0x40;
        return Transaction.of(good.chainId(), good.sender(), good.nonce(), good.fee(), good.payload(), Signature.wrap(sig));
    }

    /** The drawn forger's proposal carrying {@code tx} (built as if tx had verified, with a correct state root). */
    private ConsensusMessage.Proposal proposalWith(Transaction tx) {
        Block block = BlockBuilder.build(params, state, forger(), 0, t0, List.of(tx), Optional.empty(),
                Set.of(tx.hash())::contains).block();
        assertThat(block.transactions()).containsExactly(tx);
        return new ConsensusMessage.Proposal(block, SignedProposal.sign(params.chainId(), 1, 0, block.hash(), -1, forger()));
    }

    private Reaction offer(ConsensusMessage.Proposal p, VerifiedSignatures known) {
        ConsensusEngine engine = new ConsensusEngine(params, Optional.of(attestor()), state,
                new InMemorySlashingProtection(), knowing(known));
        engine.start(t0);
        return engine.onMessage(p, t0);
    }

    private static boolean attestsBlock(Reaction r, Block b) {
        return r.actions().stream().anyMatch(a -> a instanceof Action.Broadcast br
                && br.message() instanceof ConsensusMessage.VoteMessage v && v.vote().kind() == VoteKind.ATTEST
                && v.vote().blockHash().equals(Optional.of(b.hash())));
    }

    @Test
    void aProposalWithAnUnverifiedBadSignatureIsRejectedEvenWhenItsTwinVerifiedHere() {
        Transaction good = good();
        ConsensusMessage.Proposal bad = proposalWith(forgedTwinOf(good));
        Reaction r = offer(bad, Set.of(good.hash())::contains);
        assertThat(r.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(attestsBlock(r, bad.block())).isFalse();
    }

    @Test
    void aProposalOfVerifiedTransactionsIsAttested() {
        Transaction good = good();
        ConsensusMessage.Proposal p = proposalWith(good);
        assertThat(attestsBlock(offer(p, Set.of(good.hash())::contains), p.block())).isTrue();
        assertThat(attestsBlock(offer(p, VerifiedSignatures.NONE), p.block())).isTrue();
    }
}
