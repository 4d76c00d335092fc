package org.stakechain.mempool;

import java.util.TreeMap;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.PublicKey;

/** One sender's pooled transactions by nonce. Holds the address so the pool hashes each key once. */
final class SenderQueue {
    final PublicKey key;
    final Address address;
    final TreeMap<Long, PooledTransaction> byNonce = new TreeMap<>();

    SenderQueue(PublicKey key, Address address) {
        this.key = key;
        this.address = address;
    }

    PooledTransaction last() {
        var e = byNonce.lastEntry();
        return e == null ? null : e.getValue();
    }
}
