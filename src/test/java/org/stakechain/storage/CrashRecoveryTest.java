package org.stakechain.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stakechain.consensus.protection.SignedKind;
import org.stakechain.consensus.protection.SigningMark;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.storage.rocksdb.RocksDbKeyValueStore;

/**
 * Real crashes: a child JVM writes into a RocksDB directory and is killed with SIGKILL at seeded random moments
 * (after a random number of acknowledged writes, plus a random delay that lands the kill inside the next write).
 * After each kill the parent reopens the directory and checks that nothing acknowledged was lost and nothing
 * partial is visible, then lets a new child continue.
 *
 * <p>{@code -Dstorage.crash.seed=N} replays one run; {@code -Dstorage.crash.kills=N} kills more often (10 by
 * default, bounded for CI).
 */
class CrashRecoveryTest {
    private static final long SEED = Long.getLong("storage.crash.seed", 20_261_121L);
    private static final int KILLS = Integer.getInteger("storage.crash.kills", 10);

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyAcknowledgedBlockSurvivesKillNineAndNoPartialCommitIsEverVisible() throws Exception {
        System.out.println("CrashRecoveryTest seed " + SEED + ", " + KILLS + " kills (replay: -Dstorage.crash.seed="
                + SEED + ")");
        SplittableRandom random = new SplittableRandom(SEED);
        Path dir = tmp.resolve("chain");
        long acknowledged = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Child child = Child.start(tmp, "chain", dir.toString(), Long.toString(SEED + kill));
            try {
                int waitFor = 1 + random.nextInt(4);
                for (int seen = 0; seen < waitFor; ) {
                    String line = child.readLine();
                    if (line.startsWith("committed ")) {
                        acknowledged = Math.max(acknowledged, Long.parseLong(line.substring(10)));
                        seen++;
                    }
                }
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(30_000)));
            } finally {
                acknowledged = Math.max(acknowledged, child.kill("committed "));
            }
            try (RocksDbKeyValueStore kv = RocksDbKeyValueStore.open(dir, 8L << 20)) {
                ChainStore store = ChainStore.open(kv);
                String context = "after kill " + kill + " (seed " + SEED + ")";
                assertThat(store.finalHeight()).as("every acknowledged block is final " + context)
                        .isGreaterThanOrEqualTo(acknowledged);
                assertThat(store.finalHeight()).as("at most the block in flight was added " + context)
                        .isLessThanOrEqualTo(acknowledged + 1);
                StoreChecks.verifyWholeStore(store, kv);
                System.out.println("kill " + kill + ": acknowledged " + acknowledged + ", head after reopen "
                        + store.finalHeight());
                acknowledged = store.finalHeight();
            }
        }
        assertThat(acknowledged).isGreaterThanOrEqualTo(KILLS);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aSigningMarkRecordedBeforeKillNineStillRefusesAConflictingVote() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        Path dir = tmp.resolve("protection");
        long acknowledged = 0;
        for (int kill = 0; kill < 3; kill++) {
            Child child = Child.start(tmp, "protection", dir.toString());
            try {
                int waitFor = 1 + random.nextInt(20);
                for (int seen = 0; seen < waitFor; seen++) {
                    String line = child.readLine();
                    acknowledged = Math.max(acknowledged, Long.parseLong(line.substring("recorded ".length())));
                }
            } finally {
                acknowledged = Math.max(acknowledged, child.kill("recorded "));
            }
            try (RocksDbKeyValueStore kv = RocksDbKeyValueStore.open(dir, 1L << 20)) {
                DurableSlashingProtection protection = DurableSlashingProtection.open(kv);
                SigningMark mark = protection.lastSigned(SignedKind.CONFIRM).orElseThrow();
                assertThat(mark.height()).isGreaterThanOrEqualTo(acknowledged);
                Hash signed = Hash.of(("block " + acknowledged).getBytes(StandardCharsets.US_ASCII));
                Hash conflicting = Hash.of(new byte[] {9});
                assertThat(protection.mayVoteAndRecord(VoteKind.CONFIRM, acknowledged, 0, Optional.of(conflicting)))
                        .as("a conflicting CONFIRM at the acknowledged height " + acknowledged).isFalse();
                assertThat(protection.mayVoteAndRecord(VoteKind.CONFIRM, acknowledged, 0, Optional.empty())).isFalse();
                if (mark.height() == acknowledged) {
                    assertThat(protection.mayVoteAndRecord(VoteKind.CONFIRM, acknowledged, 0, Optional.of(signed)))
                            .as("the same CONFIRM again (a re-broadcast)").isTrue();
                }
                acknowledged = mark.height();
            }
        }
    }

    /** A child JVM on the test classpath running {@link CrashingWriter}. */
    private record Child(Process process, BufferedReader out, Path err) {
        static Child start(Path tmp, String... args) throws IOException {
            Path err = Files.createTempFile(tmp, "child", ".err");
            List<String> command = new java.util.ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    CrashingWriter.class.getName()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            return new Child(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)), err);
        }

        String readLine() throws IOException {
            String line = out.readLine();
            if (line == null) {
                throw new AssertionError("child exited early:\n" + Files.readString(err));
            }
            return line;
        }

        /** SIGKILL, then the highest number the child acknowledged on a line starting with {@code prefix}. */
        long kill(String prefix) throws Exception {
            // SIGKILL through the handle: Process.destroyForcibly sends the same signal but also closes our end of
            // the pipe, losing lines the child wrote just before it died, i.e. writes it had acknowledged.
            process.toHandle().destroyForcibly();
            process.waitFor();
            long last = 0;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(prefix)) {
                    last = Math.max(last, Long.parseLong(line.substring(prefix.length())));
                }
            }
            return last;
        }
    }
}
