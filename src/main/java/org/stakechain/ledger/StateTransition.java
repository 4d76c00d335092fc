package org.stakechain.ledger;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Ed25519;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.PublicKey;
import org.stakechain.crypto.Signature;
import org.stakechain.crypto.SigningDomain;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.BlockHeader;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.state.ChainState;
import org.stakechain.ledger.state.LedgerState;
import org.stakechain.ledger.state.StateChanges;
import org.stakechain.ledger.state.StateCommitment;
import org.stakechain.ledger.state.TreeUpdate;
import org.stakechain.ledger.tx.SlashingEvidence;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.ledger.validators.Validator;
import org.stakechain.ledger.validators.ValidatorSet;

/**
 * The state transition: {@code (state, block) -> changes + receipts}, or the reason the block is invalid.
 * Pure: no I/O, no clock, no randomness; two nodes applying one block to one state get the same root.
 *
 * <p>A block is invalid (rejected whole) when its header does not follow the chain, its beacon reveal or
 * previous-block certificate does not verify, or any transaction could never be included: wrong chain, bad
 * signature, fee below the minimum, nonce not exactly the next, or a fee the sender cannot pay. A transaction
 * that is includable but whose payload cannot take effect (an overdraft, a stake below the minimum, stale
 * evidence) fails on its own: its fee is paid, its nonce used, and its receipt says why.
 */
public final class StateTransition {

    private StateTransition() {
    }

    /** Applies {@code block} on {@code pre} and checks the header's state root against the result. */
    public static BlockOutcome apply(ChainParams params, LedgerState pre, Block block) {
        return apply(params, pre, block, VerifiedSignatures.NONE);
    }

    /**
     * As {@link #apply(ChainParams, LedgerState, Block)}, verifying only the signatures of transactions not in
     * {@code known}: a node verifies each transaction's signature once (at admission, or ahead on other threads)
     * and block validation reuses the answer. Every other check still runs.
     */
    public static BlockOutcome apply(ChainParams params, LedgerState pre, Block block, VerifiedSignatures known) {
        return run(params, pre, block, true, known);
    }

    /**
     * Executes {@code block} without checking its state root (how the forger's builder learns the root to seal
     * into the header) and without re-verifying signatures: its transactions are those {@link #selectIncludable}
     * just chose and verified. Package-private so nothing else can skip either check.
     */
    static BlockOutcome executeSelected(ChainParams params, LedgerState pre, Block block) {
        return run(params, pre, block, false, ALL_VERIFIED);
    }

    /** Only for {@link #executeSelected}: its transactions were verified by the selection just before. */
    private static final VerifiedSignatures ALL_VERIFIED = txHash -> true;

    /**
     * The candidates that can go into the next block, in the given order: each is checked against the state
     * as the ones before it leave it, and skipped if it could never be included (so the block is valid).
     */
    public static List<Transaction> selectIncludable(ChainParams params, LedgerState pre, List<Transaction> candidates) {
        return selectIncludable(params, pre, candidates, VerifiedSignatures.NONE);
    }

    /**
     * As above, verifying only the signatures not in {@code known} (a mempool verified its entries on admission).
     * Assembly is bounded: at most {@code maxBlockTransactions} are taken, and at most that many candidates
     * beyond them are examined, so a pool full of unincludable entries cannot keep the forger busy.
     */
    public static List<Transaction> selectIncludable(ChainParams params, LedgerState pre, List<Transaction> candidates,
                                                     VerifiedSignatures known) {
        Work work = new Work(params, pre, pre.chain().height() + 1,
                Math.min(candidates.size(), params.maxBlockTransactions()));
        return select(params, work, candidates, known, new ArrayList<>());
    }

    /**
     * The selection loop: {@code work} runs each candidate that can be included, in order, and skips the rest;
     * their receipts go to {@code receipts}. Returns the chosen transactions.
     */
    private static List<Transaction> select(ChainParams params, Work work, List<Transaction> candidates,
                                            VerifiedSignatures known, List<Receipt> receipts) {
        List<Transaction> chosen = new ArrayList<>();
        long bytes = 0;
        int skipped = 0;
        for (Transaction tx : candidates) {
            if (chosen.size() >= params.maxBlockTransactions() || skipped >= params.maxBlockTransactions()) {
                break;
            }
            if (bytes + tx.encodedSize() > params.maxBlockBytes()) {
                skipped++;
                continue;
            }
            Address from = tx.senderAddress();
            if (work.checkIncludable(tx, from, known) != null) {
                skipped++;
                continue;
            }
            receipts.add(work.applyIncludable(tx, from));
            chosen.add(tx);
            bytes += tx.encodedSize();
        }
        return chosen;
    }

    /** What the forger's single pass gives: the transactions it chose and what executing them (and the rest) does. */
    record Forged(List<Transaction> transactions, BlockOutcome.Applied outcome) {
    }

    /**
     * The forger's side in one pass: selects the includable candidates and executes them as it goes (the same
     * checks, in the same order, on the same state as {@link #selectIncludable} then {@link #run} would), then
     * pays the rewards and computes the state root. The returned chain state names {@link Hash#ZERO} as the last
     * block: the block's hash is known only once the header carries the root, and the builder names it then.
     */
    static Forged forge(ChainParams params, LedgerState pre, List<Transaction> candidates, VerifiedSignatures known,
                        PublicKey forger, long timestampMillis, Signature reveal,
                        Optional<CommitCertificate> lastCommit) {
        ChainState chain = pre.chain();
        long height = chain.height() + 1;
        Work work = new Work(params, pre, height, Math.min(candidates.size(), params.maxBlockTransactions()));
        List<Receipt> receipts = new ArrayList<>();
        List<Transaction> chosen = select(params, work, candidates, known, receipts);
        long fees = 0;
        for (Transaction tx : chosen) {
            fees = Math.addExact(fees, tx.fee());
        }
        return new Forged(chosen, finish(params, pre, work, height, Hash.ZERO, timestampMillis, reveal, forger, fees,
                lastCommit, receipts));
    }

    /** What a forger signs into its block header: its deterministic signature over the height. */
    public static byte[] beaconRevealPayload(String chainId, long height) {
        return SigningDomain.BEACON_REVEAL.payload(chainId, new CanonicalWriter(8).u64(height).toByteArray());
    }

    /** The next link of the beacon's hash chain. */
    public static Hash nextBeacon(Hash beacon, Signature reveal) {
        return Hash.of(beacon.bytes(), reveal.bytes());
    }

    private static BlockOutcome run(ChainParams params, LedgerState pre, Block block, boolean checkStateRoot,
                                    VerifiedSignatures known) {
        ChainState chain = pre.chain();
        BlockHeader header = block.header();
        long height = header.height();

        String headerProblem = checkHeader(params, chain, block, known);
        if (headerProblem != null) {
            return new BlockOutcome.Rejected(headerProblem);
        }

        List<Transaction> txs = block.transactions();
        Work work = new Work(params, pre, height, txs.size());
        List<Receipt> receipts = new ArrayList<>(txs.size());
        long fees = 0;
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            Address from = tx.senderAddress(); // a SHA-256 of the key each time it is asked: once per transaction
            String problem = work.checkIncludable(tx, from, known);
            if (problem != null) {
                return new BlockOutcome.Rejected("transaction " + i + " (" + tx.hash().shortHex() + "): " + problem);
            }
            receipts.add(work.applyIncludable(tx, from));
            fees = Math.addExact(fees, tx.fee());
        }

        BlockOutcome.Applied applied = finish(params, pre, work, height, block.hash(), header.timestampMillis(),
                header.beaconReveal(), header.forger(), fees, block.lastCommit(), receipts);
        if (checkStateRoot && !applied.changes().stateRoot().equals(header.stateRoot())) {
            return new BlockOutcome.Rejected("state root mismatch: header says " + header.stateRoot().shortHex()
                    + ", executing the block gives " + applied.changes().stateRoot().shortHex());
        }
        return applied;
    }

    /** After the transactions: rewards, the chain's new head (and epoch), and the state root. */
    private static BlockOutcome.Applied finish(ChainParams params, LedgerState pre, Work work, long height,
                                               Hash blockHash, long timestampMillis, Signature reveal,
                                               PublicKey forger, long fees, Optional<CommitCertificate> lastCommit,
                                               List<Receipt> receipts) {
        ChainState chain = pre.chain();
        work.payRewards(forger, fees, lastCommit, chain.validatorsAt(params, Math.max(1, height - 1)));
        ChainState next = work.chain.withBlock(height, blockHash, timestampMillis, nextBeacon(chain.beacon(), reveal));
        if (params.isEpochEnd(height)) {
            next = next.withNextEpoch(work.nextValidatorSet(next));
        }
        TreeUpdate commitment = StateCommitment.update(pre, work.accounts, work.newEvidence, next);
        return new BlockOutcome.Applied(new StateChanges(work.accounts, work.newEvidence, next, commitment.root(),
                commitment.newNodes(), commitment.staleNodes()), receipts);
    }

    /** Null when {@code block}'s header (and size, roots, certificate) may follow {@code chain}; else why not. */
    static String checkHeader(ChainParams params, ChainState chain, Block block, VerifiedSignatures known) {
        BlockHeader header = block.header();
        long height = header.height();
        if (!header.chainId().equals(params.chainId())) {
            return "block is for chain " + header.chainId() + ", this is " + params.chainId();
        }
        if (height != chain.height() + 1) {
            return "block height " + height + " does not follow " + chain.height();
        }
        if (!header.previousHash().equals(chain.lastBlockHash())) {
            return "previous hash " + header.previousHash().shortHex() + " is not the last block "
                    + chain.lastBlockHash().shortHex();
        }
        if (header.timestampMillis() <= chain.lastTimestampMillis()) {
            return "timestamp " + header.timestampMillis() + " not after the previous block's " + chain.lastTimestampMillis();
        }
        if (!chain.validators().contains(header.forger())) {
            return "forger " + header.forger().address() + " is not an active validator";
        }
        if (!Ed25519.verify(header.forger(), beaconRevealPayload(params.chainId(), height), header.beaconReveal())) {
            return "beacon reveal is not the forger's signature over the height";
        }
        if (block.transactions().size() > params.maxBlockTransactions()) {
            return block.transactions().size() + " transactions, above the limit " + params.maxBlockTransactions();
        }
        long bytes = 0;
        for (Transaction tx : block.transactions()) {
            bytes += tx.encodedSize();
        }
        if (bytes > params.maxBlockBytes()) {
            return "transactions take " + bytes + " bytes, above the limit " + params.maxBlockBytes();
        }
        if (!block.computedTxRoot().equals(header.txRoot())) {
            return "transaction root does not match the transactions";
        }
        if (!Block.lastCommitHashOf(block.lastCommit()).equals(header.lastCommitHash())) {
            return "last commit hash does not match the certificate carried";
        }
        if (height == 1) {
            return block.lastCommit().isPresent() ? "the first block carries no previous certificate" : null;
        }
        if (block.lastCommit().isEmpty()) {
            return "missing the certificate of block " + (height - 1);
        }
        CommitCertificate last = block.lastCommit().get();
        if (last.height() != height - 1 || !last.blockHash().equals(chain.lastBlockHash())) {
            return "carried certificate is not for the previous block";
        }
        if (last.verify(params, chain.validatorsAt(params, height - 1), c -> known.containsConfirmation(last, c))
                instanceof CommitCertificate.Invalid invalid) {
            return "previous block's certificate: " + invalid.reason();
        }
        return null;
    }

    /** The accounts and chain state as the block's transactions change them, in order. */
    private static final class Work {
        private final ChainParams params;
        private final LedgerState pre;
        private final long height;
        private final Map<Address, Account> accounts;
        private final Set<Hash> newEvidence = new HashSet<>();
        private ChainState chain;

        /** {@code transactions}: about how many will run, so the touched-accounts map is sized once. */
        Work(ChainParams params, LedgerState pre, long height, int transactions) {
            this.params = params;
            this.pre = pre;
            this.height = height;
            this.chain = pre.chain();
            // a transfer touches two accounts; the rewards touch the forger and the attestors
            this.accounts = new LinkedHashMap<>((int) Math.min(1 << 24, (2L * transactions + 32) * 4 / 3 + 1));
        }

        /** Reading an account releases its matured unbonding entries: lazily, so no block scans all accounts. */
        Account account(Address address) {
            Account a = accounts.get(address);
            if (a == null) {
                a = pre.account(address);
            }
            return a.released(height);
        }

        void put(Address address, Account account) {
            accounts.put(address, account);
        }

        /** Null when the transaction may be in a block; else why it never may. */
        String checkIncludable(Transaction tx, Address from, VerifiedSignatures known) {
            if (!tx.chainId().equals(params.chainId())) {
                return "signed for chain " + tx.chainId() + ", this is " + params.chainId();
            }
            if (tx.fee() < params.minimumFee()) {
                return "fee " + tx.fee() + " below the minimum " + params.minimumFee();
            }
            Account sender = account(from);
            if (tx.nonce() != sender.nonce()) {
                return "nonce " + tx.nonce() + " but the sender's next nonce is " + sender.nonce()
                        + (tx.nonce() < sender.nonce() ? " (a replay)" : " (a gap)");
            }
            if (sender.balance() < tx.fee()) {
                return "sender balance " + sender.balance() + " cannot pay the fee " + tx.fee();
            }
            // last: the only expensive check, skipped for a transaction (hash covers signature) verified here before
            if (!known.contains(tx.hash()) && !tx.verifySignature()) {
                return "signature does not verify";
            }
            return null;
        }

        /** Charges the fee, uses the nonce, then applies the payload or records why it failed. */
        Receipt applyIncludable(Transaction tx, Address from) {
            Account sender = account(from);
            put(from, sender.withBalance(sender.balance() - tx.fee()).withNextNonce());
            TxPayload payload = tx.payload();
            String failure;
            if (payload instanceof TxPayload.Transfer t) {
                failure = transfer(from, t);
            } else if (payload instanceof TxPayload.Stake s) {
                failure = stake(from, s.amount());
            } else if (payload instanceof TxPayload.Unstake u) {
                failure = unstake(from, u.amount());
            } else if (payload instanceof TxPayload.RegisterValidator) {
                failure = register(tx.sender());
            } else {
                failure = slash(from, ((TxPayload.SlashEvidence) payload).evidence());
            }
            return failure == null ? Receipt.success(tx.hash()) : Receipt.failed(tx.hash(), failure);
        }

        private String transfer(Address from, TxPayload.Transfer t) {
            Account sender = account(from);
            if (sender.balance() < t.amount()) {
                return "insufficient balance: " + Coins.format(sender.balance()) + " available, "
                        + Coins.format(t.amount()) + " to send";
            }
            put(from, sender.withBalance(sender.balance() - t.amount()));
            Account recipient = account(t.to());
            put(t.to(), recipient.credit(t.amount()));
            return null;
        }

        private String stake(Address from, long amount) {
            Account a = account(from);
            if (a.jailed()) {
                return "a jailed validator cannot stake";
            }
            if (a.balance() < amount) {
                return "insufficient balance to stake: " + Coins.format(a.balance()) + " available, "
                        + Coins.format(amount) + " to stake";
            }
            put(from, a.withStake(a.balance() - amount, Math.addExact(a.staked(), amount)));
            return null;
        }

        private String unstake(Address from, long amount) {
            Account a = account(from);
            if (a.staked() < amount) {
                return "cannot unstake " + Coins.format(amount) + ": " + Coins.format(a.staked()) + " staked";
            }
            if (a.unbonding().size() >= Account.MAX_UNBONDING_ENTRIES) {
                return "too many unbonding entries (" + Account.MAX_UNBONDING_ENTRIES + "); wait for some to release";
            }
            List<Unbonding> entries = new ArrayList<>(a.unbonding());
            entries.add(new Unbonding(amount, Math.addExact(height, params.unbondingPeriod())));
            put(from, a.withUnbonding(a.staked() - amount, entries));
            return null;
        }

        private String register(PublicKey key) {
            Address address = key.address();
            Account a = account(address);
            if (a.validator()) {
                return "already registered as a validator";
            }
            if (a.jailed()) {
                return "jailed for equivocation; cannot register again";
            }
            if (a.staked() < params.minimumStake()) {
                return "stake at least " + Coins.format(params.minimumStake()) + " coins before registering; "
                        + Coins.format(a.staked()) + " staked";
            }
            if (a.balance() < params.validatorFee()) {
                return "the validator fee is " + Coins.format(params.validatorFee()) + " coins; balance "
                        + Coins.format(a.balance());
            }
            if (chain.registry().size() >= ChainState.MAX_REGISTRY) {
                return "the validator registry is full (" + ChainState.MAX_REGISTRY + ")";
            }
            put(address, a.withBalance(a.balance() - params.validatorFee()).registered());
            chain = chain.withRegistered(key).withSupply(chain.minted(), Math.addExact(chain.burned(), params.validatorFee()));
            return null;
        }

        private String slash(Address reporter, SlashingEvidence evidence) {
            Hash id = evidence.id();
            if (pre.hasEvidence(id) || newEvidence.contains(id)) {
                return "evidence already used";
            }
            // evidence from this very height is fine (its validator set is known); only the future is not
            if (evidence.height() > height) {
                return "evidence is for height " + evidence.height() + ", after this block";
            }
            if (evidence.height() < height - params.evidenceMaxAge()) {
                return "evidence from height " + evidence.height() + " is stale (older than "
                        + params.evidenceMaxAge() + " blocks)";
            }
            if (!evidence.isValid(params.chainId())) {
                return "evidence is not two conflicting messages validly signed by one key";
            }
            if (!chain.knowsValidatorsAt(params, evidence.height())
                    || !chain.validatorsAt(params, evidence.height()).contains(evidence.offender())) {
                return "offender was not a validator at height " + evidence.height();
            }
            Address offenderAddress = evidence.offender().address();
            Account offender = account(offenderAddress);
            if (offender.jailed()) {
                return "offender is already slashed and jailed";
            }
            int bps = params.slashFractionBps();
            long slashedStake = ChainParams.share(offender.staked(), bps);
            long total = slashedStake;
            List<Unbonding> entries = new ArrayList<>();
            for (Unbonding u : offender.unbonding()) {
                long cut = ChainParams.share(u.amount(), bps);
                total = Math.addExact(total, cut);
                if (u.amount() - cut > 0) {
                    entries.add(new Unbonding(u.amount() - cut, u.releaseHeight()));
                }
            }
            put(offenderAddress, offender.slashedAndJailed(offender.staked() - slashedStake, entries, total));
            long finderFee = ChainParams.share(total, params.finderFeeBps());
            put(reporter, account(reporter).credit(finderFee));
            chain = chain.withSupply(chain.minted(), Math.addExact(chain.burned(), total - finderFee));
            newEvidence.add(id);
            return null;
        }

        /**
         * The forger gets the fees and the block reward less the attestors' share; the attestors whose
         * confirmations certify the previous block share that part in proportion to their stake. Rounding
         * dust goes to the forger, so exactly {@code blockReward} is minted.
         */
        void payRewards(PublicKey forger, long fees, Optional<CommitCertificate> lastCommit, ValidatorSet lastSet) {
            long reward = params.blockReward();
            long toForger = Math.addExact(fees, reward);
            if (lastCommit.isPresent() && reward > 0) {
                long pool = ChainParams.share(reward, params.attestorRewardBps());
                long signedStake = 0;
                for (CommitCertificate.Confirmation c : lastCommit.get().confirmations()) {
                    signedStake = Math.addExact(signedStake, lastSet.stakeOf(c.validator()));
                }
                long paid = 0;
                for (CommitCertificate.Confirmation c : lastCommit.get().confirmations()) {
                    long part = BigInteger.valueOf(pool).multiply(BigInteger.valueOf(lastSet.stakeOf(c.validator())))
                            .divide(BigInteger.valueOf(signedStake)).longValueExact();
                    Address a = c.validator().address();
                    put(a, account(a).credit(part));
                    paid = Math.addExact(paid, part);
                }
                toForger = Math.subtractExact(toForger, paid);
            }
            Address forgerAddress = forger.address();
            put(forgerAddress, account(forgerAddress).credit(toForger));
            chain = chain.withSupply(Math.addExact(chain.minted(), reward), chain.burned());
        }

        /** Active = registered, stake >= minimum, not jailed. An empty result keeps the old set: the chain must not stop. */
        ValidatorSet nextValidatorSet(ChainState state) {
            List<Validator> active = new ArrayList<>();
            for (PublicKey key : state.registry()) {
                Account a = account(key.address());
                if (a.validator() && !a.jailed()
                        && a.staked() >= params.minimumStake()) {
                    active.add(new Validator(key, a.staked()));
                }
            }
            return active.isEmpty() ? state.validators() : ValidatorSet.of(active);
        }
    }
}
