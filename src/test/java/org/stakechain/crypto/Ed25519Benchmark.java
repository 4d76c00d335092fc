package org.stakechain.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Security;
import java.security.spec.X509EncodedKeySpec;
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

/**
 * Ed25519 on the node's path against the bare libraries. Run: {@code scripts/jmh.sh Ed25519Benchmark}.
 *
 * <ul>
 *   <li>{@code sign}: {@link Ed25519#sign} on the active engine.
 *   <li>{@code verifyNodePath}: {@link Ed25519#verify}: strict pre-checks, then the active engine.
 *   <li>{@code verifyNodePathRotatingKeys}: the same, with 64 validators' keys in turn, so ACCP parses
 *       a key on every call (a block's attestations come from many validators).
 *   <li>{@code verifyRawAccp}: ACCP's Signature with an ACCP key object built once; no pre-checks.
 *   <li>{@code verifyRawJdk}: SunEC's Signature with a key object built once; no pre-checks.
 *   <li>{@code strictRuleOnly}: the pre-checks alone.
 *   <li>{@code derivePublicKey}: seed to public key ({@link KeyPair#fromSeed}): AWS-LC through ACCP when it
 *       loads ({@link AccpKeyDerivation}), else SunEC.
 *   <li>{@code derivePublicKeyJdk}: the same in SunEC alone (the fallback).
 * </ul>
 * On a shared machine, where load changes between one benchmark and the next, {@link #main} gives a
 * steadier ratio: it alternates small batches of node-path and raw ACCP verifies and times each side.
 * The fork registers ACCP's EdDSA KeyFactory (off by default) only so that the raw baseline gets a
 * genuine ACCP key object; the node path does not use it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dcom.amazon.corretto.crypto.provider.registerEdKeyFactory=true")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Ed25519Benchmark {
    private static final int VALIDATORS = 64;

    private KeyPair keys;
    private byte[] message;
    private PublicKey publicKey;
    private Signature signature;
    private byte[] signatureBytes;
    private PublicKey[] validatorKeys;
    private Signature[] validatorSignatures;
    private int nextValidator;

    private java.security.Signature accpVerifier;
    private java.security.PublicKey accpKey;
    private java.security.Signature jdkVerifier;
    private java.security.PublicKey jdkKey;

    @Setup
    public void setUp() throws GeneralSecurityException {
        keys = KeyPair.deterministic("benchmark");
        message = new byte[128]; // about the size of a vote or a transfer
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        publicKey = keys.publicKey();
        signature = Ed25519.sign(keys, message);
        signatureBytes = signature.bytes();
        validatorKeys = new PublicKey[VALIDATORS];
        validatorSignatures = new Signature[VALIDATORS];
        for (int i = 0; i < VALIDATORS; i++) {
            KeyPair validator = KeyPair.deterministic("validator-" + i);
            validatorKeys[i] = validator.publicKey();
            validatorSignatures[i] = Ed25519.sign(validator, message);
        }

        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        byte[] spki = Ed25519Der.spki(publicKey.bytes());
        accpKey = accp.getService("KeyFactory", "EdDSA") != null
                ? KeyFactory.getInstance("EdDSA", accp).generatePublic(new X509EncodedKeySpec(spki))
                : new EncodedPublicKey("EdDSA", spki); // parsed once by ACCP, then reused by identity
        accpVerifier = java.security.Signature.getInstance("Ed25519", accp);

        java.security.Provider sunEc = Security.getProvider("SunEC");
        jdkKey = KeyFactory.getInstance("Ed25519", sunEc).generatePublic(new X509EncodedKeySpec(spki));
        jdkVerifier = java.security.Signature.getInstance("Ed25519", sunEc);

        if (!verifyNodePath() || !verifyRawAccp() || !verifyRawJdk() || !verifyNodePathRotatingKeys()) {
            throw new IllegalStateException("a benchmark path does not verify an honest signature");
        }
        System.out.println("\nEd25519 engine: " + Ed25519.engineDescription() + "; raw ACCP key: " + accpKey.getClass().getSimpleName());
    }

    @Benchmark
    public Signature sign() {
        return Ed25519.sign(keys, message);
    }

    @Benchmark
    public boolean verifyNodePath() {
        return Ed25519.verify(publicKey, message, signature);
    }

    @Benchmark
    public boolean verifyNodePathRotatingKeys() {
        int i = nextValidator;
        nextValidator = (i + 1) & (VALIDATORS - 1);
        return Ed25519.verify(validatorKeys[i], message, validatorSignatures[i]);
    }

    @Benchmark
    public boolean verifyRawAccp() throws GeneralSecurityException {
        accpVerifier.initVerify(accpKey);
        accpVerifier.update(message);
        return accpVerifier.verify(signatureBytes);
    }

    @Benchmark
    public boolean verifyRawJdk() throws GeneralSecurityException {
        jdkVerifier.initVerify(jdkKey);
        jdkVerifier.update(message);
        return jdkVerifier.verify(signatureBytes);
    }

    @Benchmark
    public PublicKey derivePublicKey() {
        return Ed25519.publicKeyOf(keys.seedUnsafe());
    }

    @Benchmark
    public PublicKey derivePublicKeyJdk() {
        return Ed25519KeyDerivation.jdkPublicKeyOf(keys.seedUnsafe());
    }

    @Benchmark
    public Ed25519StrictRule.Violation strictRuleOnly() {
        return Ed25519StrictRule.violation(publicKey, signature);
    }

    /**
     * Node path (one key, and 64 rotating keys) against raw ACCP, interleaved in batches so all three see
     * the same load; reports wall-clock and thread-CPU rates (CPU time leaves out time spent descheduled):
     * {@code java -Dcom.amazon.corretto.crypto.provider.registerEdKeyFactory=true -cp <test classpath> org.stakechain.crypto.Ed25519Benchmark [seconds]}.
     */
    public static void main(String[] args) throws GeneralSecurityException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Ed25519Benchmark b = new Ed25519Benchmark();
        b.setUp();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        String[] names = {"node path", "raw ACCP", "node path, 64 rotating keys"};
        long[] wall = new long[3];
        long[] cpu = new long[3];
        int batch = 200;
        long batches = 0;
        boolean ok = true;
        for (int warm = 0; warm < 50 * batch; warm++) {
            ok &= b.verifyNodePath() & b.verifyRawAccp() & b.verifyNodePathRotatingKeys();
        }
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (int side = 0; side < 3; side++) {
                long w0 = System.nanoTime();
                long c0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < batch; i++) {
                    ok &= side == 0 ? b.verifyNodePath() : side == 1 ? b.verifyRawAccp() : b.verifyNodePathRotatingKeys();
                }
                cpu[side] += threads.getCurrentThreadCpuTime() - c0;
                wall[side] += System.nanoTime() - w0;
            }
            batches++;
        }
        long n = batches * batch;
        System.out.printf("interleaved, %d verifies each (all verified: %s)%n", n, ok);
        for (int side = 0; side < 3; side++) {
            System.out.printf("  %-28s %8.0f ops/s wall, %8.0f ops/s CPU, CPU time vs raw ACCP %.3f%n",
                    names[side], n * 1e9 / wall[side], n * 1e9 / cpu[side], (double) cpu[side] / cpu[1]);
        }
    }
}
