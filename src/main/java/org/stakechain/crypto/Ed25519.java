package org.stakechain.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;

/**
 * Ed25519 signing and verification under stakechain's one strict rule (BRIEF.md §2).
 * Placeholder engine on the JDK provider; the strict pre-checks and the AWS-LC fast path replace it.
 */
public final class Ed25519 {
    private Ed25519() {
    }

    public static Signature sign(KeyPair keys, byte[] message) {
        try {
            java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
            signer.initSign(KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, keys.seedUnsafe())));
            signer.update(message);
            return Signature.wrap(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    public static boolean verify(PublicKey key, byte[] message, Signature signature) {
        try {
            byte[] encoded = key.bytes();
            boolean xOdd = (encoded[31] & 0x80) != 0;
            encoded[31] &= 0x7f;
            byte[] be = new byte[32];
            for (int i = 0; i < 32; i++) {
                be[i] = encoded[31 - i];
            }
            java.security.PublicKey jdkKey = KeyFactory.getInstance("Ed25519").generatePublic(
                    new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, be))));
            java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
            verifier.initVerify(jdkKey);
            verifier.update(message);
            return verifier.verify(signature.bytes());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    static PublicKey publicKeyOf(byte[] seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedSeedRandom(seed));
            EdECPublicKey pub = (EdECPublicKey) generator.generateKeyPair().getPublic();
            EdECPoint point = pub.getPoint();
            byte[] be = point.getY().toByteArray();
            byte[] le = new byte[32];
            for (int i = 0; i < be.length && i < 32; i++) {
                le[i] = be[be.length - 1 - i];
            }
            if (point.isXOdd()) {
                le[31] |= (byte) 0x80;
            }
            return PublicKey.wrap(le);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 key derivation failed", e);
        }
    }

    /** Hands the JDK's key generator our seed, so it derives the public key of a seed we already have. */
    private static final class FixedSeedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        FixedSeedRandom(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(bytes.length, seed.length));
        }
    }
}
