package org.stakechain.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.Security;
import java.security.spec.NamedParameterSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed to public key (RFC 8032 §5.1.5), the same on both engines. Fast path: AWS-LC through ACCP
 * ({@link AccpKeyDerivation}, checked against RFC 8032's keys when it loads), unless {@value Ed25519#ENGINE_PROPERTY}
 * is {@code jdk}. Otherwise, and whenever the fast path faults, the JDK's SunEC: its key pair generator, handed a
 * "random" source that yields exactly our seed. That costs a fixed-base scalar multiplication in Java (about a
 * millisecond), once per key loaded; signing and verifying never call it.
 */
final class Ed25519KeyDerivation {
    private static final Provider SUN_EC = Security.getProvider("SunEC");
    private static final Logger LOG = LoggerFactory.getLogger(Ed25519KeyDerivation.class);

    private static final class Fast {
        static final AccpKeyDerivation ACCP = "jdk".equalsIgnoreCase(
                System.getProperty(Ed25519.ENGINE_PROPERTY, "auto").trim()) ? null : AccpKeyDerivation.load();
    }

    /** Cleared for good at the first fault of the fast path. */
    private static volatile boolean fastPathOn = true;

    private Ed25519KeyDerivation() {
    }

    static PublicKey publicKeyOf(byte[] seed) {
        AccpKeyDerivation accp = fastPathOn ? Fast.ACCP : null;
        if (accp != null) {
            try {
                return PublicKey.wrap(accp.publicKeyOf(seed));
            } catch (Exception e) {
                fastPathOn = false;
                LOG.warn("deriving Ed25519 public keys in ACCP failed ({}); using SunEC from now on", e.toString());
            }
        }
        return jdkPublicKeyOf(seed);
    }

    /** True when keys derive in ACCP (for tests and benchmarks). */
    static boolean fastPath() {
        return fastPathOn && Fast.ACCP != null;
    }

    static PublicKey jdkPublicKeyOf(byte[] seed) {
        if (SUN_EC == null) {
            throw new IllegalStateException("the JDK's SunEC provider (module jdk.crypto.ec) is missing; "
                    + "it derives Ed25519 public keys from seeds");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519", SUN_EC);
            generator.initialize(NamedParameterSpec.ED25519, new SeedAsRandom(seed));
            byte[] spki = generator.generateKeyPair().getPublic().getEncoded();
            byte[] publicKey = Ed25519Der.publicKeyOfSpki(spki);
            if (publicKey == null) {
                throw new IllegalStateException("SunEC encoded an Ed25519 public key unexpectedly: " + Hex.encode(spki));
            }
            return PublicKey.wrap(publicKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SunEC cannot derive an Ed25519 public key", e);
        }
    }

    /**
     * Yields the seed once, as the 32 bytes the generator asks for; anything else means the JDK changed
     * how it draws keys, and we refuse rather than derive a key from bytes that are not the seed.
     */
    private static final class SeedAsRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;

        SeedAsRandom(byte[] seed) {
            super(new OneShotSpi(seed), null);
        }
    }

    private static final class OneShotSpi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;
        private boolean used;

        OneShotSpi(byte[] seed) {
            this.seed = seed;
        }

        @Override
        protected void engineSetSeed(byte[] ignored) {
            // the output is fixed: it is the seed
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("SunEC asked for " + bytes.length + " random bytes"
                        + (used ? " a second time" : "") + "; expected one draw of " + seed.length);
            }
            used = true;
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            throw new UnsupportedOperationException("a fixed-seed source generates no seeds");
        }
    }
}
