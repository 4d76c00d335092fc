package org.stakechain.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.PublicKey;
import org.stakechain.ledger.BlockBuilder;
import org.stakechain.ledger.BlockOutcome;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.StateTransition;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.validators.Validator;

/**
 * A chain driven by hand, without consensus: forge a block, apply it, and certify it with CONFIRMs from every
 * validator of its height. For ledger tests; the consensus simulator does the real thing.
 */
public final class TestChain {
    private final ChainParams params;
    private final Map<PublicKey, KeyPair> keys = new HashMap<>();
    private MemoryLedgerState state;
    private Optional<CommitCertificate> lastCertificate = Optional.empty();
    private final List<Block> blocks = new ArrayList<>();

    public TestChain(Genesis genesis, List<KeyPair> validatorKeys) {
        this.params = genesis.params();
        validatorKeys.forEach(k -> keys.put(k.publicKey(), k));
        this.state = genesis.initialState();
    }

    public static TestChain demo() {
        return demo(ChainParams.defaults(DemoGenesis.CHAIN_ID));
    }

    public static TestChain demo(ChainParams params) {
        List<KeyPair> keys = new ArrayList<>();
        for (String name : DemoGenesis.VALIDATORS) {
            keys.add(DemoGenesis.key(name));
        }
        return new TestChain(DemoGenesis.create(params, 1_700_000_000_000L), keys);
    }

    public ChainParams params() {
        return params;
    }

    public MemoryLedgerState state() {
        return state;
    }

    public List<Block> blocks() {
        return blocks;
    }

    public Optional<CommitCertificate> lastCertificate() {
        return lastCertificate;
    }

    public void addKey(KeyPair key) {
        keys.put(key.publicKey(), key);
    }

    /** The first active validator we hold a key for forges. */
    public KeyPair defaultForger() {
        for (Validator v : state.chain().validators().validators()) {
            KeyPair k = keys.get(v.publicKey());
            if (k != null) {
                return k;
            }
        }
        throw new IllegalStateException("no key for any active validator");
    }

    public Block forge(List<Transaction> txs) {
        return forge(defaultForger(), txs);
    }

    public Block forge(KeyPair forger, List<Transaction> txs) {
        return build(forger, txs).block();
    }

    /** The builder's block and the outcome it computed for it. */
    public BlockBuilder.Built build(KeyPair forger, List<Transaction> txs) {
        return BlockBuilder.build(params, state, forger, 0, state.chain().lastTimestampMillis() + params.slotMillis(),
                txs, lastCertificate);
    }

    /** Applies a block built elsewhere; certifies it with every validator's CONFIRM if it is valid. */
    public BlockOutcome apply(Block block) {
        BlockOutcome outcome = StateTransition.apply(params, state, block);
        if (outcome instanceof BlockOutcome.Applied applied) {
            List<Vote> confirms = new ArrayList<>();
            for (Validator v : state.chain().validators().validators()) {
                KeyPair k = keys.get(v.publicKey());
                if (k != null) {
                    confirms.add(Vote.sign(VoteKind.CONFIRM, params.chainId(), block.height(), block.header().round(),
                            Optional.of(block.hash()), k));
                }
            }
            lastCertificate = Optional.of(CommitCertificate.fromVotes(block.height(), block.header().round(), block.hash(), confirms));
            state = state.apply(applied.changes());
            blocks.add(block);
        }
        return outcome;
    }

    /** Forges and applies; fails the test if the block is rejected. */
    public BlockOutcome.Applied next(List<Transaction> txs) {
        BlockOutcome outcome = apply(forge(txs));
        if (outcome instanceof BlockOutcome.Rejected r) {
            throw new AssertionError("block rejected: " + r.reason());
        }
        return (BlockOutcome.Applied) outcome;
    }

    public BlockOutcome.Applied next(Transaction... txs) {
        return next(List.of(txs));
    }
}
