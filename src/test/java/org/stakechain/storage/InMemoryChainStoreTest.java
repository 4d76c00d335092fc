package org.stakechain.storage;

import org.stakechain.storage.memory.InMemoryKeyValueStore;

class InMemoryChainStoreTest extends ChainStoreContractTest {
    @Override
    protected KeyValueStore openStore() {
        return new InMemoryKeyValueStore();
    }
}
