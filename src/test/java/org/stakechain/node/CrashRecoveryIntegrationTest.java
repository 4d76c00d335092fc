package org.stakechain.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 a validator process at seeded random moments while it imports blocks (syncing what it missed, then
 * committing its own decisions), restart it each time, and check that nothing final was lost and that every
 * block and state root agrees with the others.
 *
 * <p>{@code -Dit.crashes=N} (default 8) kills more often; {@code -Dit.seed=S} replays one schedule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRecoveryIntegrationTest {
    static final int CRASHES = Integer.getInteger("it.crashes", 8);
    static final long SEED = Long.getLong("it.seed", System.nanoTime());
    static final List<String> VALIDATORS = List.of("node-1", "node-2", "node-3", "node-4");
    static final Duration START = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;
    Testnet net;

    @BeforeAll
    void startFourValidators() {
        net = Testnet.init(tmp.resolve("tn"), 4, 0, 300);
        net.startAll(VALIDATORS);
        for (String n : VALIDATORS) {
            net.awaitHeight(n, 2, START);
        }
    }

    @AfterAll
    void killEveryProcess() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void aValidatorKilledAtRandomMomentsDuringImportLosesNothingFinalAndAgrees() {
        System.out.println("crash test: " + CRASHES + " crashes, seed " + SEED + " (replay with -Dit.seed=" + SEED + ")");
        Random random = new Random(SEED);
        String victim = "node-4";
        long lastSeen = net.height(victim);
        for (int crash = 1; crash <= CRASHES; crash++) {
            long seenBeforeKill = lastSeen;
            // kill while it runs: right after it opens its store and syncs, or later while it commits
            long delayMillis = 50 + random.nextInt(2_500);
            LockSupport.parkNanos(delayMillis * 1_000_000);
            long answered = net.height(victim);
            if (answered >= 0) {
                seenBeforeKill = Math.max(seenBeforeKill, answered);
            }
            net.kill(victim);
            net.start(victim);
            long mustHave = seenBeforeKill;
            net.awaitHeight(victim, mustHave, START); // nothing final it had is lost
            lastSeen = net.height(victim);
            System.out.printf("crash %d after %d ms: had %d, restarted at %d%n", crash, delayMillis, seenBeforeKill,
                    lastSeen);
        }
        long othersAt = net.height("node-1");
        net.awaitHeight(victim, othersAt + 2, START);
        long upTo = VALIDATORS.stream().mapToLong(net::height).min().orElseThrow();
        assertThat(upTo).isGreaterThan(othersAt);
        net.assertSameChain(VALIDATORS, upTo);
    }
}
