package org.stakechain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code stakechain demo --blocks 20 --no-browser} in a child process, as a person would, and checks that it
 * exits 0 and that the story was told: erick refused, forgers with their tickets, 75%, oliver slashed on every
 * node. The demo's four nodes are grandchildren; the demo stops them by PID before it exits, and this test kills the
 * demo (and so its shutdown hook stops the nodes) if it overruns.
 */
class DemoIntegrationTest {

    @Test
    void theDemoTellsTheWholeStoryAndExitsZero(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("demo-data");
        Path output = tmp.resolve("demo.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), StakechainCommand.class.getName(), "demo", "--blocks", "20",
                "--no-browser", "--dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Process demo = pb.start();
        boolean exited = demo.waitFor(240, TimeUnit.SECONDS);
        if (!exited) {
            demo.destroy(); // SIGTERM: the demo's shutdown hook stops its nodes by PID
            if (!demo.waitFor(30, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertTrue(exited, "the demo did not stop by itself within 240 s:\n" + text);
        assertEquals(0, demo.exitValue(), "the demo failed:\n" + text);

        assertTrue(text.contains("350/1325 = 26.4%"), "charles's odds:\n" + text);
        assertTrue(text.contains("=> erick is refused as a validator: stake at least 100"), "erick refused:\n" + text);
        assertTrue(Pattern.compile("forger \\(forjador\\): (charles|edwin|oliver|sonia) drew ticket \\d+ of 1325")
                .matcher(text).find(), "a forger with its ticket:\n" + text);
        assertTrue(text.contains("75% reached: the block is final"), "75%:\n" + text);
        assertTrue(text.contains("oliver double-signs ON PURPOSE"), "the double-sign:\n" + text);
        assertTrue(text.contains("=> oliver is SLASHED and jailed"), "the slashing:\n" + text);
        assertTrue(text.contains("=> caught and slashed on every node"), "on every node:\n" + text);
        for (String node : new String[] {"charles", "edwin", "oliver", "sonia"}) {
            assertTrue(Pattern.compile(node + " +\\(height \\d+\\): oliver jailed=true").matcher(text).find(),
                    node + "'s view:\n" + text);
        }
        assertTrue(text.contains("demo complete"), text);
        assertFalse(text.contains("FAILED"), text);
        // the demo stopped its nodes: nothing listens any more on node 1's API port
        assertTrue(Files.exists(dir.resolve(DemoCommand.MARKER)), "the demo marks its folder");
    }
}
