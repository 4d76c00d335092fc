package org.stakechain.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.BlockBuilder;
import org.stakechain.ledger.BlockOutcome;
import org.stakechain.ledger.StateTransition;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.LedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.validators.Validator;
import org.stakechain.testing.TestData;

/**
 * Drives a chain on a {@link ChainStore} without consensus, the way a node would after a decision: forge on the
 * store's head state, certify with every validator's CONFIRM, commit. Works from whatever head the store has,
 * so a restarted process continues where the killed one stopped.
 */
final class ChainDriver {
    static final long GENESIS_TIME = 1_700_000_000_000L;
    static final List<String> ACCOUNTS = List.of("charles", "edwin", "oliver", "sonia", "erick", "treasury");

    private final ChainParams params;
    private final List<KeyPair> validatorKeys = new ArrayList<>();
    private final List<KeyPair> accounts = new ArrayList<>();
    private final TestData data;

    ChainDriver(long seed) {
        this.params = ChainParams.defaults(DemoGenesis.CHAIN_ID);
        // any funded account may stake and register, so any of them may end up forging and confirming
        ACCOUNTS.forEach(n -> accounts.add(DemoGenesis.key(n)));
        validatorKeys.addAll(accounts);
        this.data = new TestData(seed);
    }

    static Genesis genesis() {
        return DemoGenesis.create(ChainParams.defaults(DemoGenesis.CHAIN_ID), GENESIS_TIME);
    }

    ChainParams params() {
        return params;
    }

    /** A seeded mix of every kind of transaction (some failing), valid against {@code state}. */
    List<Transaction> transactions(LedgerState state, int count) {
        return data.transactions(params, state, accounts, count);
    }

    /** Forges the next block on the store's head with {@code count} seeded transactions and commits it. */
    Block commitNext(ChainStore store, int count) {
        try (HeadState pre = store.headState()) {
            return commitNext(store, pre, transactions(pre, count));
        }
    }

    Block commitNext(ChainStore store, HeadState pre, List<Transaction> txs) {
        Optional<CommitCertificate> last = pre.height() == 0 ? Optional.empty() : store.certificate(pre.height());
        Block block = BlockBuilder.build(params, pre, forger(pre), 0,
                pre.chain().lastTimestampMillis() + params.slotMillis(), txs, last).block();
        // Applied again rather than taken from BlockBuilder.Built: the outcome there was computed on the draft
        // header, so its chain state names the draft's hash, not the sealed block's (the store refuses that).
        BlockOutcome.Applied applied = (BlockOutcome.Applied) StateTransition.apply(params, pre, block);
        store.commit(block, certify(pre, block), applied.changes(), applied.receipts());
        return block;
    }

    /** As {@link #commitNext(ChainStore, int)}, with the view of the head closed before the commit. */
    Block commitNextWithNoViewOpen(ChainStore store, int count) {
        Block block;
        CommitCertificate certificate;
        BlockOutcome.Applied applied;
        try (HeadState pre = store.headState()) {
            Optional<CommitCertificate> last = pre.height() == 0 ? Optional.empty() : store.certificate(pre.height());
            block = BlockBuilder.build(params, pre, forger(pre), 0,
                    pre.chain().lastTimestampMillis() + params.slotMillis(), transactions(pre, count), last).block();
            applied = (BlockOutcome.Applied) StateTransition.apply(params, pre, block);
            certificate = certify(pre, block);
        }
        store.commit(block, certificate, applied.changes(), applied.receipts());
        return block;
    }

    KeyPair forger(LedgerState state) {
        Validator first = state.chain().validators().validators().get(0);
        return validatorKeys.stream().filter(k -> k.publicKey().equals(first.publicKey())).findFirst().orElseThrow();
    }

    /** CONFIRMs from every validator of the block's height. */
    CommitCertificate certify(LedgerState pre, Block block) {
        List<Vote> confirms = new ArrayList<>();
        for (Validator v : pre.chain().validators().validators()) {
            for (KeyPair k : validatorKeys) {
                if (k.publicKey().equals(v.publicKey())) {
                    confirms.add(Vote.sign(VoteKind.CONFIRM, params.chainId(), block.height(), block.header().round(),
                            Optional.of(block.hash()), k));
                }
            }
        }
        return CommitCertificate.fromVotes(block.height(), block.header().round(), block.hash(), confirms);
    }
}
