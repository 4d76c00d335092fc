package org.stakechain.fuzz;

import static org.stakechain.fuzz.FuzzChecks.parsesOrRejects;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.stakechain.crypto.KeyFormats;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.keystore.Keystore;
import org.stakechain.ledger.genesis.Genesis;

/**
 * The text formats a node reads: genesis JSON, keystores, PEM keys. Each rejects bad input with an
 * IllegalArgumentException (the CLI prints its message); any other exception is a finding. A genesis that parses
 * must survive its own round trip through {@code toJson}.
 */
class TextFormatFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "10m")
    void genesisJson(byte[] bytes) {
        Genesis genesis = parsesOrRejects(new String(bytes, StandardCharsets.UTF_8), Genesis::fromJson);
        if (genesis != null) {
            Genesis again = Genesis.fromJson(genesis.toJson());
            if (!again.toJson().equals(genesis.toJson())) {
                throw new AssertionError("genesis JSON does not round-trip: " + genesis.toJson());
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    void keystore(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        // PBKDF2's cost is the point of a keystore; the harness skips costly counts so the fuzzer keeps moving.
        if (iterations(text) > 2 * Keystore.TEST_ITERATIONS) {
            return;
        }
        parsesOrRejects(text, t -> Keystore.decrypt(t, "pw".toCharArray()));
        parsesOrRejects(text, Keystore::addressOf);
    }

    @FuzzTest(maxDuration = "10m")
    void pemKeys(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        KeyPair keys = parsesOrRejects(text, KeyFormats::parsePrivateKeyPem);
        if (keys != null && !KeyFormats.parsePrivateKeyPem(KeyFormats.privateKeyPem(keys)).equals(keys)) {
            throw new AssertionError("private key PEM does not round-trip");
        }
        parsesOrRejects(text, KeyFormats::parsePublicKeyPem);
        parsesOrRejects(text, KeyFormats::parseSeedHex);
    }

    private static long iterations(String text) {
        try {
            JsonNode c = JSON.readTree(text).path("crypto").path("kdf").path("params").path("c");
            return c.asInt(0); // as Keystore.decrypt reads it
        } catch (Exception notJson) {
            return 0;
        }
    }
}
