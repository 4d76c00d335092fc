package org.stakechain.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BRIEF.md §3: a lower layer never imports a higher one, and the functional core (ledger, consensus) does no
 * I/O and reads no clock or global random source. Checked on the compiled classes so it holds without anyone
 * remembering it.
 */
class LayeringTest {
    /** Lowest first. */
    private static final List<String> LAYERS = List.of("crypto", "codec", "ledger", "consensus", "mempool", "storage",
            "network", "node", "api", "cli");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.stakechain");
    }

    @Test
    void aLowerLayerNeverImportsAHigherOne() {
        for (int i = 0; i < LAYERS.size(); i++) {
            for (int j = i + 1; j < LAYERS.size(); j++) {
                noClasses().that().resideInAPackage("org.stakechain." + LAYERS.get(i) + "..")
                        .should().dependOnClassesThat().resideInAPackage("org.stakechain." + LAYERS.get(j) + "..")
                        .allowEmptyShould(true)
                        .check(classes);
            }
        }
    }

    @Test
    void theFunctionalCoreDoesNoIoAndReadsNoClockOrGlobalRandomness() {
        noClasses().that().resideInAnyPackage("org.stakechain.ledger..", "org.stakechain.consensus..")
                .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.net..",
                        "java.nio.channels..")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(Math.class, "random")
                .orShould().dependOnClassesThat().areAssignableTo(java.util.Random.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.time.Clock.class)
                .check(classes);
    }
}
