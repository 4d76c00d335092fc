package org.stakechain.ledger.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.stakechain.crypto.Hash;

/**
 * Seeded keys and values for the tree's tests and benchmark. Besides uniform keys it makes "neighbours"
 * that share a long prefix with a given key, so deep paths, chains of one-child internal nodes and the last
 * key bits get exercised, which uniform keys almost never reach.
 */
final class TreeTestData {
    private final SplittableRandom random;

    TreeTestData(long seed) {
        this.random = new SplittableRandom(seed);
    }

    SplittableRandom random() {
        return random;
    }

    Hash hash() {
        byte[] bytes = new byte[Hash.LENGTH];
        random.nextBytes(bytes);
        return Hash.wrap(bytes);
    }

    Hash key() {
        return hash();
    }

    Hash value() {
        return hash();
    }

    /** A key equal to {@code key} on the bits before some position, different at it, random after it. */
    Hash neighbour(Hash key) {
        // Mostly near the top, where real trees branch; sometimes in the last 16 bits, the rare and risky
        // case (it costs a chain of ~250 one-child nodes, so not too often: tests must stay fast).
        int position = random.nextInt(10) == 0 ? 240 + random.nextInt(16) : random.nextInt(40);
        byte[] bytes = key.bytes();
        byte[] noise = hash().bytes();
        for (int bit = position; bit < 256; bit++) {
            int index = bit >>> 3;
            int mask = 1 << (7 - (bit & 7));
            boolean value = bit == position ? !key.bit(bit) : (noise[index] & mask) != 0;
            bytes[index] = (byte) (value ? bytes[index] | mask : bytes[index] & ~mask);
        }
        return Hash.wrap(bytes);
    }

    /** A new key, uniform or next to one of {@code existing}. */
    Hash freshKey(List<Hash> existing) {
        if (!existing.isEmpty() && random.nextInt(4) == 0) {
            return neighbour(existing.get(random.nextInt(existing.size())));
        }
        return key();
    }

    /** {@code count} distinct uniform keys with random values. */
    SortedMap<Hash, Hash> entries(int count) {
        SortedMap<Hash, Hash> out = new TreeMap<>();
        while (out.size() < count) {
            out.put(key(), value());
        }
        return out;
    }

    <T> List<T> shuffled(List<T> items) {
        List<T> copy = new ArrayList<>(items);
        for (int i = copy.size() - 1; i > 0; i--) {
            Collections.swap(copy, i, random.nextInt(i + 1));
        }
        return copy;
    }

    /** All of {@code entries} as inserts. */
    static SortedMap<Hash, Optional<Hash>> inserts(SortedMap<Hash, Hash> entries) {
        SortedMap<Hash, Optional<Hash>> out = new TreeMap<>();
        entries.forEach((k, v) -> out.put(k, Optional.of(v)));
        return out;
    }
}
