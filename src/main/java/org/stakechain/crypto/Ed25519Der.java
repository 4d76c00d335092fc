package org.stakechain.crypto;

import java.util.Arrays;

/**
 * The fixed DER shells around Ed25519 keys (RFC 8410): a public key as X.509 SubjectPublicKeyInfo, a
 * seed as PKCS#8 PrivateKeyInfo. Every Ed25519 key of each kind has the same prefix, so writing one is
 * a concatenation; reading one written by another tool goes through {@link KeyFormats}.
 */
final class Ed25519Der {
    /** SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused bits) ... }. */
    static final byte[] SPKI_PREFIX = Hex.decode("302a300506032b6570032100");
    /** SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING ... } }. */
    static final byte[] PKCS8_PREFIX = Hex.decode("302e020100300506032b657004220420");
    static final int SPKI_LENGTH = SPKI_PREFIX.length + PublicKey.LENGTH;
    static final int PKCS8_LENGTH = PKCS8_PREFIX.length + KeyPair.SEED_LENGTH;

    private Ed25519Der() {
    }

    static byte[] spki(byte[] publicKey) {
        byte[] out = Arrays.copyOf(SPKI_PREFIX, SPKI_LENGTH);
        System.arraycopy(publicKey, 0, out, SPKI_PREFIX.length, PublicKey.LENGTH);
        return out;
    }

    static byte[] pkcs8(byte[] seed) {
        byte[] out = Arrays.copyOf(PKCS8_PREFIX, PKCS8_LENGTH);
        System.arraycopy(seed, 0, out, PKCS8_PREFIX.length, KeyPair.SEED_LENGTH);
        return out;
    }

    /** The 32 key bytes of an encoding in exactly our shell; null when the encoding is anything else. */
    static byte[] publicKeyOfSpki(byte[] der) {
        if (der.length != SPKI_LENGTH || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            return null;
        }
        return Arrays.copyOfRange(der, SPKI_PREFIX.length, SPKI_LENGTH);
    }
}
