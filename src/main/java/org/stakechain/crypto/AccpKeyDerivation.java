package org.stakechain.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.lang.reflect.Method;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

/**
 * Seed to public key in AWS-LC, about ten times faster than SunEC's Java scalar multiplication (what a
 * 100,000-account genesis spends its minutes on). ACCP 2.5 has no public API for it: its Ed25519 key pair
 * generator ignores any SecureRandom it is given (AWS-LC draws the seed itself), and its EdDSA KeyFactory is
 * registered only when the system property {@value #REGISTER_PROPERTY} is true when a provider is constructed.
 * So a private ACCP instance (never installed, apart from the shared {@code INSTANCE} the engine uses) is built
 * with that property set for the moment of its construction; it parses our PKCS#8 seed into its private key,
 * whose public {@code getPublicKey()} (on a class that is not public, hence reflection) derives the point.
 *
 * <p>Relying on internals is acceptable only because it is checked: {@link #load()} derives RFC 8032's keys and
 * answers null unless every one comes out right, and any fault later makes the caller use SunEC. Either way the
 * answer is the same 32 bytes; only the time differs.
 */
final class AccpKeyDerivation {
    static final String REGISTER_PROPERTY = "com.amazon.corretto.crypto.provider.registerEdKeyFactory";

    /** RFC 8032 §7.1 TEST 1, 2, 3 and 1024: seed, public key. */
    static final String[][] VECTORS = {
        {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"},
        {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"},
        {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025"},
        {"f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
            "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e"},
    };

    /** One KeyFactory per thread: the JCA does not promise that one is safe to share (bench derives on every core). */
    private final ThreadLocal<KeyFactory> factories;
    private final Method publicKeyOfPrivate;

    private AccpKeyDerivation(AmazonCorrettoCryptoProvider provider, Method publicKeyOfPrivate) {
        this.factories = ThreadLocal.withInitial(() -> {
            try {
                return KeyFactory.getInstance("EdDSA", provider);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ACCP's EdDSA KeyFactory vanished", e);
            }
        });
        this.publicKeyOfPrivate = publicKeyOfPrivate;
    }

    /** The fast derivation, or null (ACCP absent, its internals changed, or a wrong answer on RFC 8032's keys). */
    static AccpKeyDerivation load() {
        try {
            if (AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() != null) {
                return null;
            }
            AmazonCorrettoCryptoProvider provider = providerWithKeyFactory();
            PrivateKey probe = KeyFactory.getInstance("EdDSA", provider)
                    .generatePrivate(new PKCS8EncodedKeySpec(Ed25519Der.pkcs8(new byte[32])));
            Method getPublicKey = probe.getClass().getMethod("getPublicKey");
            getPublicKey.setAccessible(true);
            AccpKeyDerivation derivation = new AccpKeyDerivation(provider, getPublicKey);
            for (String[] v : VECTORS) {
                if (!Arrays.equals(derivation.publicKeyOf(Hex.decode(v[0])), Hex.decode(v[1]))) {
                    return null;
                }
            }
            return derivation;
        } catch (GeneralSecurityException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * A provider of its own, constructed while the property asks for the KeyFactory; the property is put back as
     * it was at once. The shared {@code INSTANCE} is initialised before (see {@link #load()}), so it does not see it.
     */
    static synchronized AmazonCorrettoCryptoProvider providerWithKeyFactory() {
        String before = System.getProperty(REGISTER_PROPERTY);
        System.setProperty(REGISTER_PROPERTY, "true");
        try {
            return new AmazonCorrettoCryptoProvider();
        } finally {
            if (before == null) {
                System.clearProperty(REGISTER_PROPERTY);
            } else {
                System.setProperty(REGISTER_PROPERTY, before);
            }
        }
    }

    /** The 32-byte public key of {@code seed}; throws if ACCP misbehaves (the caller falls back to SunEC). */
    byte[] publicKeyOf(byte[] seed) throws GeneralSecurityException, ReflectiveOperationException {
        byte[] pkcs8 = Ed25519Der.pkcs8(seed);
        try {
            PrivateKey privateKey = factories.get().generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            byte[] spki = ((Key) publicKeyOfPrivate.invoke(privateKey)).getEncoded();
            byte[] publicKey = spki == null ? null : Ed25519Der.publicKeyOfSpki(spki);
            if (publicKey == null) {
                throw new GeneralSecurityException("ACCP encoded an Ed25519 public key unexpectedly");
            }
            return publicKey;
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }
}
