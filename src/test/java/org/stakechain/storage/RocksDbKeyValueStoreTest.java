package org.stakechain.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.stakechain.storage.rocksdb.RocksDbKeyValueStore;

class RocksDbKeyValueStoreTest extends KeyValueStoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected KeyValueStore openStore() {
        return RocksDbKeyValueStore.open(dir.resolve("db"), 8L << 20);
    }
}
