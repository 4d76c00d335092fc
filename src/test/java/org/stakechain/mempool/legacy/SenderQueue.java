package org.stakechain.mempool.legacy;

import java.util.TreeMap;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.PublicKey;

/** One sender's pooled transactions by nonce. Holds the address so the pool hashes each key once. */
final class SenderQueue {
    final PublicKey key;
    final Address address;
    final TreeMap<Long, PooledTransaction> byNonce = new TreeMap<>();
    /** The sender's next nonce as the pool last judged it (admission or re-validation); nonces only grow. */
    long nextNonce;
    /** How many of its entries wait behind a nonce gap (not reachable from {@link #nextNonce} without one). */
    int waiting;

    SenderQueue(PublicKey key, Address address) {
        this.key = key;
        this.address = address;
    }

    /** Entries behind the first gap from {@link #nextNonce} on; entries below it (stale, leaving soon) do not count. */
    int countWaiting() {
        long expect = nextNonce;
        int behindGap = 0;
        for (PooledTransaction p : byNonce.tailMap(nextNonce, true).values()) {
            if (behindGap == 0 && p.nonce == expect) {
                expect++;
            } else {
                behindGap++;
            }
        }
        return behindGap;
    }

    PooledTransaction last() {
        var e = byNonce.lastEntry();
        return e == null ? null : e.getValue();
    }
}
