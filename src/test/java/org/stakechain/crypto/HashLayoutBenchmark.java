package org.stakechain.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What {@link Hash} and {@link Address} cost per call, through their public methods only (so the same class runs
 * against an older build's classes): equality and hash codes of equal but distinct values, a {@code HashMap} lookup
 * among 20,000 address keys (the state cache's and the pool's), a hash's {@code isZero}, {@code bit},
 * {@code compareTo}, {@code copyTo} and {@code wrap}; and the byte-array conversions the field layout needs, by hand
 * against byte-array view {@code VarHandle}s. The nodes run C1 only:
 * {@code scripts/jmh.sh HashLayoutBenchmark -jvmArgsAppend -XX:TieredStopAtLevel=1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HashLayoutBenchmark {
    private static final int KEYS = 20_000;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Address[] addresses;
    private Address[] lookups;
    private Map<Address, Integer> map;
    private Hash[] hashes;
    private Hash[] hashCopies;
    private byte[][] hashBytes;
    private final byte[] target = new byte[65];
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        addresses = new Address[KEYS];
        lookups = new Address[KEYS];
        map = new HashMap<>();
        hashes = new Hash[KEYS];
        hashCopies = new Hash[KEYS];
        hashBytes = new byte[KEYS][];
        for (int i = 0; i < KEYS; i++) {
            byte[] a = new byte[Address.LENGTH];
            random.nextBytes(a);
            addresses[i] = Address.wrap(a);
            lookups[i] = Address.wrap(a);
            map.put(addresses[i], i);
            byte[] h = new byte[Hash.LENGTH];
            random.nextBytes(h);
            hashes[i] = Hash.wrap(h);
            hashCopies[i] = Hash.wrap(h);
            hashBytes[i] = h;
        }
        // visit the keys in a shuffled order, so consecutive calls do not share cache lines
        for (int i = KEYS - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            swap(lookups, i, j);
            swap(addresses, i, j);
            swap(hashes, i, j);
            swap(hashCopies, i, j);
        }
    }

    private static <T> void swap(T[] a, int i, int j) {
        T t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    private int index() {
        int i = next + 1;
        next = i == KEYS ? 0 : i;
        return next;
    }

    @Benchmark
    public boolean addressEquals() {
        int i = index();
        return addresses[i].equals(lookups[i]);
    }

    @Benchmark
    public int addressHashCode() {
        return lookups[index()].hashCode();
    }

    @Benchmark
    public Integer addressMapGet() {
        return map.get(lookups[index()]);
    }

    @Benchmark
    public boolean hashEquals() {
        int i = index();
        return hashes[i].equals(hashCopies[i]);
    }

    @Benchmark
    public boolean hashIsZero() {
        return hashes[index()].isZero();
    }

    @Benchmark
    public boolean hashBit() {
        int i = index();
        return hashes[i].bit(i & 255);
    }

    @Benchmark
    public int hashCompareTo() {
        int i = index();
        return hashes[i].compareTo(hashCopies[i]);
    }

    @Benchmark
    public byte[] hashCopyTo() {
        hashes[index()].copyTo(target, 1);
        return target;
    }

    @Benchmark
    public Hash hashWrap() {
        return Hash.wrap(hashBytes[index()]);
    }

    /** The conversions themselves: four big-endian longs out of and into a byte[], by hand. */
    @Benchmark
    public void wordsByHand(Blackhole hole) {
        byte[] b = hashBytes[index()];
        long w0 = Words.readLong(b, 0);
        long w1 = Words.readLong(b, 8);
        long w2 = Words.readLong(b, 16);
        long w3 = Words.readLong(b, 24);
        Words.writeLong(target, 1, w0);
        Words.writeLong(target, 9, w1);
        Words.writeLong(target, 17, w2);
        Words.writeLong(target, 25, w3);
        hole.consume(target);
    }

    /** The same through a byte-array view {@code VarHandle}. */
    @Benchmark
    public void wordsByVarHandle(Blackhole hole) {
        byte[] b = hashBytes[index()];
        long w0 = (long) LONGS.get(b, 0);
        long w1 = (long) LONGS.get(b, 8);
        long w2 = (long) LONGS.get(b, 16);
        long w3 = (long) LONGS.get(b, 24);
        LONGS.set(target, 1, w0);
        LONGS.set(target, 9, w1);
        LONGS.set(target, 17, w2);
        LONGS.set(target, 25, w3);
        hole.consume(target);
    }
}
