package org.stakechain.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.amazon.corretto.crypto.provider.SelfTestStatus;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast path: AWS-LC through the Amazon Corretto Crypto Provider, used as an object (never
 * installed as a global provider). AWS-LC's ED25519_verify is cofactorless and checks S &lt; L itself;
 * it accepts small-order keys and R, which {@link Ed25519StrictRule} has already refused.
 *
 * <p>ACCP 2.5 registers no EdDSA KeyFactory unless a system property asks for it, so keys reach it as
 * tiny {@link java.security.Key} objects carrying their X.509 / PKCS#8 encoding, which ACCP parses on
 * {@code initVerify}/{@code initSign}. A {@code java.security.Signature} re-parses only when handed a different
 * key object, so each thread keeps its Signature objects. Verifying gets ACCP's own key objects from
 * {@link AccpPublicKeys} (parsed once per key while it stays in that table, from a key's second sight on), which
 * ACCP uses without parsing; signing keeps the key object it used last: a run of signatures by one validator parses the key once.
 */
final class AccpEd25519Engine implements Ed25519Engine {
    private static final Logger LOG = LoggerFactory.getLogger(AccpEd25519Engine.class);
    private static final String ALGORITHM = "Ed25519";
    /** The key algorithm name ACCP expects on keys it did not make itself. */
    private static final String KEY_ALGORITHM = "EdDSA";

    private final AmazonCorrettoCryptoProvider provider;
    private final ThreadLocal<Verifier> verifiers;
    private final ThreadLocal<Signer> signers;
    private final AtomicBoolean warnedAboutFault = new AtomicBoolean();
    /** ACCP's key objects for recent keys; null when they cannot be made (keys then go as X.509 encodings). */
    private final AccpPublicKeys publicKeys;

    private AccpEd25519Engine(AmazonCorrettoCryptoProvider provider, AccpPublicKeys publicKeys) {
        this.provider = provider;
        this.publicKeys = publicKeys;
        this.verifiers = ThreadLocal.withInitial(this::newVerifier);
        this.signers = ThreadLocal.withInitial(this::newSigner);
    }

    /**
     * The engine, or an exception whose message says why ACCP cannot serve (no native library for
     * this platform, failed self-tests, no Ed25519). Touching ACCP's classes may also throw a
     * {@link LinkageError} when the jar is absent; the caller handles both.
     */
    static AccpEd25519Engine load() throws GeneralSecurityException {
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        Throwable loadingError = accp.getLoadingError();
        if (loadingError != null) {
            throw new GeneralSecurityException("ACCP's native library did not load: " + loadingError, loadingError);
        }
        // assertHealthy() would run the self-tests of every algorithm ACCP has (about a second here);
        // we use one, and Ed25519Engines runs an RFC 8032 known-answer test on it before use.
        if (accp.getSelfTestStatus() == SelfTestStatus.FAILED) {
            throw new GeneralSecurityException("ACCP's self-tests failed");
        }
        java.security.Signature.getInstance(ALGORITHM, accp);
        return new AccpEd25519Engine(accp, AccpPublicKeys.load(AccpPublicKeys.DEFAULT_SETS));
    }

    @Override
    public String name() {
        return "accp";
    }

    @Override
    public String description() {
        return "accp (Amazon Corretto Crypto Provider " + provider.getVersionStr() + ", " + provider.getAwsLcVersionStr() + ")";
    }

    @Override
    public byte[] sign(KeyPair keys, byte[] message) {
        Signer signer = signers.get();
        try {
            EncodedPrivateKey previous = null;
            if (signer.keys != keys) {
                previous = signer.key;
                signer.key = new EncodedPrivateKey(KEY_ALGORITHM, Ed25519Der.pkcs8(keys.seedUnsafe()));
                signer.keys = keys;
            }
            signer.signature.initSign(signer.key);
            if (previous != null) {
                previous.destroy(); // ACCP holds its own parsed copy of the current key only
            }
            signer.signature.update(message);
            return signer.signature.sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            signers.remove();
            throw new IllegalStateException("ACCP failed to make an Ed25519 signature", e);
        }
    }

    @Override
    public boolean verify(byte[] publicKey, byte[] message, byte[] signature, int signatureOffset,
                          int signatureLength) {
        Verifier verifier = verifiers.get();
        try {
            // ACCP's own object when the table has it: initVerify does not parse it
            java.security.PublicKey key = publicKeys == null ? null : publicKeys.lookup(publicKey);
            if (key == null) { // no table, or the key's first sight: ACCP translates our encoding itself
                if (!Arrays.equals(verifier.keyBytes, publicKey)) {
                    verifier.key = new EncodedPublicKey(KEY_ALGORITHM, Ed25519Der.spki(publicKey));
                    verifier.keyBytes = publicKey.clone();
                }
                key = verifier.key;
            }
            verifier.signature.initVerify(key);
            verifier.signature.update(message);
            return verifier.signature.verify(signature, signatureOffset, signatureLength);
        } catch (InvalidKeyException | InvalidKeySpecException | SignatureException e) {
            verifiers.remove();
            return false;
        } catch (RuntimeException e) {
            // Not an answer about the signature but a fault in the library; refusing is the safe side.
            verifiers.remove();
            if (warnedAboutFault.compareAndSet(false, true)) {
                LOG.warn("ACCP threw while verifying an Ed25519 signature; treating it as invalid", e);
            }
            return false;
        }
    }

    private Verifier newVerifier() {
        return new Verifier(newSignature());
    }

    private Signer newSigner() {
        return new Signer(newSignature());
    }

    private java.security.Signature newSignature() {
        try {
            return java.security.Signature.getInstance(ALGORITHM, provider);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("ACCP lost its Ed25519 implementation", e);
        }
    }

    private static final class Verifier {
        final java.security.Signature signature;
        byte[] keyBytes;
        java.security.PublicKey key;

        Verifier(java.security.Signature signature) {
            this.signature = signature;
        }
    }

    private static final class Signer {
        final java.security.Signature signature;
        KeyPair keys;
        EncodedPrivateKey key;

        Signer(java.security.Signature signature) {
            this.signature = signature;
        }
    }
}
