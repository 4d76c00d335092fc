package org.stakechain.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.block.SignedProposal;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.state.LedgerState;
import org.stakechain.ledger.tx.SlashingEvidence;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/**
 * Seeded generator of ledger values: one seed, one sequence of keys, transactions and evidence, so any failing
 * case replays exactly. Transactions are drawn to be a mix of valid and failing payloads.
 */
public final class TestData {
    private final SplittableRandom random;

    public TestData(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public SplittableRandom random() {
        return random;
    }

    public Hash hash() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Hash.wrap(b);
    }

    public KeyPair keyPair() {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        return KeyPair.fromSeed(seed);
    }

    public <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** An amount up to {@code maxCoins}, sometimes with sub-coin units. */
    public long amount(long maxCoins) {
        long units = 1 + random.nextLong(Coins.of(maxCoins));
        return random.nextInt(4) == 0 ? units : Math.max(1, units / Coins.UNITS_PER_COIN) * Coins.UNITS_PER_COIN;
    }

    /** A signed transaction from {@code from} with its next nonce on {@code state}: any of the five kinds. */
    public Transaction transaction(ChainParams params, LedgerState state, KeyPair from, List<KeyPair> others,
                                   long nonceOffset) {
        long nonce = state.account(from.address()).nonce() + nonceOffset;
        long fee = params.minimumFee() + random.nextInt(1_000);
        int kind = random.nextInt(20);
        TxPayload payload;
        if (kind < 12) {
            Address to = random.nextInt(10) == 0 ? keyPair().address() : pick(others).address();
            payload = new TxPayload.Transfer(to, amount(random.nextInt(8) == 0 ? 5_000 : 50));
        } else if (kind < 15) {
            payload = new TxPayload.Stake(amount(random.nextInt(4) == 0 ? 500 : 150));
        } else if (kind < 17) {
            payload = new TxPayload.Unstake(amount(100));
        } else if (kind < 19) {
            payload = new TxPayload.RegisterValidator();
        } else {
            payload = new TxPayload.SlashEvidence(evidence(params, state, pick(others)));
        }
        return Transaction.sign(params.chainId(), from, nonce, fee, payload);
    }

    /** Evidence that {@code offender} double-voted at a recent height (valid only if it is a validator there). */
    public SlashingEvidence evidence(ChainParams params, LedgerState state, KeyPair offender) {
        long height = Math.max(1, state.chain().height() - random.nextInt(3));
        int round = random.nextInt(3);
        if (random.nextBoolean()) {
            VoteKind kind = random.nextBoolean() ? VoteKind.ATTEST : VoteKind.CONFIRM;
            Vote a = Vote.sign(kind, params.chainId(), height, round, Optional.of(hash()), offender);
            Vote b = Vote.sign(kind, params.chainId(), height, round, random.nextBoolean() ? Optional.empty()
                    : Optional.of(hash()), offender);
            return SlashingEvidence.of(a, b);
        }
        SignedProposal a = SignedProposal.sign(params.chainId(), height, round, hash(), -1, offender);
        SignedProposal b = SignedProposal.sign(params.chainId(), height, round, hash(), -1, offender);
        return SlashingEvidence.of(a, b);
    }

    public List<Transaction> transactions(ChainParams params, LedgerState state, List<KeyPair> accounts, int count) {
        List<Transaction> txs = new ArrayList<>();
        java.util.Map<KeyPair, Long> offsets = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
            KeyPair from = pick(accounts);
            long offset = offsets.merge(from, 1L, Long::sum) - 1;
            if (random.nextInt(30) == 0) {
                offset = random.nextInt(3) == 0 ? offset + 2 : Math.max(0, offset - 1); // a gap or a replay
            }
            txs.add(transaction(params, state, from, accounts, offset));
        }
        return txs;
    }
}
