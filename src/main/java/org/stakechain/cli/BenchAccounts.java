package org.stakechain.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;

/**
 * The bench's funded accounts: key {@code i} derives from a seed, so {@code testnet init --funded-accounts} can
 * fund them in the genesis and {@code bench} can sign for them without passing keys around. Anyone who knows the
 * seed holds these keys: for test networks only.
 */
final class BenchAccounts {
    /** Coins each derived account holds at genesis: plenty for any bench run at the minimum fee. */
    static final long COINS_EACH = 10_000;

    private BenchAccounts() {
    }

    static KeyPair key(long seed, int index) {
        byte[] tag = "stakechain/bench-account".getBytes(StandardCharsets.US_ASCII);
        byte[] at = ByteBuffer.allocate(16).putLong(seed).putLong(index).array();
        return KeyPair.fromSeed(Hash.of(tag, at).bytes());
    }

    private record Derived(long seed, List<KeyPair> keys) {
    }

    /** The last keys derived: bench writes the genesis in-process and then signs, so it derives them once. */
    private static volatile Derived last;

    /**
     * Keys 0..count-1, derived on every core: public key derivation (ACCP ~0.1 ms each, SunEC ~1 ms without it) is
     * what genesis creation costs at 100k accounts.
     */
    static List<KeyPair> keys(long seed, int count) {
        Derived d = last;
        if (d != null && d.seed() == seed && d.keys().size() >= count) {
            return d.keys().subList(0, count);
        }
        List<KeyPair> keys = IntStream.range(0, count).parallel().mapToObj(i -> key(seed, i)).toList();
        last = new Derived(seed, keys);
        return keys;
    }
}
