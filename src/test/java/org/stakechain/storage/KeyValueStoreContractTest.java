package org.stakechain.storage;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One contract for every {@link KeyValueStore}: the RocksDB store and its in-memory twin must agree. */
abstract class KeyValueStoreContractTest {
    protected KeyValueStore store;

    protected abstract KeyValueStore openStore();

    @BeforeEach
    void open() {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    @Test
    void readsBackWhatABatchPutAndNothingForAbsentKeys() {
        store.write(new WriteBatch().put(Column.BLOCKS, b("k1"), b("v1")).put(Column.ACCOUNTS, b("k1"), b("other")), true);
        assertThat(store.get(Column.BLOCKS, b("k1"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("v1")));
        assertThat(store.get(Column.ACCOUNTS, b("k1"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("other")));
        assertThat(store.get(Column.BLOCKS, b("k2"))).isEmpty();
        assertThat(store.get(Column.META, b("k1"))).as("columns are separate key spaces").isEmpty();
    }

    @Test
    void appliesTheOperationsOfABatchInOrderSoTheLastOneOnAKeyWins() {
        store.write(new WriteBatch().put(Column.META, b("a"), b("1")).delete(Column.META, b("a"))
                .put(Column.META, b("b"), b("1")).put(Column.META, b("b"), b("2")), false);
        assertThat(store.get(Column.META, b("a"))).isEmpty();
        assertThat(store.get(Column.META, b("b"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("2")));
        store.write(new WriteBatch().delete(Column.META, b("b")).delete(Column.META, b("never")), true);
        assertThat(store.get(Column.META, b("b"))).isEmpty();
    }

    @Test
    void scansInUnsignedByteOrderWithinBoundsAndLimit() {
        WriteBatch batch = new WriteBatch();
        byte[][] keys = {{0x00}, {0x01, 0x00}, {0x01, (byte) 0x80}, {0x01, (byte) 0xFF}, {(byte) 0x80}, {(byte) 0xFF}};
        for (int i = keys.length - 1; i >= 0; i--) {
            batch.put(Column.TREE_NODES, keys[i], new byte[] {(byte) i});
        }
        store.write(batch, false);
        List<KeyValue> all = store.scan(Column.TREE_NODES, new byte[0], null, 100);
        assertThat(all).extracting(KeyValue::key).containsExactly(keys);
        assertThat(store.scan(Column.TREE_NODES, new byte[] {0x01}, new byte[] {(byte) 0x80}, 100))
                .extracting(KeyValue::key).containsExactly(keys[1], keys[2], keys[3]);
        assertThat(store.scan(Column.TREE_NODES, new byte[0], null, 2)).hasSize(2);
        assertThat(store.scanPrefix(Column.TREE_NODES, new byte[] {0x01}, 100)).extracting(KeyValue::key)
                .containsExactly(keys[1], keys[2], keys[3]);
        assertThat(store.scanPrefix(Column.TREE_NODES, new byte[] {(byte) 0xFF}, 100)).extracting(KeyValue::key)
                .containsExactly(keys[5]);
        assertThat(store.scan(Column.TREE_NODES, new byte[] {0x05}, new byte[] {0x02}, 100)).isEmpty();
    }

    @Test
    void aSnapshotKeepsAnsweringForTheMomentItWasTaken() {
        store.write(new WriteBatch().put(Column.ACCOUNTS, b("x"), b("old")).put(Column.ACCOUNTS, b("gone"), b("1")), true);
        try (KeyValueStore.Snapshot snapshot = store.snapshot()) {
            store.write(new WriteBatch().put(Column.ACCOUNTS, b("x"), b("new")).delete(Column.ACCOUNTS, b("gone"))
                    .put(Column.ACCOUNTS, b("y"), b("later")), true);
            assertThat(snapshot.get(Column.ACCOUNTS, b("x"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("old")));
            assertThat(snapshot.get(Column.ACCOUNTS, b("gone"))).isPresent();
            assertThat(snapshot.get(Column.ACCOUNTS, b("y"))).isEmpty();
            assertThat(snapshot.scan(Column.ACCOUNTS, new byte[0], null, 10)).hasSize(2);
            assertThat(store.get(Column.ACCOUNTS, b("x"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("new")));
            assertThat(store.scan(Column.ACCOUNTS, new byte[0], null, 10)).extracting(KeyValue::key)
                    .containsExactly(b("x"), b("y"));
        }
    }

    @Test
    void refusesUseAfterCloseWithAClearError() {
        KeyValueStore.Snapshot snapshot = store.snapshot();
        snapshot.close();
        assertThatThrownBy(() -> snapshot.get(Column.META, b("a"))).isInstanceOf(StorageException.class)
                .hasMessageContaining("closed");
        store.close();
        assertThatThrownBy(() -> store.get(Column.META, b("a"))).isInstanceOf(StorageException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.write(new WriteBatch().put(Column.META, b("a"), b("b")), true))
                .isInstanceOf(StorageException.class);
        store.close();
    }

    @Test
    void theValuesItReturnsAreCopiesTheCallerMayChange() {
        byte[] value = b("abc");
        store.write(new WriteBatch().put(Column.META, b("k"), value), false);
        value[0] = 'z';
        byte[] read = store.get(Column.META, b("k")).orElseThrow();
        read[1] = 'z';
        assertThat(store.get(Column.META, b("k"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("abc")));
    }
}
