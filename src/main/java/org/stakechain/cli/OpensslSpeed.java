package org.stakechain.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The bench's yardstick: {@code openssl speed ed25519}'s single-core verifications per second on this machine,
 * measured in the same run as the bench (issue 6 states its throughput target in these units). 0 when openssl
 * is not installed or its output is not understood.
 */
final class OpensslSpeed {
    private OpensslSpeed() {
    }

    static double ed25519VerifiesPerSecond(PrintWriter log) {
        try {
            Process p = new ProcessBuilder("openssl", "speed", "-seconds", "3", "ed25519")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return 0;
            }
            double rate = parse(output);
            log.printf("openssl speed ed25519: %.0f verify/s%n", rate);
            log.flush();
            return rate;
        } catch (IOException e) {
            log.println("openssl not available (" + e.getMessage() + "): no verify bound");
            log.flush();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The verify/s column (the last number) of the Ed25519 line; 0 if there is none. */
    static double parse(String output) {
        for (String line : output.split("\n")) {
            if (line.contains("Ed25519")) {
                String[] words = line.trim().split("\\s+");
                try {
                    return Double.parseDouble(words[words.length - 1]);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
