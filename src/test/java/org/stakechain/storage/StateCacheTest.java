package org.stakechain.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Address;
import org.stakechain.ledger.Account;
import org.stakechain.testing.Seeds;

/**
 * {@link StateCache}: views of older heads hit for accounts that did not change since (and for the last few
 * versions of those that did), and no view ever reads an account of another head.
 */
class StateCacheTest {
    private static Address address(int i) {
        byte[] raw = new byte[20];
        raw[0] = (byte) i;
        raw[19] = (byte) (i >> 8);
        return Address.wrap(raw);
    }

    @Test
    void aViewOfAnOlderHeadHitsForUnchangedAccountsAndRecentVersionsOfChangedOnes() {
        StateCache cache = new StateCache(100, 5);
        Address a = address(1);
        Address b = address(2);
        cache.rememberAccount(5, a, Account.funded(10));
        cache.rememberAccount(5, b, Account.funded(20));
        cache.advance(6, Map.of(b, Account.funded(21)));
        cache.advance(7, Map.of(b, Account.funded(22)));
        assertThat(cache.account(5, a)).contains(Account.funded(10));
        assertThat(cache.account(7, a)).contains(Account.funded(10));
        assertThat(cache.account(5, b)).contains(Account.funded(20));
        assertThat(cache.account(6, b)).contains(Account.funded(21));
        assertThat(cache.account(7, b)).contains(Account.funded(22));
        // before anything was known of it: a miss, not the oldest version
        assertThat(cache.account(4, a)).isEmpty();
        assertThat(cache.account(4, b)).isEmpty();
    }

    @Test
    void aViewOfAHeadTheCacheHasNotReachedMissesAndOnlyTheHeadsViewsFillIt() {
        StateCache cache = new StateCache(100, 5);
        Address a = address(1);
        cache.rememberAccount(5, a, Account.funded(10));
        // the store holds block 6 already (its view opened between the write and the cache's advance)
        assertThat(cache.account(6, a)).isEmpty();
        cache.rememberAccount(6, a, Account.funded(11));
        cache.rememberAccount(4, address(2), Account.funded(1));
        assertThat(cache.account(5, a)).contains(Account.funded(10));
        assertThat(cache.account(4, address(2))).isEmpty();
        assertThat(cache.account(5, address(2))).isEmpty();
        cache.advance(6, Map.of(a, Account.funded(11)));
        assertThat(cache.account(6, a)).contains(Account.funded(11));
    }

    @Test
    void keepsAtMostTheConfiguredVersionsAndForgetsAllOnAJump() {
        StateCache cache = new StateCache(100, 0);
        Address a = address(1);
        for (int h = 1; h <= 10; h++) {
            cache.advance(h, Map.of(a, Account.funded(h)));
            assertThat(cache.versions(a)).isEqualTo(Math.min(h, StateCache.VERSIONS));
        }
        assertThat(cache.account(10 - StateCache.VERSIONS + 1, a)).contains(Account.funded(10 - StateCache.VERSIONS + 1));
        assertThat(cache.account(10 - StateCache.VERSIONS, a)).isEmpty();
        cache.advance(12, Map.of());
        assertThat(cache.versions(a)).isZero();
        assertThat(cache.account(12, a)).isEmpty();
    }

    @Test
    void olderVersionsStayOnlyWhileAViewThatOldIsOpen() {
        StateCache cache = new StateCache(100, 0);
        Address a = address(1);
        Address b = address(2);
        // no older view open at any commit: one version each, as a cache of the head alone
        for (int h = 1; h <= 4; h++) {
            cache.advance(h, Map.of(a, Account.funded(h), b, Account.funded(100 + h)), h);
            assertThat(cache.versions(a)).isEqualTo(1);
        }
        assertThat(cache.account(3, a)).isEmpty();
        // a view of 4 stays open while 5 and 6 commit: the versions from 4 on stay (a view of 5 may be open too)
        cache.advance(5, Map.of(a, Account.funded(5)), 4);
        assertThat(cache.versions(a)).isEqualTo(2);
        assertThat(cache.versions(b)).isEqualTo(1);
        cache.advance(6, Map.of(a, Account.funded(6)), 4);
        assertThat(cache.versions(a)).isEqualTo(3);
        assertThat(cache.account(4, a)).contains(Account.funded(4));
        assertThat(cache.account(5, a)).contains(Account.funded(5));
        assertThat(cache.account(4, b)).contains(Account.funded(104));
        // the view closed: the next commit cuts a's older versions although it does not change a
        cache.advance(7, Map.of(b, Account.funded(107)), 7);
        assertThat(cache.versions(a)).isEqualTo(1);
        assertThat(cache.versions(b)).isEqualTo(1);
        assertThat(cache.account(7, a)).contains(Account.funded(6));
        assertThat(cache.account(5, a)).isEmpty();
        assertThat(cache.versionCount()).isEqualTo(cache.addressCount());
    }

    /**
     * A chain of heads over a few addresses, each block changing some; views of the last heads (and of a head
     * written but not yet in the cache) read through the cache as {@link HeadState} does, falling back to the
     * history; every answer must be that head's account. The cache is smaller than the address space, so
     * evictions happen too. Replay with {@code -Dstorage.cache.seed=N}.
     */
    @Test
    void viewsOfEveryRecentHeadReadOnlyTheirOwnHeadsAccounts() {
        int olderHits = 0;
        for (long seed : Seeds.of("storage.cache.seed", 8_800, 20)) {
            SplittableRandom random = new SplittableRandom(seed);
            int addresses = 12;
            List<Map<Address, Account>> history = new ArrayList<>();
            Map<Address, Account> genesis = new HashMap<>();
            for (int i = 0; i < addresses; i++) {
                if (random.nextBoolean()) {
                    genesis.put(address(i), Account.funded(1_000 + i));
                }
            }
            history.add(genesis);
            StateCache cache = new StateCache(1 + random.nextInt(addresses), 0);
            for (int h = 1; h <= 60; h++) {
                // the block is written: the store holds head h, the cache is still at h - 1
                Map<Address, Account> changed = new HashMap<>();
                for (int k = random.nextInt(4); k > 0; k--) {
                    Address a = address(random.nextInt(addresses));
                    changed.put(a, random.nextInt(5) == 0 ? Account.EMPTY : Account.funded(random.nextLong(1, 1 << 40)));
                }
                Map<Address, Account> next = new HashMap<>(history.get(h - 1));
                changed.forEach((a, acc) -> {
                    if (acc.isEmpty()) {
                        next.remove(a);
                    } else {
                        next.put(a, acc);
                    }
                });
                history.add(next);
                olderHits += reads(random, cache, history, h, h - 1, seed);
                // the oldest open view: a recent head (the versions before it go; views older than it would only
                // miss, never read another head's account), or any (all versions kept)
                long oldest = random.nextInt(3) == 0 ? Long.MIN_VALUE : h - random.nextInt(7);
                cache.advance(h, changed, oldest);
                olderHits += reads(random, cache, history, h, h, seed);
            }
        }
        assertThat(olderHits).as("views of older heads hit the cache").isPositive();
    }

    /** Random reads by views of heads {@code top - 6} to {@code top}; returns the hits of views below the cache's head. */
    private static int reads(SplittableRandom random, StateCache cache, List<Map<Address, Account>> history, int top,
                             int cacheHeight, long seed) {
        int olderHits = 0;
        for (int r = random.nextInt(30); r > 0; r--) {
            int view = Math.max(0, top - random.nextInt(7));
            Address a = address(random.nextInt(12));
            Account expected = history.get(view).getOrDefault(a, Account.EMPTY);
            Optional<Account> cached = cache.account(view, a);
            Account got;
            if (cached.isPresent()) {
                got = cached.get();
                if (view < cacheHeight) {
                    olderHits++;
                }
            } else {
                got = expected; // the view's snapshot
                cache.rememberAccount(view, a, got);
            }
            assertThat(got).as("seed %d (replay with -Dstorage.cache.seed=%d): view of %d reads %s", seed, seed,
                    view, a).isEqualTo(expected);
        }
        return olderHits;
    }
}
