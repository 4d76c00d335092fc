package org.stakechain.crypto;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ed25519 signing and verification under stakechain's one strict rule (BRIEF.md §2, docs/crypto.md):
 * libsodium 1.0.18's. A signature is valid when {@link Ed25519StrictRule} finds nothing wrong with the
 * encodings and the engine's cofactorless equation holds. Every node must give every signature the
 * same answer, whatever library it runs: consensus depends on it.
 *
 * <p>The engine is chosen once per JVM from the system property {@value #ENGINE_PROPERTY}
 * ({@code auto}, {@code accp} or {@code jdk}) and logged once at INFO.
 */
public final class Ed25519 {
    /** System property that forces an engine: auto (default), accp or jdk. */
    public static final String ENGINE_PROPERTY = "stakechain.crypto.engine";

    private Ed25519() {
    }

    private static final class Default {
        static final Ed25519Engine ENGINE = choose();

        private static Ed25519Engine choose() {
            Logger log = LoggerFactory.getLogger(Ed25519.class);
            String setting = System.getProperty(ENGINE_PROPERTY, "auto");
            Ed25519Engine engine = Ed25519Engines.select(setting);
            String accpFailure = Ed25519Engines.accp().failure();
            if ("jdk".equals(engine.name()) && accpFailure != null && !"jdk".equalsIgnoreCase(setting.trim())) {
                log.info("Ed25519 engine: {}; fast path off: {}", engine.description(), accpFailure);
            } else {
                log.info("Ed25519 engine: {} ({}={})", engine.description(), ENGINE_PROPERTY, setting);
            }
            return engine;
        }
    }

    /** "accp" or "jdk": the engine this JVM uses (choosing it on first use). */
    public static String engineName() {
        return Default.ENGINE.name();
    }

    /** The engine with its library version, as logged at start-up. */
    public static String engineDescription() {
        return Default.ENGINE.description();
    }

    /** Deterministic RFC 8032 signature: the same bytes on every engine. */
    public static Signature sign(KeyPair keys, byte[] message) {
        return sign(Default.ENGINE, keys, message);
    }

    /** True only for a signature valid under the strict rule; false for anything else, never an exception. */
    public static boolean verify(PublicKey key, byte[] message, Signature signature) {
        return verify(Default.ENGINE, key, message, signature);
    }

    static Signature sign(Ed25519Engine engine, KeyPair keys, byte[] message) {
        Objects.requireNonNull(message, "message");
        return Signature.wrap(engine.sign(keys, message));
    }

    static boolean verify(Ed25519Engine engine, PublicKey key, byte[] message, Signature signature) {
        Objects.requireNonNull(message, "message");
        byte[] a = key.raw();
        byte[] sig = signature.array(); // a decoded transaction's signature is a range of its encoding: no copy
        int off = signature.offset();
        return Ed25519StrictRule.violation(a, sig, off) == null && engine.verify(a, message, sig, off, Signature.LENGTH);
    }

    static PublicKey publicKeyOf(byte[] seed) {
        return Ed25519KeyDerivation.publicKeyOf(seed);
    }
}
