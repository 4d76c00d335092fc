package org.stakechain.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SHA-256 of a state-tree node's preimage (65 bytes) and of a transfer's encoding (~180 bytes): the JDK's SUN
 * provider (a C2 intrinsic; plain Java under C1) against AWS-LC through ACCP (native, one JNI call per digest).
 * Run under both compilers: {@code scripts/jmh.sh Sha256Benchmark} and
 * {@code scripts/jmh.sh Sha256Benchmark -jvmArgsAppend -XX:TieredStopAtLevel=1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Sha256Benchmark {
    @Param({"65", "180"})
    int length;

    @Param({"sun", "accp"})
    String provider;

    private MessageDigest digest;
    private byte[] input;
    private final byte[] out = new byte[32];

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        digest = "accp".equals(provider) ? MessageDigest.getInstance("SHA-256", AmazonCorrettoCryptoProvider.INSTANCE)
                : MessageDigest.getInstance("SHA-256", java.security.Security.getProvider("SUN"));
        input = new byte[length];
        for (int i = 0; i < length; i++) {
            input[i] = (byte) (i * 31);
        }
    }

    @Benchmark
    public byte[] digest() throws DigestException {
        digest.update(input, 0, input.length);
        digest.digest(out, 0, 32);
        return out;
    }

    /** As {@code Hash.of} does it: the digest's own fresh array, kept as the hash's bytes. */
    @Benchmark
    public byte[] digestToNewArray() {
        digest.update(input, 0, input.length);
        return digest.digest();
    }
}
