package org.stakechain.storage;

import org.stakechain.storage.memory.InMemoryKeyValueStore;

class InMemoryKeyValueStoreTest extends KeyValueStoreContractTest {
    @Override
    protected KeyValueStore openStore() {
        return new InMemoryKeyValueStore();
    }
}
