package org.stakechain.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.Account;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.state.SparseMerkleTree;
import org.stakechain.ledger.state.StateKeys;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.storage.rocksdb.RocksDbKeyValueStore;

/** The contract on RocksDB, plus what only a disk has: reopening, a lock, damaged files. */
class RocksDbChainStoreTest extends ChainStoreContractTest {
    @TempDir
    Path tmp;
    private int opened;

    @Override
    protected KeyValueStore openStore() {
        return RocksDbKeyValueStore.open(tmp.resolve("db" + opened++), 8L << 20);
    }

    private Path currentDir() {
        return tmp.resolve("db" + (opened - 1));
    }

    private ChainStore reopen() {
        store.close();
        kv = RocksDbKeyValueStore.open(currentDir(), 8L << 20);
        store = ChainStore.open(kv);
        return store;
    }

    @Test
    void reopensAfterCloseWithTheSameChainAndContinuesIt() {
        ChainDriver driver = new ChainDriver(21);
        store.initialize(ChainDriver.genesis());
        for (int i = 0; i < 5; i++) {
            driver.commitNext(store, 8);
        }
        Head head = store.head();
        reopen();
        assertThat(store.head()).isEqualTo(head);
        StoreChecks.verifyWholeStore(store, kv);
        store.initialize(ChainDriver.genesis());
        driver.commitNext(store, 8);
        assertThat(store.finalHeight()).isEqualTo(6);
        reopen();
        StoreChecks.verifyWholeStore(store, kv);
    }

    @Test
    void refusesOnReopenAGenesisOtherThanTheOneItHolds() {
        store.initialize(ChainDriver.genesis());
        reopen();
        var other = DemoGenesis.create(ChainParams.defaults("another-chain"), ChainDriver.GENESIS_TIME);
        assertThatThrownBy(() -> store.initialize(other)).isInstanceOf(StorageException.class)
                .hasMessageContaining(ChainDriver.genesis().hash().hex()).hasMessageContaining(other.hash().hex());
    }

    @Test
    void refusesADirectoryAnotherOpenerHoldsTheLockOf() {
        assertThatThrownBy(() -> RocksDbKeyValueStore.open(currentDir())).isInstanceOf(StorageException.class)
                .hasMessageContaining("in use by another process").hasMessageContaining(currentDir().toString());
    }

    @Test
    void refusesADirectoryWhoseCurrentFileWasLostInsteadOfStartingEmpty() throws IOException {
        store.initialize(ChainDriver.genesis());
        new ChainDriver(22).commitNext(store, 3);
        store.close();
        Files.delete(currentDir().resolve("CURRENT"));
        assertThatThrownBy(() -> RocksDbKeyValueStore.open(currentDir())).isInstanceOf(StorageException.class)
                .hasMessageContaining("damaged").hasMessageContaining("CURRENT");
        kv = RocksDbKeyValueStore.open(tmp.resolve("unused"));
        store = ChainStore.open(kv);
    }

    @Test
    void refusesATruncatedManifest() throws IOException {
        store.initialize(ChainDriver.genesis());
        new ChainDriver(23).commitNext(store, 3);
        store.close();
        Path manifest = only(currentDir(), "MANIFEST-");
        truncate(manifest, Files.size(manifest) / 2);
        assertThatThrownBy(() -> ChainStore.open(RocksDbKeyValueStore.open(currentDir())))
                .isInstanceOf(StorageException.class).hasMessageContaining("damaged");
        kv = RocksDbKeyValueStore.open(tmp.resolve("unused"));
        store = ChainStore.open(kv);
    }

    @Test
    void neverServesDataFromAGarbledTableFile() throws IOException {
        ChainDriver driver = new ChainDriver(24);
        store.initialize(ChainDriver.genesis());
        for (int i = 0; i < 3; i++) {
            driver.commitNext(store, 10);
        }
        ((RocksDbKeyValueStore) kv).flush();
        store.close();
        try (Stream<Path> files = Files.list(currentDir())) {
            for (Path sst : files.filter(p -> p.toString().endsWith(".sst")).toList()) {
                byte[] bytes = Files.readAllBytes(sst);
                for (int i = 0; i < Math.max(1, bytes.length - 64); i += 7) {
                    bytes[i] ^= 0x5A;
                }
                Files.write(sst, bytes);
            }
        }
        // Either RocksDB refuses to open, or the ChainStore's checks or a read hit a checksum: always an error.
        assertThatThrownBy(() -> {
            RocksDbKeyValueStore damaged = RocksDbKeyValueStore.open(currentDir());
            try {
                StoreChecks.verifyWholeStore(ChainStore.open(damaged), damaged);
            } finally {
                damaged.close();
            }
        }).isInstanceOf(StorageException.class).hasMessageContaining("damaged");
        kv = RocksDbKeyValueStore.open(tmp.resolve("unused"));
        store = ChainStore.open(kv);
    }

    @Test
    void aStoreWithoutItsHeadBlockIsRefused() {
        ChainDriver driver = new ChainDriver(25);
        store.initialize(ChainDriver.genesis());
        driver.commitNext(store, 2);
        kv.write(new WriteBatch().delete(Column.BLOCKS, ChainStore.heightKey(1)), true);
        store.close();
        assertThatThrownBy(() -> ChainStore.open(RocksDbKeyValueStore.open(currentDir())))
                .isInstanceOf(StorageException.class).hasMessageContaining("damaged")
                .hasMessageContaining("head block 1 is missing");
        kv = RocksDbKeyValueStore.open(tmp.resolve("unused"));
        store = ChainStore.open(kv);
    }

    @Test
    void theTreeRebuiltOnOpenHasTheHeadRootAndProvesEveryStoredAccount() {
        ChainDriver driver = new ChainDriver(26);
        store.initialize(ChainDriver.genesis());
        for (int i = 0; i < 4; i++) {
            driver.commitNext(store, 6);
        }
        Head head = store.head();
        int held = store.treeNodeCount(); // no view is open: exactly the head's tree
        reopen();
        assertThat(store.treeNodeCount()).as("the rebuilt tree is the head's, node for node").isEqualTo(held);
        try (HeadState state = store.headState()) {
            assertThat(state.stateRoot()).isEqualTo(head.stateRoot());
            for (KeyValue e : kv.scan(Column.ACCOUNTS, new byte[0], null, Integer.MAX_VALUE)) {
                Address address = Address.wrap(e.key());
                assertThat(SparseMerkleTree.get(state.stateRoot(), StateKeys.account(address), state.treeNodes()))
                        .contains(Hash.of(state.account(address).encode()));
            }
        }
        StoreChecks.verifyWholeStore(store, kv);
    }

    @Test
    void aStoredStateThatDoesNotMatchTheHeadRootIsRefusedNotServed() {
        ChainDriver driver = new ChainDriver(27);
        store.initialize(ChainDriver.genesis());
        driver.commitNext(store, 4);
        Address erick = DemoGenesis.key("erick").address();
        Account account;
        try (HeadState state = store.headState()) {
            account = state.account(erick);
        }
        Account richer = account.withBalance(account.balance() + 1);
        kv.write(new WriteBatch().put(Column.ACCOUNTS, erick.bytes(), richer.encode()), true);
        store.close();
        RocksDbKeyValueStore reopened = RocksDbKeyValueStore.open(currentDir(), 8L << 20);
        try {
            assertThatThrownBy(() -> ChainStore.open(reopened)).isInstanceOf(StorageException.class)
                    .hasMessageContaining("damaged").hasMessageContaining("state root")
                    .hasMessageContaining("head block 1 commits to " + store.head().stateRoot());
            // an account gone missing is refused the same way
            reopened.write(new WriteBatch().delete(Column.ACCOUNTS, erick.bytes()), true);
            assertThatThrownBy(() -> ChainStore.open(reopened)).isInstanceOf(StorageException.class)
                    .hasMessageContaining("state root");
        } finally {
            reopened.close();
        }
        kv = RocksDbKeyValueStore.open(tmp.resolve("unused"));
        store = ChainStore.open(kv);
    }

    @Test
    void aFormatOneStoreDropsItsPersistedTreeNodesAndBecomesFormatTwo() {
        ChainDriver driver = new ChainDriver(28);
        store.initialize(ChainDriver.genesis());
        driver.commitNext(store, 4);
        WriteBatch old = new WriteBatch().put(Column.META, ChainStore.META_FORMAT, new byte[] {0, 0, 0, 1});
        for (int i = 0; i < 25_000; i++) {
            old.put(Column.TREE_NODES, Hash.of(new byte[] {(byte) i, (byte) (i >> 8)}).bytes(), new byte[65]);
        }
        kv.write(old, true);
        reopen();
        assertThat(kv.get(Column.META, ChainStore.META_FORMAT)).hasValueSatisfying(
                v -> assertThat(v).containsExactly(0, 0, 0, ChainStore.FORMAT_VERSION));
        assertThat(kv.scan(Column.TREE_NODES, new byte[0], null, 1)).isEmpty();
        driver.commitNext(store, 4);
        reopen();
        StoreChecks.verifyWholeStore(store, kv);
    }

    private static Path only(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (var channel = Files.newByteChannel(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
