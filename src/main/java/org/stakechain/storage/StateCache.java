package org.stakechain.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.stakechain.crypto.Address;
import org.stakechain.ledger.Account;

/**
 * The bounded account cache in front of the store, shared by every view. (The state tree is all in memory,
 * {@link StateTree}, so it needs no cache.)
 *
 * <p>An address names different accounts at different heights. The cache describes the accounts of one head,
 * {@code height}, and for each address it holds, the heights that account is known to be right for: each cached
 * {@link Version} says "this account, from height {@code since} until the next newer version's {@code since}
 * (for the newest: until {@code height})". A commit moves the cache to the next head by adding the block's
 * changed accounts as new versions (write-through) before anyone can read that head; every other cached account
 * was not changed by the block, so its newest version stays right one head further. A view of height {@code h}
 * reads the version whose range holds {@code h}, or misses and reads its snapshot; only a view of the cache's own
 * head may fill it (its snapshot's account is right from {@code h} on, as far as anyone knows yet), and a view of a
 * head the cache has not reached yet (opened between a commit's write and its cache update) never reads it. So
 * no view ever sees an account of another head.
 *
 * <p>Why versions: a view stays open while its holder works (the mempool's admission of a batch checks the
 * batch's signatures between reading its senders and admitting them), and meanwhile blocks commit. With only the
 * head's accounts cached, every read of such a view missed and went to RocksDB: most of the admission's store
 * reads under load. Unchanged accounts are now hits at any older height they were cached at, and changed ones
 * for the last {@value #VERSIONS} versions.
 *
 * <p>Older versions are kept only while a view that may read them is open: every commit is told the height of the
 * oldest open view and drops the versions older than the one right there. Keeping {@value #VERSIONS} versions of
 * every changed address regardless (round 6) tripled the cache's accounts and made each one live until its
 * address changed twice more, seconds under load: young collections copied and promoted them, and they died in
 * the old generation, filling it towards full collections (docs/performance.md, "GC (round 7)").
 */
final class StateCache {
    /** Versions kept per address, newest included; older ones are dropped (a view that old reads its snapshot). */
    static final int VERSIONS = 3;

    private final LruMap<Address, Version> accounts;
    /**
     * The newest versions whose older versions were kept at the last commit because an older view was open then;
     * the next commit cuts them again (an address not changed for a while would keep them until evicted otherwise).
     * The versions themselves, not their addresses: the cut then needs no lookup in the cache (one per changed
     * address of the last block, on the committing thread). A version evicted meanwhile is cut all the same,
     * harmlessly: no reader reaches it any more. One {@link Version#superseded} since is left to the newer one.
     */
    private List<Version> olderKept = new ArrayList<>();
    private long height;

    StateCache(int maxAccounts, long height) {
        this.accounts = new LruMap<>(maxAccounts);
        this.height = height;
    }

    /**
     * One account of an address and the first height it is known to be right at; {@code older} is the version
     * before (mutable only under the cache's lock, to cut the chain at {@link #VERSIONS}).
     */
    private static final class Version {
        final Account account;
        final long since;
        Version older;
        /** A newer version of the address was pushed in front of this one (under the cache's lock). */
        boolean superseded;

        Version(Account account, long since, Version older) {
            this.account = account;
            this.since = since;
            this.older = older;
        }
    }

    synchronized Optional<Account> account(long viewHeight, Address address) {
        return Optional.ofNullable(accountOrNull(viewHeight, address));
    }

    /**
     * As {@link #account}, null on a miss: the read path of every view ({@link HeadState#account}), several times
     * per transaction, without an Optional each time.
     */
    synchronized Account accountOrNull(long viewHeight, Address address) {
        if (viewHeight > height) {
            return null;
        }
        // newest first: the first version from at or below the view's height is right there, since every newer
        // one starts above it
        for (Version v = accounts.get(address); v != null; v = v.older) {
            if (v.since <= viewHeight) {
                return v.account;
            }
        }
        return null;
    }

    /** {@code account} is what a view of {@code viewHeight} read from its snapshot; kept if that is the head. */
    synchronized void rememberAccount(long viewHeight, Address address, Account account) {
        if (viewHeight == height) {
            // an entry here would have answered this height: another reader filled it meanwhile, with the same
            accounts.putIfAbsent(address, new Version(account, viewHeight, null));
        }
    }

    /** As {@link #advance(long, Map, long)} with views of every height open: up to {@link #VERSIONS} kept (tests). */
    synchronized void advance(long newHeight, Map<Address, Account> changed) {
        advance(newHeight, changed, Long.MIN_VALUE);
    }

    /**
     * Called by a commit after its batch is written: the cache now describes head {@code newHeight}. No view older
     * than {@code oldestView} is open or can open any more (the commit's caller knows its views), so versions that
     * only such views could read are dropped: of an address's versions, those older than the one right at
     * {@code oldestView}.
     */
    synchronized void advance(long newHeight, Map<Address, Account> changed, long oldestView) {
        if (newHeight != height + 1) {
            accounts.clear();
            olderKept.clear();
        } else {
            List<Version> still = new ArrayList<>();
            // forEach, not the entry set: the block's changes are a frozen map, whose entry iterator wraps each entry
            changed.forEach((address, account) -> {
                // one map operation per changed account (this runs on the committing thread for every block)
                Version v = accounts.merge(address, new Version(account, newHeight, null), PUSH);
                if (keepFor(v, oldestView)) {
                    still.add(v);
                }
            });
            // versions that kept older ones at earlier commits: cut what no open view reads any more. One whose
            // address the block changed was superseded just now, and its newer version judged above.
            for (Version v : olderKept) {
                if (!v.superseded && keepFor(v, oldestView)) {
                    still.add(v);
                }
            }
            olderKept = still;
        }
        height = newHeight;
    }

    /** The new version in front of the address's versions, of which the newest {@link #VERSIONS} stay at most. */
    private static final BiFunction<Version, Version, Version> PUSH = (previous, next) -> {
        previous.superseded = true;
        cut(previous, VERSIONS - 1);
        next.older = previous;
        return next;
    };

    /** Keeps at most {@code keep} versions from {@code v} on. */
    private static void cut(Version v, int keep) {
        for (int i = 1; v != null; i++, v = v.older) {
            if (i >= keep) {
                v.older = null;
                return;
            }
        }
    }

    /**
     * Cuts the versions after the first that is right at {@code oldestView} (newest first: the first from at or
     * below it); true if {@code newest} still has older versions.
     */
    private static boolean keepFor(Version newest, long oldestView) {
        for (Version v = newest; v != null; v = v.older) {
            if (v.since <= oldestView) {
                v.older = null;
                break;
            }
        }
        return newest.older != null;
    }

    /** The versions cached for {@code address}, newest first (tests). */
    synchronized int versions(Address address) {
        int n = 0;
        for (Version v = accounts.get(address); v != null; v = v.older) {
            n++;
        }
        return n;
    }

    /** All versions cached, of all addresses (tests). */
    synchronized int versionCount() {
        int n = 0;
        for (Version newest : accounts.values()) {
            for (Version v = newest; v != null; v = v.older) {
                n++;
            }
        }
        return n;
    }

    /** Addresses cached (tests). */
    synchronized int addressCount() {
        return accounts.size();
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
