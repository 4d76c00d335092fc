package org.stakechain.storage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.stakechain.crypto.Address;
import org.stakechain.ledger.Account;

/**
 * The bounded account cache in front of the store, shared by every view. (The state tree is all in memory,
 * {@link StateTree}, so it needs no cache.)
 *
 * <p>An address names different accounts at different heights. The account cache holds the
 * accounts of exactly one head, {@code height}; only a view of that head may read or fill it, and a commit moves
 * it to the next head by replacing the accounts the block changed (write-through) before anyone can read it
 * there. Views of older heads read their snapshot directly. So no view ever sees an account of another head.
 */
final class StateCache {
    private final LruMap<Address, Account> accounts;
    private long height;

    StateCache(int maxAccounts, long height) {
        this.accounts = new LruMap<>(maxAccounts);
        this.height = height;
    }

    synchronized Optional<Account> account(long viewHeight, Address address) {
        return viewHeight == height ? Optional.ofNullable(accounts.get(address)) : Optional.empty();
    }

    synchronized void rememberAccount(long viewHeight, Address address, Account account) {
        if (viewHeight == height) {
            accounts.put(address, account);
        }
    }

    /** Called by a commit after its batch is written: the cache now describes head {@code newHeight}. */
    synchronized void advance(long newHeight, Map<Address, Account> changed) {
        if (newHeight != height + 1) {
            accounts.clear();
        } else {
            changed.forEach(accounts::put);
        }
        height = newHeight;
    }

    private static final class LruMap<K, V> extends LinkedHashMap<K, V> {
        private final int capacity;

        LruMap(int capacity) {
            super(Math.min(capacity, 1 << 16), 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
        }
    }
}
