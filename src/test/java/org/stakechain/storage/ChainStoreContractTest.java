package org.stakechain.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.consensus.protection.SignedKind;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.Account;
import org.stakechain.ledger.BlockOutcome;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.Receipt;
import org.stakechain.ledger.BlockBuilder;
import org.stakechain.ledger.StateTransition;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.ChainState;
import org.stakechain.ledger.state.SparseMerkleTree;
import org.stakechain.ledger.state.StateChanges;
import org.stakechain.ledger.state.StateKeys;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.testing.Seeds;
import org.stakechain.testing.TestChain;
import org.stakechain.testing.TestData;

/**
 * One contract for {@link ChainStore} on every {@link KeyValueStore}. Seeded: a failure prints its seed; replay
 * with {@code -Dstorage.seed=N}, run more with {@code -Dstorage.seeds=N}.
 */
abstract class ChainStoreContractTest {
    protected KeyValueStore kv;
    protected ChainStore store;

    protected abstract KeyValueStore openStore();

    @BeforeEach
    void open() {
        kv = openStore();
        store = ChainStore.open(kv);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static List<KeyPair> demoAccounts() {
        List<KeyPair> keys = new ArrayList<>();
        ChainDriver.ACCOUNTS.forEach(n -> keys.add(DemoGenesis.key(n)));
        return keys;
    }

    @Test
    void anEmptyStoreHasNoHeadUntilTheGenesisIsWritten() {
        assertThat(store.isInitialized()).isFalse();
        assertThatThrownBy(store::finalHeight).isInstanceOf(IllegalStateException.class).hasMessageContaining("genesis");
        Genesis genesis = ChainDriver.genesis();
        store.initialize(genesis);
        assertThat(store.finalHeight()).isZero();
        assertThat(store.headHash()).isEqualTo(genesis.hash());
        assertThat(store.genesisHash()).contains(genesis.hash());
        try (HeadState state = store.headState()) {
            var expected = genesis.initialState();
            assertThat(state.stateRoot()).isEqualTo(expected.stateRoot());
            assertThat(state.chain().encode()).isEqualTo(expected.chain().encode());
            expected.accounts().forEach((address, account) -> assertThat(state.account(address)).isEqualTo(account));
        }
        StoreChecks.verifyWholeStore(store, kv);
        store.initialize(genesis);
        assertThat(store.finalHeight()).as("initializing again with the same genesis is a no-op").isZero();
    }

    @Test
    void refusesAnotherGenesisNamingBothHashes() {
        Genesis genesis = ChainDriver.genesis();
        store.initialize(genesis);
        Genesis other = DemoGenesis.create(ChainParams.defaults(DemoGenesis.CHAIN_ID), ChainDriver.GENESIS_TIME + 1);
        assertThatThrownBy(() -> store.initialize(other)).isInstanceOf(StorageException.class)
                .hasMessageContaining(genesis.hash().hex()).hasMessageContaining(other.hash().hex());
    }

    @Test
    void aChainFromTestChainReadsBackBlockByBlockAndTheStoredStateAppliesLikeTheMemoryState() {
        for (long seed : Seeds.of("storage.seed", 7_000, 1)) {
            try {
                store.close();
                kv = openStore();
                store = ChainStore.open(kv);
                commitTestChainAndCompare(seed, 21, 12);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " failed (replay with -Dstorage.seed=" + seed + ")", e);
            }
        }
    }

    private void commitTestChainAndCompare(long seed, int blocks, int txsPerBlock) {
        TestChain chain = TestChain.demo();
        demoAccounts().forEach(chain::addKey);
        TestData data = new TestData(seed);
        store.initialize(ChainDriver.genesis());
        for (int i = 0; i < blocks; i++) {
            Block block = chain.forge(data.transactions(chain.params(), chain.state(), demoAccounts(), txsPerBlock));
            BlockOutcome fromMemory = StateTransition.apply(chain.params(), chain.state(), block);
            BlockOutcome fromStore;
            try (HeadState head = store.headState()) {
                fromStore = StateTransition.apply(chain.params(), head, block);
            }
            assertThat(fromStore).isInstanceOf(BlockOutcome.Applied.class);
            assertSameOutcome((BlockOutcome.Applied) fromStore, (BlockOutcome.Applied) fromMemory);
            chain.apply(block);
            BlockOutcome.Applied applied = (BlockOutcome.Applied) fromStore;
            store.commit(block, chain.lastCertificate().orElseThrow(), applied.changes(), applied.receipts());

            assertThat(store.finalHeight()).isEqualTo(block.height());
            assertThat(store.headHash()).isEqualTo(block.hash());
            assertThat(store.block(block.height())).contains(block);
            assertThat(store.block(block.hash())).contains(block);
            assertThat(store.certificate(block.height())).isEqualTo(chain.lastCertificate());
            for (int t = 0; t < block.transactions().size(); t++) {
                Receipt receipt = applied.receipts().get(t);
                assertThat(store.transaction(receipt.txHash())).contains(
                        new TransactionLocation(receipt.txHash(), block.height(), t, receipt.failure()));
            }
            try (HeadState head = store.headState()) {
                assertThat(head.stateRoot()).isEqualTo(block.header().stateRoot()).isEqualTo(chain.state().stateRoot());
                chain.state().accounts().forEach((a, acc) -> assertThat(head.account(a)).isEqualTo(acc));
            }
            StoreChecks.verifyWholeStore(store, kv);
        }
        assertThat(chain.blocks()).hasSize(blocks);
        assertThat(store.decidedRange(1, blocks, Long.MAX_VALUE)).extracting(DecidedBlock::block)
                .containsExactlyElementsOf(chain.blocks());
    }

    static void assertSameOutcome(BlockOutcome.Applied actual, BlockOutcome.Applied expected) {
        StateChanges a = actual.changes();
        StateChanges e = expected.changes();
        assertThat(a.stateRoot()).isEqualTo(e.stateRoot());
        assertThat(a.accounts()).isEqualTo(e.accounts());
        assertThat(a.evidence()).isEqualTo(e.evidence());
        assertThat(a.chain().encode()).isEqualTo(e.chain().encode());
        assertThat(a.newTreeNodes()).isEqualTo(e.newTreeNodes());
        assertThat(a.staleTreeNodes()).isEqualTo(e.staleTreeNodes());
        assertThat(actual.receipts()).isEqualTo(expected.receipts());
    }

    @Test
    void rejectsACommitThatDoesNotFollowTheHeadAndWritesNothing() {
        ChainDriver driver = new ChainDriver(11);
        store.initialize(ChainDriver.genesis());
        Block first = driver.commitNext(store, 3);
        Head before = store.head();
        try (HeadState pre = store.headState()) {
            Block next = org.stakechain.ledger.BlockBuilder.build(driver.params(), pre, driver.forger(pre), 0,
                    pre.chain().lastTimestampMillis() + 1000, driver.transactions(pre, 2), store.certificate(1)).block();
            BlockOutcome.Applied outcome = (BlockOutcome.Applied) StateTransition.apply(driver.params(), pre, next);
            CommitCertificate cert = driver.certify(pre, next);
            // the same block again: not head + 1
            assertThatThrownBy(() -> store.commit(first, store.certificate(1).orElseThrow(), outcome.changes(),
                    outcome.receipts())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not follow the head");
            // a certificate of another block
            assertThatThrownBy(() -> store.commit(next, store.certificate(1).orElseThrow(), outcome.changes(),
                    outcome.receipts())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("certificate");
            // receipts that do not match
            assertThatThrownBy(() -> store.commit(next, cert, outcome.changes(), List.of()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(store.head()).isEqualTo(before);
            assertThat(store.block(2)).isEmpty();
            store.commit(next, cert, outcome.changes(), outcome.receipts());
            assertThat(store.finalHeight()).isEqualTo(2);
        }
        StoreChecks.verifyWholeStore(store, kv);
    }

    /** The stored block is its canonical encoding, byte for byte (the blocks here are built, never decoded). */
    @Test
    void theStoredBlockIsExactlyItsCanonicalEncoding() {
        ChainDriver driver = new ChainDriver(14);
        store.initialize(ChainDriver.genesis());
        for (int i = 0; i < 4; i++) {
            Block committed = driver.commitNext(store, 3);
            CanonicalWriter parts = new CanonicalWriter();
            committed.writeTo(parts);
            byte[] stored = kv.get(Column.BLOCKS, ChainStore.heightKey(committed.height())).orElseThrow();
            assertThat(stored).isEqualTo(parts.toByteArray()).isEqualTo(committed.encode());
            assertThat(Block.decode(stored).encode()).isEqualTo(stored);
        }
    }

    @Test
    void rejectsABlockWhosePreviousHashIsNotTheHead() {
        ChainDriver driver = new ChainDriver(12);
        store.initialize(ChainDriver.genesis());
        driver.commitNext(store, 1);
        Block second = driver.commitNext(store, 1);
        TestChain fork = TestChain.demo();
        fork.next();
        fork.next();
        BlockOutcome.Applied third = fork.next();
        Block forked = fork.blocks().get(2);
        assertThat(forked.header().previousHash()).isNotEqualTo(second.hash());
        assertThatThrownBy(() -> store.commit(forked, fork.lastCertificate().orElseThrow(), third.changes(),
                third.receipts())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not to the head");
        assertThat(store.finalHeight()).isEqualTo(2);
    }

    @Test
    void aHeadStateViewKeepsAnsweringForItsHeadWhileLaterBlocksCommit() {
        ChainDriver driver = new ChainDriver(13);
        store.initialize(ChainDriver.genesis());
        driver.commitNext(store, 5);
        Address treasury = DemoGenesis.key("treasury").address();
        try (HeadState old = store.headState()) {
            Account treasuryBefore = old.account(treasury);
            Hash rootBefore = old.stateRoot();
            Transaction pay = Transaction.sign(driver.params().chainId(), DemoGenesis.key("treasury"),
                    treasuryBefore.nonce(), driver.params().minimumFee(),
                    new TxPayload.Transfer(DemoGenesis.key("erick").address(), Coins.of(1)));
            try (HeadState pre = store.headState()) {
                driver.commitNext(store, pre, List.of(pay));
            }
            assertThat(old.height()).isEqualTo(1);
            assertThat(old.account(treasury)).isEqualTo(treasuryBefore);
            assertThat(old.stateRoot()).isEqualTo(rootBefore);
            assertThat(SparseMerkleTree.get(rootBefore, StateKeys.account(treasury), old.treeNodes()))
                    .contains(Hash.of(treasuryBefore.encode()));
            try (HeadState now = store.headState()) {
                assertThat(now.height()).isEqualTo(2);
                assertThat(now.account(treasury).nonce()).isEqualTo(treasuryBefore.nonce() + 1);
                assertThat(now.stateRoot()).isNotEqualTo(rootBefore);
            }
        }
    }

    /** Views of one head share its decoded chain state; a view after a commit has the new head's. */
    @Test
    void viewsOfTheSameHeadShareTheChainStateAndAViewAfterACommitHasTheNewOne() {
        ChainDriver driver = new ChainDriver(14);
        store.initialize(ChainDriver.genesis());
        driver.commitNext(store, 3);
        try (HeadState first = store.headState(); HeadState second = store.headState()) {
            assertThat(second.chain()).isSameAs(first.chain());
            driver.commitNext(store, 3);
            try (HeadState next = store.headState()) {
                assertThat(next.chain().height()).isEqualTo(first.chain().height() + 1);
                assertThat(next.chain()).isNotEqualTo(first.chain());
                assertThat(first.chain().height()).as("the older view keeps its own").isEqualTo(next.height() - 1);
            }
        }
    }

    /**
     * The view opened after a commit takes the committed block's chain state as it is (the node opens one right
     * after each block), and it is the state a store reopened from disk decodes: equal, not merely the same height.
     */
    @Test
    void aViewAfterACommitHasTheCommittedChainStateAsStored() {
        ChainDriver driver = new ChainDriver(16);
        store.initialize(ChainDriver.genesis());
        driver.commitNext(store, 2);
        BlockOutcome.Applied applied;
        Block block;
        try (HeadState pre = store.headState()) {
            block = BlockBuilder.build(driver.params(), pre, driver.forger(pre), 0,
                    pre.chain().lastTimestampMillis() + driver.params().slotMillis(), driver.transactions(pre, 3),
                    store.certificate(pre.height())).block();
            applied = (BlockOutcome.Applied) StateTransition.apply(driver.params(), pre, block);
            store.commit(block, driver.certify(pre, block), applied.changes(), applied.receipts());
        }
        try (HeadState view = store.headState()) {
            assertThat(view.chain()).isSameAs(applied.changes().chain());
            byte[] stored = kv.get(Column.META, ChainStore.META_CHAIN).orElseThrow();
            assertThat(view.chain()).isEqualTo(ChainState.decode(stored));
            assertThat(view.chain().lastBlockHash()).isEqualTo(block.hash());
        }
    }

    /**
     * Views of several heads stay open while blocks commit, and read every account again after each commit (the
     * account cache answers older views from its versions): each answer must be its own head's account, as the
     * view's state root proves it.
     */
    @Test
    void viewsOfOlderHeadsReadTheirOwnHeadsAccountsWhileBlocksCommit() {
        ChainDriver driver = new ChainDriver(15);
        store.initialize(ChainDriver.genesis());
        List<Address> addresses = new ArrayList<>(demoAccounts().stream().map(KeyPair::address).toList());
        addresses.add(Address.wrap(new byte[20])); // never funded: the empty account
        List<HeadState> views = new ArrayList<>();
        try {
            for (int b = 0; b < 8; b++) {
                HeadState view = store.headState();
                views.add(view);
                for (HeadState v : views) {
                    assertOwnAccounts(v, addresses);
                }
                driver.commitNext(store, 6);
                for (HeadState v : views) {
                    assertOwnAccounts(v, addresses);
                }
                if (views.size() > 4) {
                    views.remove(0).close();
                }
            }
        } finally {
            views.forEach(HeadState::close);
        }
    }

    /**
     * The account cache keeps an address's older versions only while a view that old is open: a commit cuts the
     * versions older than the oldest open view's, of the addresses it changes and of those it kept before.
     */
    @Test
    void theAccountCacheKeepsOlderVersionsOnlyWhileAnOlderViewIsOpen() {
        ChainDriver driver = new ChainDriver(17);
        store.initialize(ChainDriver.genesis());
        List<Address> addresses = demoAccounts().stream().map(KeyPair::address).toList();
        StateCache cache = store.accountCache();
        for (int b = 0; b < 3; b++) {
            try (HeadState view = store.headState()) {
                assertOwnAccounts(view, addresses); // fills the cache
            }
            driver.commitNextWithNoViewOpen(store, 6);
            assertThat(cache.versionCount()).as("no view open at commit %d", b).isEqualTo(cache.addressCount());
        }
        try (HeadState old = store.headState()) {
            assertOwnAccounts(old, addresses);
            driver.commitNext(store, 6); // opens a view of the head too, closed after the commit
            driver.commitNext(store, 6);
            assertThat(cache.versionCount()).as("a view two heads old is open").isGreaterThan(cache.addressCount());
            assertOwnAccounts(old, addresses);
        }
        driver.commitNextWithNoViewOpen(store, 0);
        assertThat(cache.versionCount()).as("the old view closed").isEqualTo(cache.addressCount());
    }

    private static void assertOwnAccounts(HeadState view, List<Address> addresses) {
        for (Address a : addresses) {
            Account account = view.account(a);
            assertThat(SparseMerkleTree.get(view.stateRoot(), StateKeys.account(a), view.treeNodes()))
                    .as("view of %d reads %s", view.height(), a)
                    .isEqualTo(account.isEmpty() ? Optional.empty() : Optional.of(Hash.of(account.encode())));
        }
    }

    @Test
    void viewsOpenedWhileBlocksCommitAlwaysShowOneWholeHead() throws Exception {
        ChainDriver driver = new ChainDriver(14);
        store.initialize(ChainDriver.genesis());
        List<Address> addresses = demoAccounts().stream().map(KeyPair::address).toList();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger views = new AtomicInteger();
        Thread reader = new Thread(() -> {
            try {
                while (!done.get() || views.get() == 0) {
                    try (HeadState view = store.headState()) {
                        assertThat(view.chain().height()).isEqualTo(view.height());
                        assertThat(SparseMerkleTree.get(view.stateRoot(), StateKeys.CHAIN_KEY, view.treeNodes()))
                                .contains(Hash.of(view.chain().commitmentBytes()));
                        for (Address a : addresses) {
                            Account account = view.account(a);
                            Optional<Hash> inTree = SparseMerkleTree.get(view.stateRoot(), StateKeys.account(a),
                                    view.treeNodes());
                            assertThat(inTree).isEqualTo(account.isEmpty() ? Optional.empty()
                                    : Optional.of(Hash.of(account.encode())));
                        }
                        views.incrementAndGet();
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "view-reader");
        reader.start();
        for (int i = 0; i < 8; i++) {
            driver.commitNext(store, 6);
        }
        done.set(true);
        reader.join();
        if (failure.get() != null) {
            throw new AssertionError("a view showed a half-applied state", failure.get());
        }
        assertThat(views.get()).isPositive();
    }

    @Test
    void servesDecidedRangesWithinCountAndBytesButAlwaysAtLeastOneBlock() {
        ChainDriver driver = new ChainDriver(15);
        store.initialize(ChainDriver.genesis());
        for (int i = 0; i < 6; i++) {
            driver.commitNext(store, 4);
        }
        assertThat(store.decidedRange(1, 100, Long.MAX_VALUE)).hasSize(6);
        List<DecidedBlock> range = store.decidedRange(2, 3, Long.MAX_VALUE);
        assertThat(range).extracting(d -> d.block().height()).containsExactly(2L, 3L, 4L);
        range.forEach(d -> assertThat(d.certificate().blockHash()).isEqualTo(d.block().hash()));
        assertThat(store.decidedRange(3, 100, 1)).as("one block even above the byte budget").hasSize(1);
        long two = store.decidedRange(1, 2, Long.MAX_VALUE).stream()
                .mapToLong(d -> d.block().encode().length + d.certificate().encode().length).sum();
        assertThat(store.decidedRange(1, 100, two)).hasSize(2);
        assertThat(store.decidedRange(7, 100, Long.MAX_VALUE)).isEmpty();
        assertThat(store.decidedRange(0, 1, Long.MAX_VALUE)).extracting(d -> d.block().height()).containsExactly(1L);
    }

    @Test
    void replacesTheHeadCertificateOnlyWithOneForTheHeadBlock() {
        ChainDriver driver = new ChainDriver(16);
        store.initialize(ChainDriver.genesis());
        Block first = driver.commitNext(store, 1);
        CommitCertificate full = store.certificate(1).orElseThrow();
        CommitCertificate smaller = new CommitCertificate(1, 0, first.hash(), full.confirmations().subList(0, 3));
        store.replaceHeadCertificate(smaller);
        assertThat(store.certificate(1)).contains(smaller);
        assertThatThrownBy(() -> store.replaceHeadCertificate(new CommitCertificate(1, 0, Hash.ZERO, List.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void slashingProtectionRefusesAConflictAndAllowsARebroadcast() {
        DurableSlashingProtection protection = DurableSlashingProtection.open(kv);
        Hash a = Hash.of(new byte[] {1});
        Hash b = Hash.of(new byte[] {2});
        assertThat(protection.mayVoteAndRecord(VoteKind.CONFIRM, 5, 0, Optional.of(a))).isTrue();
        assertThat(protection.mayVoteAndRecord(VoteKind.CONFIRM, 5, 0, Optional.of(a))).as("rebroadcast").isTrue();
        assertThat(protection.mayVoteAndRecord(VoteKind.CONFIRM, 5, 0, Optional.of(b))).isFalse();
        assertThat(protection.mayVoteAndRecord(VoteKind.CONFIRM, 5, 0, Optional.empty())).isFalse();
        assertThat(protection.mayVoteAndRecord(VoteKind.CONFIRM, 4, 9, Optional.of(b))).isFalse();
        assertThat(protection.mayVoteAndRecord(VoteKind.ATTEST, 5, 0, Optional.of(b))).as("kinds are separate").isTrue();
        assertThat(protection.mayProposeAndRecord(5, 1, a, -1)).isTrue();
        assertThat(protection.mayProposeAndRecord(5, 1, b, -1)).isFalse();
        DurableSlashingProtection reloaded = DurableSlashingProtection.open(kv);
        for (SignedKind kind : SignedKind.values()) {
            assertThat(reloaded.lastSigned(kind)).isEqualTo(protection.lastSigned(kind));
        }
        assertThat(reloaded.mayVoteAndRecord(VoteKind.CONFIRM, 5, 0, Optional.of(b))).isFalse();
        assertThat(reloaded.mayVoteAndRecord(VoteKind.CONFIRM, 5, 1, Optional.of(b))).isTrue();
    }
}
