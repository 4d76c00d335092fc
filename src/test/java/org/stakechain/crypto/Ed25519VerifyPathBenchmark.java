package org.stakechain.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The node's verify path ({@link Ed25519#verify}: strict pre-checks, then the engine) against the bare ACCP call
 * with ACCP key objects made beforehand, under three patterns of keys:
 * <ul>
 *   <li>{@code same}: one key every time (a validator's votes; a busy sender);
 *   <li>{@code distinct}: {@value #KEYS} keys in turn, each once per round (10,000 accounts sending);
 *   <li>{@code runs}: {@value #KEYS} keys in turn, {@value #RUN} signatures by each before the next (one sender's
 *       burst, a block's transactions grouped by sender).
 * </ul>
 * Uses only public API, so {@code scripts/jmh-ab.py} can run it against an older build:
 * {@code scripts/jmh.sh Ed25519VerifyPathBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s}. The fork registers ACCP's EdDSA
 * KeyFactory on the shared provider only so that the raw baseline gets ACCP key objects; the node's engine does not
 * depend on it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dcom.amazon.corretto.crypto.provider.registerEdKeyFactory=true")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Ed25519VerifyPathBenchmark {
    static final int KEYS = 10_000;
    static final int RUN = 60;

    @Param({"same", "distinct", "runs"})
    public String keys;

    private PublicKey[] publicKeys;
    private java.security.PublicKey[] accpKeys;
    private byte[][] messages;
    private Signature[] signatures;
    private byte[][] signatureBytes;
    private int runLength;
    /** Verifies per benchmark call: timing a thread's CPU costs ~1 us, so it is read once per batch. */
    static final int BATCH = 1_000;
    private int next;
    private java.security.Signature accpVerifier;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        int count = "same".equals(keys) ? 1 : KEYS;
        runLength = "runs".equals(keys) ? RUN : 1;
        publicKeys = new PublicKey[count];
        accpKeys = new java.security.PublicKey[count];
        messages = new byte[count][];
        signatures = new Signature[count];
        signatureBytes = new byte[count][];
        KeyFactory accpKeyFactory = KeyFactory.getInstance("EdDSA", AmazonCorrettoCryptoProvider.INSTANCE);
        for (int i = 0; i < count; i++) {
            KeyPair pair = KeyPair.deterministic("sender-" + i);
            byte[] message = new byte[128]; // about a transfer's signed bytes
            for (int b = 0; b < message.length; b++) {
                message[b] = (byte) (b + i);
            }
            publicKeys[i] = pair.publicKey();
            messages[i] = message;
            signatures[i] = Ed25519.sign(pair, message);
            signatureBytes[i] = signatures[i].bytes();
            accpKeys[i] = accpKeyFactory.generatePublic(new X509EncodedKeySpec(Ed25519Der.spki(publicKeys[i].bytes())));
        }
        accpVerifier = java.security.Signature.getInstance("Ed25519", AmazonCorrettoCryptoProvider.INSTANCE);
        for (int i = 0; i < 2 * count; i++) {
            if (!nodePathOnce() || !rawAccpOnce()) {
                throw new IllegalStateException("a benchmark path does not verify an honest signature");
            }
        }
        System.out.println("\nEd25519 engine: " + Ed25519.engineDescription());
    }

    /** The key index of the next call: the same one {@code runLength} times, then the next, round the keys. */
    private int nextKey() {
        int n = next;
        next = n + 1 == publicKeys.length * runLength ? 0 : n + 1;
        return n / runLength;
    }

    private boolean nodePathOnce() {
        int k = nextKey();
        return Ed25519.verify(publicKeys[k], messages[k], signatures[k]);
    }

    private boolean rawAccpOnce() throws GeneralSecurityException {
        int k = nextKey();
        accpVerifier.initVerify(accpKeys[k]);
        accpVerifier.update(messages[k]);
        return accpVerifier.verify(signatureBytes[k]);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int nodePath(CpuTime cpu) {
        cpu.start();
        int verified = 0;
        for (int i = 0; i < BATCH; i++) {
            verified += nodePathOnce() ? 1 : 0;
        }
        return cpu.stop(verified);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int rawAccp(CpuTime cpu) throws GeneralSecurityException {
        cpu.start();
        int verified = 0;
        for (int i = 0; i < BATCH; i++) {
            verified += rawAccpOnce() ? 1 : 0;
        }
        return cpu.stop(verified);
    }

    /**
     * Thread CPU time per batch of {@value #BATCH} verifies, so {@code cpuMicros / calls / 1000} (jmh-ab's "CPU
     * ms/call") reads as microseconds per verify; on a shared machine it moves much less than the wall-clock score.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        public long cpuMicros;
        public long calls;
        private long started;

        @Setup(Level.Iteration)
        public void reset() {
            cpuMicros = 0;
            calls = 0;
        }

        void start() {
            started = THREADS.getCurrentThreadCpuTime();
        }

        int stop(int result) {
            cpuMicros += (THREADS.getCurrentThreadCpuTime() - started) / 1_000;
            calls++;
            return result;
        }
    }
}
