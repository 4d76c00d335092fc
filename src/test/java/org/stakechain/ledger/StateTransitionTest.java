package org.stakechain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.BlockHeader;
import org.stakechain.ledger.block.SignedProposal;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.tx.SlashingEvidence;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.testing.TestChain;

class StateTransitionTest {
    private static final KeyPair TREASURY = DemoGenesis.key("treasury");
    private static final KeyPair ERICK = DemoGenesis.key("erick");
    private static final KeyPair CHARLES = DemoGenesis.key("charles");
    private static final KeyPair EDWIN = DemoGenesis.key("edwin");
    private static final long FEE = 1_000;

    private final TestChain chain = TestChain.demo();
    private final String chainId = chain.params().chainId();

    private Transaction tx(KeyPair from, long nonce, TxPayload payload) {
        return Transaction.sign(chainId, from, nonce, FEE, payload);
    }

    private Transaction transfer(KeyPair from, long nonce, Address to, long coins) {
        return tx(from, nonce, new TxPayload.Transfer(to, Coins.of(coins)));
    }

    private Account account(KeyPair k) {
        return chain.state().account(k.address());
    }

    @Test
    void transferMovesCoinsAndChargesTheFee() {
        Address alice = KeyPair.deterministic("alice").address();
        BlockOutcome.Applied applied = chain.next(transfer(TREASURY, 0, alice, 25));

        assertThat(applied.receipts()).singleElement().satisfies(r -> assertThat(r.succeeded()).isTrue());
        assertThat(chain.state().account(alice).balance()).isEqualTo(Coins.of(25));
        assertThat(account(TREASURY).balance()).isEqualTo(Coins.of(1_000_000) - Coins.of(25) - FEE);
        assertThat(account(TREASURY).nonce()).isEqualTo(1);
    }

    @Test
    void forgerReceivesFeesAndBlockReward() {
        KeyPair forger = chain.defaultForger();
        long before = account(forger).balance();
        chain.next(transfer(TREASURY, 0, ERICK.address(), 1));
        assertThat(account(forger).balance()).isEqualTo(before + FEE + chain.params().blockReward());
    }

    @Test
    void attestorsOfThePreviousBlockShareTheirPartInProportionToStake() {
        chain.next();
        KeyPair forger = chain.defaultForger();
        long edwinBefore = account(EDWIN).balance();
        long forgerBefore = account(forger).balance();
        chain.next();
        long pool = ChainParams.share(chain.params().blockReward(), chain.params().attestorRewardBps());
        long edwinShare = pool * Coins.of(500) / Coins.of(1325);
        if (!forger.equals(EDWIN)) {
            assertThat(account(EDWIN).balance() - edwinBefore).isEqualTo(edwinShare);
        }
        assertThat(chain.state().totalHoldings()).isEqualTo(chain.state().chain().expectedHoldings());
        assertThat(account(forger).balance()).isGreaterThan(forgerBefore);
    }

    @Test
    void replayedTransactionRejectsTheBlock() {
        Transaction t = transfer(TREASURY, 0, ERICK.address(), 1);
        chain.next(t);
        Block replay = chain.forge(List.of());
        Block withReplay = rebuildWith(replay, List.of(t));
        assertThat(chain.apply(withReplay)).isInstanceOfSatisfying(BlockOutcome.Rejected.class,
                r -> assertThat(r.reason()).contains("nonce 0").contains("replay"));
    }

    @Test
    void reorderedTransactionsRejectTheBlock() {
        Transaction first = transfer(TREASURY, 0, ERICK.address(), 1);
        Transaction second = transfer(TREASURY, 1, ERICK.address(), 1);
        Block block = rebuildWith(chain.forge(List.of()), List.of(second, first));
        assertThat(chain.apply(block)).isInstanceOfSatisfying(BlockOutcome.Rejected.class,
                r -> assertThat(r.reason()).contains("gap"));
    }

    @Test
    void forgerSkipsTransactionsThatCannotBeIncluded() {
        Transaction gap = transfer(TREASURY, 5, ERICK.address(), 1);
        Transaction good = transfer(TREASURY, 0, ERICK.address(), 1);
        Transaction lowFee = Transaction.sign(chainId, TREASURY, 1, 1, new TxPayload.Transfer(ERICK.address(), 1));
        Block block = chain.forge(List.of(gap, good, lowFee));
        assertThat(block.transactions()).containsExactly(good);
    }

    @Test
    void overdraftFailsButStillPaysTheFee() {
        BlockOutcome.Applied applied = chain.next(transfer(ERICK, 0, TREASURY.address(), 91));
        assertThat(applied.receipts().get(0).failure()).hasValueSatisfying(f -> assertThat(f).contains("insufficient balance"));
        assertThat(account(ERICK).balance()).isEqualTo(Coins.of(90) - FEE);
        assertThat(account(ERICK).nonce()).isEqualTo(1);
    }

    @Test
    void badSignatureRejectsTheBlock() {
        Transaction good = transfer(TREASURY, 0, ERICK.address(), 1);
        byte[] sig = good.signature().bytes();
        sig[0] ^= 1;
        Transaction forged = Transaction.of(chainId, good.sender(), 0, FEE, good.payload(),
                org.stakechain.crypto.Signature.wrap(sig));
        assertThat(chain.apply(rebuildWith(chain.forge(List.of()), List.of(forged))))
                .isInstanceOfSatisfying(BlockOutcome.Rejected.class, r -> assertThat(r.reason()).contains("signature"));
    }

    @Test
    void transactionForAnotherChainRejectsTheBlock() {
        Transaction other = Transaction.sign("other-chain", TREASURY, 0, FEE, new TxPayload.Transfer(ERICK.address(), 1));
        assertThat(chain.apply(rebuildWith(chain.forge(List.of()), List.of(other))))
                .isInstanceOfSatisfying(BlockOutcome.Rejected.class, r -> assertThat(r.reason()).contains("other-chain"));
    }

    @Test
    void erickWithNinetyCoinsCannotBecomeAValidator() {
        chain.next(tx(ERICK, 0, new TxPayload.Stake(Coins.of(89))));
        BlockOutcome.Applied applied = chain.next(tx(ERICK, 1, new TxPayload.RegisterValidator()));
        assertThat(applied.receipts().get(0).failure())
                .hasValueSatisfying(f -> assertThat(f).contains("stake at least 100"));
        assertThat(account(ERICK).validator()).isFalse();
    }

    @Test
    void registeringBurnsTheValidatorFeeAndJoinsAtTheNextEpoch() {
        ChainParams params = ChainParams.defaults(DemoGenesis.CHAIN_ID).withEpochLength(4);
        TestChain c = TestChain.demo(params);
        KeyPair dora = KeyPair.deterministic("dora");
        c.addKey(dora);
        c.next(Transaction.sign(params.chainId(), TREASURY, 0, FEE, new TxPayload.Transfer(dora.address(), Coins.of(200))));
        c.next(Transaction.sign(params.chainId(), dora, 0, FEE, new TxPayload.Stake(Coins.of(150))));
        long burnedBefore = c.state().chain().burned();
        c.next(Transaction.sign(params.chainId(), dora, 1, FEE, new TxPayload.RegisterValidator()));
        assertThat(c.state().chain().burned() - burnedBefore).isEqualTo(params.validatorFee());
        assertThat(c.state().chain().validators().contains(dora.publicKey())).isFalse();
        c.next(); // height 4: the epoch ends, the snapshot includes dora
        assertThat(c.state().chain().validators().contains(dora.publicKey())).isTrue();
        assertThat(c.state().chain().validators().stakeOf(dora.publicKey())).isEqualTo(Coins.of(150));
    }

    @Test
    void unstakedCoinsStayLockedUntilTheUnbondingPeriodEnds() {
        ChainParams params = chain.params();
        KeyPair dora = KeyPair.deterministic("dora");
        chain.next(transfer(TREASURY, 0, dora.address(), 61));
        chain.next(tx(dora, 0, new TxPayload.Stake(Coins.of(60))));
        chain.next(tx(dora, 1, new TxPayload.Unstake(Coins.of(60))));
        long release = 3 + params.unbondingPeriod();
        assertThat(chain.state().account(dora.address()).unbonding())
                .singleElement().satisfies(u -> assertThat(u.releaseHeight()).isEqualTo(release));
        while (chain.state().chain().height() < release - 2) {
            chain.next();
        }
        // one block before release: still locked
        BlockOutcome.Applied early = chain.next(transfer(dora, 2, ERICK.address(), 50));
        assertThat(early.receipts().get(0).failure()).hasValueSatisfying(f -> assertThat(f).contains("insufficient"));
        BlockOutcome.Applied onTime = chain.next(transfer(dora, 3, ERICK.address(), 50));
        assertThat(chain.state().chain().height()).isEqualTo(release);
        assertThat(onTime.receipts().get(0).succeeded()).isTrue();
        assertThat(chain.state().account(dora.address()).unbonding()).isEmpty();
        assertThat(chain.state().totalHoldings()).isEqualTo(chain.state().chain().expectedHoldings());
    }

    @Test
    void doubleConfirmIsSlashedBurnedRewardedAndJailed() {
        chain.next();
        Vote a = Vote.sign(VoteKind.CONFIRM, chainId, 1, 0, Optional.of(Hash.of(new byte[] {1})), EDWIN);
        Vote b = Vote.sign(VoteKind.CONFIRM, chainId, 1, 0, Optional.of(Hash.of(new byte[] {2})), EDWIN);
        SlashingEvidence evidence = SlashingEvidence.of(a, b);
        long stake = account(EDWIN).staked();
        long erickBefore = account(ERICK).balance();
        long burnedBefore = chain.state().chain().burned();

        BlockOutcome.Applied applied = chain.next(tx(ERICK, 0, new TxPayload.SlashEvidence(evidence)));

        assertThat(applied.receipts().get(0).succeeded()).isTrue();
        long slashed = ChainParams.share(stake, chain.params().slashFractionBps());
        long finder = ChainParams.share(slashed, chain.params().finderFeeBps());
        assertThat(account(EDWIN).staked()).isEqualTo(stake - slashed);
        assertThat(account(EDWIN).jailed()).isTrue();
        assertThat(account(ERICK).balance()).isEqualTo(erickBefore - FEE + finder);
        assertThat(chain.state().chain().burned() - burnedBefore).isEqualTo(slashed - finder);
        assertThat(chain.state().totalHoldings()).isEqualTo(chain.state().chain().expectedHoldings());

        BlockOutcome.Applied again = chain.next(tx(ERICK, 1, new TxPayload.SlashEvidence(evidence)));
        assertThat(again.receipts().get(0).failure()).hasValueSatisfying(f -> assertThat(f).contains("already"));
    }

    @Test
    void doubleForgeIsEvidenceToo() {
        chain.next();
        SignedProposal p1 = SignedProposal.sign(chainId, 1, 0, Hash.of(new byte[] {1}), -1, CHARLES);
        SignedProposal p2 = SignedProposal.sign(chainId, 1, 0, Hash.of(new byte[] {2}), -1, CHARLES);
        BlockOutcome.Applied applied = chain.next(tx(ERICK, 0, new TxPayload.SlashEvidence(SlashingEvidence.of(p1, p2))));
        assertThat(applied.receipts().get(0).succeeded()).isTrue();
        assertThat(account(CHARLES).jailed()).isTrue();
    }

    @Test
    void evidenceAgainstANonValidatorOrFromTheFutureFails() {
        chain.next();
        Vote a = Vote.sign(VoteKind.ATTEST, chainId, 1, 0, Optional.empty(), ERICK);
        Vote b = Vote.sign(VoteKind.ATTEST, chainId, 1, 0, Optional.of(Hash.ZERO), ERICK);
        BlockOutcome.Applied applied = chain.next(tx(TREASURY, 0, new TxPayload.SlashEvidence(SlashingEvidence.of(a, b))));
        assertThat(applied.receipts().get(0).failure()).hasValueSatisfying(f -> assertThat(f).contains("not a validator"));

        Vote c = Vote.sign(VoteKind.ATTEST, chainId, 50, 0, Optional.empty(), EDWIN);
        Vote d = Vote.sign(VoteKind.ATTEST, chainId, 50, 0, Optional.of(Hash.ZERO), EDWIN);
        applied = chain.next(tx(TREASURY, 1, new TxPayload.SlashEvidence(SlashingEvidence.of(c, d))));
        assertThat(applied.receipts().get(0).failure()).hasValueSatisfying(f -> assertThat(f).contains("after this block"));
    }

    @Test
    void evidenceFromTheHeightOfTheBlockItselfIsAccepted() {
        chain.next();
        long height = chain.state().chain().height() + 1;
        Vote a = Vote.sign(VoteKind.ATTEST, chainId, height, 0, Optional.empty(), EDWIN);
        Vote b = Vote.sign(VoteKind.ATTEST, chainId, height, 0, Optional.of(Hash.ZERO), EDWIN);
        BlockOutcome.Applied applied = chain.next(tx(TREASURY, 0, new TxPayload.SlashEvidence(SlashingEvidence.of(a, b))));
        assertThat(applied.receipts().get(0).succeeded()).isTrue();
        assertThat(account(EDWIN).jailed()).isTrue();
    }

    @Test
    void staleEvidenceFails() {
        ChainParams params = chain.params();
        Vote a = Vote.sign(VoteKind.ATTEST, chainId, 1, 0, Optional.empty(), EDWIN);
        Vote b = Vote.sign(VoteKind.ATTEST, chainId, 1, 0, Optional.of(Hash.ZERO), EDWIN);
        for (int i = 0; i < params.evidenceMaxAge() + 1; i++) {
            chain.next();
        }
        BlockOutcome.Applied applied = chain.next(tx(TREASURY, 0, new TxPayload.SlashEvidence(SlashingEvidence.of(a, b))));
        assertThat(applied.receipts().get(0).failure()).hasValueSatisfying(f -> assertThat(f).contains("stale"));
    }

    @Test
    void wrongStateRootRejectsTheBlock() {
        Block good = chain.forge(List.of(transfer(TREASURY, 0, ERICK.address(), 1)));
        BlockHeader h = good.header();
        BlockHeader bad = new BlockHeader(h.chainId(), h.height(), h.round(), h.previousHash(), h.timestampMillis(),
                h.forger(), h.beaconReveal(), h.txRoot(), Hash.of(new byte[] {9}), h.lastCommitHash());
        assertThat(chain.apply(Block.of(bad, good.transactions(), good.lastCommit())))
                .isInstanceOfSatisfying(BlockOutcome.Rejected.class, r -> assertThat(r.reason()).contains("state root mismatch"));
    }

    @Test
    void blockWithoutThePreviousCertificateIsRejected() {
        chain.next();
        Block good = chain.forge(List.of());
        BlockHeader h = good.header();
        BlockHeader stripped = new BlockHeader(h.chainId(), h.height(), h.round(), h.previousHash(), h.timestampMillis(),
                h.forger(), h.beaconReveal(), h.txRoot(), h.stateRoot(), Hash.ZERO);
        assertThat(chain.apply(Block.of(stripped, good.transactions(), Optional.empty())))
                .isInstanceOfSatisfying(BlockOutcome.Rejected.class, r -> assertThat(r.reason()).contains("missing the certificate"));
    }

    @Test
    void nonValidatorCannotForge() {
        Block byErick = org.stakechain.ledger.BlockBuilderAccess.buildUnchecked(chain, ERICK);
        assertThat(chain.apply(byErick)).isInstanceOfSatisfying(BlockOutcome.Rejected.class,
                r -> assertThat(r.reason()).contains("not an active validator"));
    }

    @Test
    void sameBlockOnTwoFreshStatesGivesTheSameRoot() {
        TestChain other = TestChain.demo();
        Block b1 = chain.forge(List.of(transfer(TREASURY, 0, ERICK.address(), 3)));
        BlockOutcome.Applied x = (BlockOutcome.Applied) chain.apply(b1);
        BlockOutcome.Applied y = (BlockOutcome.Applied) other.apply(b1);
        assertThat(x.changes().stateRoot()).isEqualTo(y.changes().stateRoot());
        assertThat(chain.state().stateRoot()).isEqualTo(other.state().stateRoot());
    }

    @Test
    void singleValidatorChainFinalizesBlocks() {
        KeyPair solo = KeyPair.deterministic("solo");
        ChainParams params = ChainParams.defaults("solo-chain");
        Genesis genesis = new Genesis(params, 0, List.of(new Genesis.GenesisAccount("solo", solo.address(), Coins.of(5))),
                List.of(new Genesis.GenesisValidator("solo", solo.publicKey(), Coins.of(100))));
        TestChain c = new TestChain(genesis, List.of(solo));
        for (int i = 0; i < 5; i++) {
            c.next();
        }
        assertThat(c.state().chain().height()).isEqualTo(5);
        assertThat(c.lastCertificate().orElseThrow().verify(params, c.state().chain().validators()))
                .isInstanceOf(org.stakechain.ledger.block.CommitCertificate.Valid.class);
    }

    /**
     * A confirmation the caller already verified (the exact record) is not verified again; any other one is, and
     * membership, order and the quorum are checked whatever the caller knows.
     */
    @Test
    void aCertificateSkipsOnlyTheConfirmationsTheCallerVerified() {
        chain.next();
        chain.next();
        org.stakechain.ledger.block.CommitCertificate good = chain.lastCertificate().orElseThrow();
        var validators = chain.state().chain().validatorsAt(chain.params(), good.height());
        List<org.stakechain.ledger.block.CommitCertificate.Confirmation> confirmations = good.confirmations();
        var victim = confirmations.get(0);
        var forgedSignature = new org.stakechain.ledger.block.CommitCertificate.Confirmation(victim.validator(),
                Vote.sign(VoteKind.ATTEST, chainId, good.height(), good.round(), Optional.of(good.blockHash()),
                        DemoGenesis.VALIDATORS.stream().map(DemoGenesis::key)
                                .filter(k -> k.publicKey().equals(victim.validator())).findFirst().orElseThrow())
                        .signature());
        List<org.stakechain.ledger.block.CommitCertificate.Confirmation> swapped = new java.util.ArrayList<>(confirmations);
        swapped.set(0, forgedSignature);
        var bad = new org.stakechain.ledger.block.CommitCertificate(good.height(), good.round(), good.blockHash(), swapped);

        assertThat(bad.verify(chain.params(), validators))
                .isInstanceOf(org.stakechain.ledger.block.CommitCertificate.Invalid.class);
        assertThat(bad.verify(chain.params(), validators, confirmations::contains)).as("the known ones are not the bad one")
                .isInstanceOf(org.stakechain.ledger.block.CommitCertificate.Invalid.class);
        assertThat(bad.verify(chain.params(), validators, forgedSignature::equals)).as("skipped: the caller vouches for it")
                .isInstanceOf(org.stakechain.ledger.block.CommitCertificate.Valid.class);
        var tooFew = new org.stakechain.ledger.block.CommitCertificate(good.height(), good.round(), good.blockHash(),
                confirmations.subList(0, 1));
        assertThat(tooFew.verify(chain.params(), validators, c -> true)).as("the quorum is still required")
                .isInstanceOf(org.stakechain.ledger.block.CommitCertificate.Invalid.class);
    }

    private Block rebuildWith(Block template, List<Transaction> txs) {
        BlockHeader h = template.header();
        BlockHeader header = new BlockHeader(h.chainId(), h.height(), h.round(), h.previousHash(), h.timestampMillis(),
                h.forger(), h.beaconReveal(), Block.txRootOf(txs), h.stateRoot(), h.lastCommitHash());
        return Block.of(header, txs, template.lastCommit());
    }
}
