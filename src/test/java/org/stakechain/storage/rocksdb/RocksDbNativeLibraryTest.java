package org.stakechain.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.util.Environment;
import org.stakechain.storage.Column;
import org.stakechain.storage.WriteBatch;

class RocksDbNativeLibraryTest {

    @Test
    void theLibraryIsLoadedAndItsCopyIsGoneAtOnce(@TempDir Path dir) {
        try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir.resolve("chain"))) {
            store.write(new WriteBatch().put(Column.META, new byte[] {1}, new byte[] {2}), false);
            assertThat(store.get(Column.META, new byte[] {1})).hasValueSatisfying(v -> assertThat(v).containsExactly(2));
        }
        // the jar carries this platform's library, so it was copied out, loaded, and deleted with its directory
        assertThat(RocksDbKeyValueStore.class.getResource("/" + Environment.getJniLibraryFileName("rocksdb")))
                .isNotNull();
        assertThat(RocksDbNativeLibrary.loadedFromCopy()).as("loaded from our copy, not by RocksJava's own loader")
                .isTrue();
        Path copied = RocksDbNativeLibrary.lastDirectory();
        assertThat(copied).isNotNull();
        assertThat(copied.getFileName().toString()).startsWith("stakechain-rocksdbjni");
        assertThat(copied).doesNotExist();
        assertThat(Optional.ofNullable(copied.getParent())).isPresent();
    }

    @Test
    void loadingAgainDoesNothing() {
        RocksDbNativeLibrary.load();
        Path first = RocksDbNativeLibrary.lastDirectory();
        RocksDbNativeLibrary.load();
        assertThat(RocksDbNativeLibrary.lastDirectory()).isSameAs(first);
    }
}
