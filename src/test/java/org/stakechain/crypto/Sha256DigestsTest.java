package org.stakechain.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.MessageDigest;
import java.security.Security;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stakechain.testing.Seeds;

/** Hash's SHA-256 comes from ACCP where it loads, from the JDK otherwise or when asked, and both agree. */
class Sha256DigestsTest {

    @Test
    void aLoadedAccpIsChosenAndTheJdkWhenAsked() {
        boolean accpLoads = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() == null;
        assertThat(Sha256Digests.choose("auto").getName()).isEqualTo(accpLoads ? "AmazonCorrettoCryptoProvider" : "SUN");
        assertThat(Sha256Digests.choose(null).getName()).isEqualTo(Sha256Digests.choose("auto").getName());
        assertThat(Sha256Digests.choose("jdk").getName()).isEqualTo("SUN");
        assertThat(Sha256Digests.choose(" JDK ").getName()).isEqualTo("SUN");
        assertThat(Sha256Digests.providerName()).isEqualTo(Sha256Digests.choose(System.getProperty(Ed25519.ENGINE_PROPERTY)).getName());
    }

    @Test
    void bothLibrariesGiveTheKnownAnswers() throws Exception {
        assertThat(Sha256Digests.knownAnswerFault(MessageDigest.getInstance("SHA-256", Security.getProvider("SUN"))))
                .isNull();
        assertThat(Sha256Digests.knownAnswerFault(Hash.sha256())).isNull();
        assertThat(Hash.of("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    /** Random messages fed in random pieces (also across block boundaries) digest the same in both libraries. */
    @Test
    void theChosenDigestAgreesWithTheJdksOnRandomMessages() throws Exception {
        MessageDigest jdk = MessageDigest.getInstance("SHA-256", Security.getProvider("SUN"));
        MessageDigest chosen = Hash.sha256();
        for (long seed : Seeds.of("crypto.sha256.seed", 880, 4)) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int n = 0; n < 500; n++) {
                byte[] message = new byte[random.nextInt(400)];
                random.nextBytes(message);
                int at = 0;
                while (at < message.length) {
                    int piece = 1 + random.nextInt(message.length - at);
                    chosen.update(message, at, piece);
                    at += piece;
                }
                assertThat(chosen.digest()).as("seed %d (replay: -Dcrypto.sha256.seed=%d), message %d", seed, seed, n)
                        .isEqualTo(jdk.digest(message));
            }
        }
    }

    /**
     * The one-call digest (ACCP's single pass where it loads: the state tree hashes its nodes with it) gives the JDK's
     * answers on random ranges of random arrays, and checks its range before any native call.
     */
    @Test
    void theOneCallDigestOfARangeAgreesWithTheJdks() throws Exception {
        boolean accpLoads = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() == null;
        assertThat(Sha256Digests.hasOneShot()).as("one call where ACCP is the provider")
                .isEqualTo(accpLoads && !"SUN".equals(Sha256Digests.providerName()));
        MessageDigest jdk = MessageDigest.getInstance("SHA-256", Security.getProvider("SUN"));
        MessageDigest fallback = Hash.sha256();
        for (long seed : Seeds.of("crypto.sha256.seed", 880, 4)) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int n = 0; n < 500; n++) {
                byte[] data = new byte[1 + random.nextInt(400)];
                random.nextBytes(data);
                int offset = random.nextInt(data.length);
                int length = random.nextInt(data.length - offset + 1);
                jdk.update(data, offset, length);
                assertThat(Hash.ofRange(data, offset, length, fallback).bytes())
                        .as("seed %d (replay: -Dcrypto.sha256.seed=%d), message %d", seed, seed, n)
                        .isEqualTo(jdk.digest());
            }
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Hash.ofRange(new byte[10], 5, 6, fallback))
                .isInstanceOf(IndexOutOfBoundsException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Hash.ofRange(new byte[10], -1, 2, fallback))
                .isInstanceOf(IndexOutOfBoundsException.class);
        // the fallback digest is left clean: the next use starts from nothing
        assertThat(fallback.digest()).isEqualTo(jdk.digest(new byte[0]));
    }
}
