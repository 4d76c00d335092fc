package org.stakechain.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which library computes Ed25519: {@value Ed25519#ENGINE_PROPERTY} = {@code auto} (ACCP when it loads
 * and passes its known-answer test, else the JDK), {@code accp} or {@code jdk} (that one or fail).
 * Each engine is loaded once per JVM and checked against RFC 8032 TEST 1 before it is handed out.
 */
final class Ed25519Engines {
    private static final byte[] KAT_SEED = Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final byte[] KAT_PUBLIC_KEY = Hex.decode("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final byte[] KAT_SIGNATURE = Hex.decode("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555"
            + "fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

    private Ed25519Engines() {
    }

    /** The outcome of loading one engine: the engine, or why there is none. */
    record Loaded(Ed25519Engine engine, String failure) {
        Ed25519Engine orThrow() {
            if (engine == null) {
                throw new IllegalStateException(failure);
            }
            return engine;
        }
    }

    private static final class Accp {
        static final Loaded LOADED = load("accp");
    }

    private static final class Jdk {
        static final Loaded LOADED = load("jdk");
    }

    static Loaded accp() {
        return Accp.LOADED;
    }

    static Loaded jdk() {
        return Jdk.LOADED;
    }

    /** The engine a setting asks for; an unknown setting or an unavailable forced engine throws, with the reason. */
    static Ed25519Engine select(String setting) {
        String choice = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        switch (choice) {
            case "", "auto":
                return accp().engine() != null ? accp().engine() : jdk().orThrow();
            case "accp":
                return accp().orThrow();
            case "jdk":
                return jdk().orThrow();
            default:
                throw new IllegalArgumentException(Ed25519.ENGINE_PROPERTY + " must be auto, accp or jdk, not '" + setting + "'");
        }
    }

    private static Loaded load(String name) {
        try {
            Ed25519Engine engine = "accp".equals(name) ? AccpEd25519Engine.load() : JdkEd25519Engine.load();
            String fault = knownAnswerFault(engine);
            return fault == null ? new Loaded(engine, null) : new Loaded(null, name + " engine failed its self-test: " + fault);
        } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
            return new Loaded(null, name + " engine unavailable: " + e);
        }
    }

    /** RFC 8032 TEST 1 through the engine: null when it signs and verifies as the RFC says. */
    static String knownAnswerFault(Ed25519Engine engine) {
        KeyPair keys = KeyPair.of(KAT_SEED, PublicKey.wrap(KAT_PUBLIC_KEY));
        byte[] signature = engine.sign(keys, new byte[0]);
        if (!Arrays.equals(signature, KAT_SIGNATURE)) {
            return "RFC 8032 TEST 1 signed as " + Hex.encode(signature);
        }
        if (!engine.verify(KAT_PUBLIC_KEY, new byte[0], KAT_SIGNATURE)) {
            return "RFC 8032 TEST 1 does not verify";
        }
        if (engine.verify(KAT_PUBLIC_KEY, new byte[] {0}, KAT_SIGNATURE)) {
            return "RFC 8032 TEST 1 verifies for the wrong message";
        }
        return null;
    }
}
