package org.stakechain.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.amazon.corretto.crypto.provider.SelfTestStatus;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which library computes SHA-256 for {@link Hash}: AWS-LC through ACCP (used as an object, never installed as a
 * global provider) when it loads and gives the FIPS 180-2 known answers, else the JDK's SUN provider;
 * {@value Ed25519#ENGINE_PROPERTY}{@code =jdk} forces the JDK. The digest is the same either way; what differs is
 * speed: the JDK's SHA-256 is fast only once C2 has compiled it to its intrinsic, while ACCP's is native from the
 * first call, 2-3x faster than the JDK's under C1 and on a par under C2 ({@code Sha256Benchmark}; the node JVMs
 * run C1 only, docs/operations.md). The state tree hashes ~20 nodes per transfer.
 */
final class Sha256Digests {
    private static final String ALGORITHM = "SHA-256";
    private static final Provider PROVIDER = choose(System.getProperty(Ed25519.ENGINE_PROPERTY));
    /**
     * ACCP's single-pass digest, {@code SHA256Spi.fastDigest(byte[] out, byte[] in, int offset, int length)}: init,
     * update and final in one native call into the caller's array. Through the {@code MessageDigest} the same call
     * sits behind ACCP's Java-side input buffer (a copy in, a zeroing on reset) and two calls of ours; for the state
     * tree's 65-byte nodes that was ~20% of an update under C1. It is package-private in ACCP, so it is looked up
     * reflectively and used only if it exists with this signature and gives the known answers (and the same
     * digests as the provider's {@code MessageDigest}); else null, and callers use a digest as before.
     */
    private static final MethodHandle ONE_SHOT = PROVIDER == Security.getProvider("SUN") ? null : oneShot();

    private Sha256Digests() {
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(ALGORITHM, PROVIDER);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(PROVIDER.getName() + " lost SHA-256", e);
        }
    }

    /** Whether {@link #digestInto} makes one native call (ACCP's single pass), else it uses the caller's digest. */
    static boolean hasOneShot() {
        return ONE_SHOT != null;
    }

    /**
     * SHA-256 of {@code data[offset, offset + length)} into {@code out[0, 32)}: ACCP's single-pass call when
     * available, else {@code fallback} (a SHA-256 digest of the caller's, left reset). The range must lie within
     * {@code data} and {@code out} hold 32 bytes: checked here, not left to native code.
     */
    static void digestInto(byte[] out, byte[] data, int offset, int length, MessageDigest fallback) {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        if (out.length < Hash.LENGTH) {
            throw new IllegalArgumentException("a SHA-256 needs 32 bytes, got " + out.length);
        }
        MethodHandle oneShot = ONE_SHOT;
        if (oneShot != null) {
            try {
                oneShot.invokeExact(out, data, offset, length);
                return;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("ACCP's SHA-256 failed", e);
            }
        }
        try {
            fallback.update(data, offset, length);
            fallback.digest(out, 0, Hash.LENGTH);
        } catch (DigestException | RuntimeException e) {
            fallback.reset();
            throw new IllegalStateException("SHA-256 into an array failed", e);
        }
    }

    /** ACCP's single-pass SHA-256 if it is there and right (see {@link #ONE_SHOT}), else null. */
    private static MethodHandle oneShot() {
        try {
            Class<?> spi = Class.forName("com.amazon.corretto.crypto.provider.SHA256Spi", true,
                    AmazonCorrettoCryptoProvider.class.getClassLoader());
            Method fast = spi.getDeclaredMethod("fastDigest", byte[].class, byte[].class, int.class, int.class);
            fast.setAccessible(true);
            MethodHandle handle = MethodHandles.lookup().unreflect(fast);
            return oneShotFault(handle, newDigest()) == null ? handle : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // another ACCP version, or no access: the MessageDigest path is the same function
        }
    }

    /**
     * FIPS 180-2's answers through {@code oneShot} at an offset, and agreement with {@code digest} on messages of
     * every length from 0 to 300 bytes (both sides of the 55/64-byte padding edges; the tree hashes 65): null when
     * all hold.
     */
    static String oneShotFault(MethodHandle oneShot, MessageDigest digest) {
        try {
            String[][] answers = {
                {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
                {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
            };
            for (String[] answer : answers) {
                byte[] message = answer[0].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                byte[] padded = new byte[message.length + 7];
                System.arraycopy(message, 0, padded, 3, message.length);
                byte[] out = new byte[Hash.LENGTH];
                oneShot.invokeExact(out, padded, 3, message.length);
                if (!Arrays.equals(out, Hex.decode(answer[1]))) {
                    return "one-shot SHA-256(\"" + answer[0] + "\") gave " + Hex.encode(out);
                }
            }
            byte[] data = new byte[310];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 131 + 7);
            }
            for (int length = 0; length <= 300; length++) {
                byte[] out = new byte[Hash.LENGTH];
                oneShot.invokeExact(out, data, 5, length);
                digest.update(data, 5, length);
                if (!Arrays.equals(out, digest.digest())) {
                    return "one-shot SHA-256 differs from the digest's at length " + length;
                }
            }
            return null;
        } catch (Throwable e) {
            return "one-shot SHA-256 failed: " + e;
        }
    }

    /** The provider in use (tests and diagnostics; the choice is made once per JVM). */
    static String providerName() {
        return PROVIDER.getName();
    }

    static Provider choose(String setting) {
        Provider jdk = Security.getProvider("SUN");
        String choice = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        if ("jdk".equals(choice)) {
            return jdk;
        }
        Provider accp = accp();
        return accp != null ? accp : jdk;
    }

    /** ACCP when its native library loaded, its self-tests did not fail and it gives the known answers; else null. */
    private static Provider accp() {
        try {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            if (accp.getLoadingError() != null || accp.getSelfTestStatus() == SelfTestStatus.FAILED) {
                return null;
            }
            return knownAnswerFault(MessageDigest.getInstance(ALGORITHM, accp)) == null ? accp : null;
        } catch (NoSuchAlgorithmException | RuntimeException | LinkageError e) {
            return null; // no ACCP on this platform: the JDK's digest is the same function
        }
    }

    /**
     * FIPS 180-2's examples (one block, two blocks, the empty message), and the digest's reuse through the calls
     * {@link Hash} makes (update of a slice, digest into an array, digest again after that): null when all hold.
     */
    static String knownAnswerFault(MessageDigest digest) {
        String[][] answers = {
            {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
            {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
            {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        };
        for (String[] answer : answers) {
            byte[] message = answer[0].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] padded = new byte[message.length + 7];
            System.arraycopy(message, 0, padded, 3, message.length);
            digest.update(padded, 3, message.length);
            byte[] out = new byte[Hash.LENGTH + 2];
            try {
                digest.digest(out, 1, Hash.LENGTH);
            } catch (DigestException e) {
                return "digest into an array failed: " + e;
            }
            byte[] expected = Hex.decode(answer[1]);
            if (!Arrays.equals(Arrays.copyOfRange(out, 1, 1 + Hash.LENGTH), expected)) {
                return "SHA-256(\"" + answer[0] + "\") gave " + Hex.encode(Arrays.copyOfRange(out, 1, 1 + Hash.LENGTH));
            }
            if (!Arrays.equals(digest.digest(message), expected)) {
                return "SHA-256(\"" + answer[0] + "\") differs on reuse";
            }
        }
        return null;
    }
}
