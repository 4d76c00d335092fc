package org.stakechain.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.Security;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback: the JDK's SunEC provider, pinned by name so that a globally installed provider cannot
 * take its place. Cofactorless like AWS-LC, about thirty times slower; it throws on some malformed
 * points, which we report as "does not verify".
 */
final class JdkEd25519Engine implements Ed25519Engine {
    private static final Logger LOG = LoggerFactory.getLogger(JdkEd25519Engine.class);
    private static final String ALGORITHM = "Ed25519";

    private final Provider provider;
    private final ThreadLocal<State> states;
    private final AtomicBoolean warnedAboutFault = new AtomicBoolean();

    private JdkEd25519Engine(Provider provider) {
        this.provider = provider;
        this.states = ThreadLocal.withInitial(this::newState);
    }

    static JdkEd25519Engine load() throws GeneralSecurityException {
        Provider sunEc = Security.getProvider("SunEC");
        if (sunEc == null) {
            throw new GeneralSecurityException("the JDK's SunEC provider (module jdk.crypto.ec) is missing");
        }
        java.security.Signature.getInstance(ALGORITHM, sunEc);
        KeyFactory.getInstance(ALGORITHM, sunEc);
        return new JdkEd25519Engine(sunEc);
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public String description() {
        return "jdk (" + provider.getName() + " " + provider.getVersionStr() + ", Java " + System.getProperty("java.version") + ")";
    }

    @Override
    public byte[] sign(KeyPair keys, byte[] message) {
        State state = states.get();
        try {
            if (state.signingKeys != keys) {
                state.signingKey = state.keyFactory.generatePrivate(new PKCS8EncodedKeySpec(Ed25519Der.pkcs8(keys.seedUnsafe())));
                state.signingKeys = keys;
            }
            state.signer.initSign(state.signingKey);
            state.signer.update(message);
            return state.signer.sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            states.remove();
            throw new IllegalStateException("SunEC failed to make an Ed25519 signature", e);
        }
    }

    @Override
    public boolean verify(byte[] publicKey, byte[] message, byte[] signature, int signatureOffset,
                          int signatureLength) {
        State state = states.get();
        try {
            if (!Arrays.equals(state.verifyingKeyBytes, publicKey)) {
                state.verifyingKey = state.keyFactory.generatePublic(new X509EncodedKeySpec(Ed25519Der.spki(publicKey)));
                state.verifyingKeyBytes = publicKey.clone();
            }
            state.verifier.initVerify(state.verifyingKey);
            state.verifier.update(message);
            return state.verifier.verify(signature, signatureOffset, signatureLength);
        } catch (GeneralSecurityException e) {
            // SunEC reports points it cannot decode (off the curve, R not a point) by throwing.
            states.remove();
            return false;
        } catch (RuntimeException e) {
            states.remove();
            if (warnedAboutFault.compareAndSet(false, true)) {
                LOG.warn("SunEC threw while verifying an Ed25519 signature; treating it as invalid", e);
            }
            return false;
        }
    }

    private State newState() {
        try {
            return new State(KeyFactory.getInstance(ALGORITHM, provider),
                    java.security.Signature.getInstance(ALGORITHM, provider),
                    java.security.Signature.getInstance(ALGORITHM, provider));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SunEC lost its Ed25519 implementation", e);
        }
    }

    private static final class State {
        final KeyFactory keyFactory;
        final java.security.Signature verifier;
        final java.security.Signature signer;
        byte[] verifyingKeyBytes;
        java.security.PublicKey verifyingKey;
        KeyPair signingKeys;
        java.security.PrivateKey signingKey;

        State(KeyFactory keyFactory, java.security.Signature verifier, java.security.Signature signer) {
            this.keyFactory = keyFactory;
            this.verifier = verifier;
            this.signer = signer;
        }
    }
}
