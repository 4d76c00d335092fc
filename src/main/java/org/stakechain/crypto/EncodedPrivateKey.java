package org.stakechain.crypto;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/** A private key that is only its PKCS#8 encoding. Holds the seed: never logged, cleared by {@link #destroy()}. */
final class EncodedPrivateKey implements java.security.PrivateKey, Destroyable {
    private static final long serialVersionUID = 1L;
    private final String algorithm;
    private final byte[] encoded;
    private volatile boolean destroyed;

    EncodedPrivateKey(String algorithm, byte[] encoded) {
        this.algorithm = algorithm;
        this.encoded = encoded;
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    @Override
    public String getFormat() {
        return "PKCS#8";
    }

    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("key destroyed");
        }
        return encoded.clone();
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(encoded, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "EncodedPrivateKey[" + algorithm + "]";
    }
}
