package org.stakechain.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Named;

/**
 * Both engines, for tests that must give the same answer on each. On linux-x86_64, where the ACCP jar
 * has its native library, ACCP failing to load is an error, not a reason to test only the JDK.
 */
final class TestEngines {
    private TestEngines() {
    }

    static boolean accpExpected() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    static Ed25519Engine accp() {
        return Ed25519Engines.accp().orThrow();
    }

    static Ed25519Engine jdk() {
        return Ed25519Engines.jdk().orThrow();
    }

    static List<Ed25519Engine> all() {
        List<Ed25519Engine> engines = new ArrayList<>();
        if (accpExpected() || Ed25519Engines.accp().engine() != null) {
            engines.add(accp());
        }
        engines.add(jdk());
        return engines;
    }

    static List<Named<Ed25519Engine>> named() {
        return all().stream().map(e -> Named.of(e.name(), e)).toList();
    }
}
