package org.stakechain.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.amazon.corretto.crypto.provider.SelfTestStatus;
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

    private Sha256Digests() {
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(ALGORITHM, PROVIDER);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(PROVIDER.getName() + " lost SHA-256", e);
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
