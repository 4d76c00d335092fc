package org.stakechain.storage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.Account;
import org.stakechain.ledger.state.TreeNode;

/**
 * The bounded caches in front of the store, shared by every view.
 *
 * <p>Tree nodes are content-addressed (a hash names one encoding forever), so a cached node is right for every
 * view, old or new, and the tree checks each node it reads against its hash anyway.
 *
 * <p>Accounts are not: an address names different accounts at different heights. The account cache holds the
 * accounts of exactly one head, {@code height}; only a view of that head may read or fill it, and a commit moves
 * it to the next head by replacing the accounts the block changed (write-through) before anyone can read it
 * there. Views of older heads read their snapshot directly. So no view ever sees an account of another head.
 */
final class StateCache {
    private final LruMap<Address, Account> accounts;
    private final LruMap<Hash, TreeNode> nodes;
    private long height;

    StateCache(int maxAccounts, int maxNodes, long height) {
        this.accounts = new LruMap<>(maxAccounts);
        this.nodes = new LruMap<>(maxNodes);
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

    synchronized Optional<TreeNode> node(Hash hash) {
        return Optional.ofNullable(nodes.get(hash));
    }

    synchronized void rememberNode(TreeNode node) {
        nodes.put(node.hash(), node);
    }

    /** Called by a commit after its batch is written: the cache now describes head {@code newHeight}. */
    synchronized void advance(long newHeight, Map<Address, Account> changed, Map<Hash, TreeNode> newNodes,
                              Iterable<Hash> staleNodes) {
        if (newHeight != height + 1) {
            accounts.clear();
        } else {
            changed.forEach(accounts::put);
        }
        height = newHeight;
        staleNodes.forEach(nodes::remove);
        newNodes.values().forEach(n -> nodes.put(n.hash(), n));
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
