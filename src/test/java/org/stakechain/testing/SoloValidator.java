package org.stakechain.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.keystore.Keystore;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.network.Await;
import org.stakechain.node.Node;
import org.stakechain.node.NodeBuilder;
import org.stakechain.node.NodeConfig;

/**
 * One in-process validator node that finalizes alone: the fixture the API and CLI tests share. Writes
 * {@code genesis.json} and a fast keystore {@code key.json} under {@code dir}, keeps its data in {@code dir/data},
 * starts the node and waits for its first final block.
 */
public final class SoloValidator {
    public static final String PASSWORD = "pw";

    private SoloValidator() {
    }

    public static Node start(Path dir, Genesis genesis, KeyPair validator) throws IOException {
        Files.writeString(dir.resolve("genesis.json"), genesis.toJson());
        Files.writeString(dir.resolve("key.json"), Keystore.encrypt(validator, PASSWORD.toCharArray(),
                Keystore.TEST_ITERATIONS, new SecureRandom()));
        NodeConfig config = NodeConfig.of(dir.resolve("data"), dir.resolve("genesis.json"))
                .withKey(dir.resolve("key.json"), null);
        Node node = NodeBuilder.of(config).environment(Map.of(NodeConfig.PASSWORD_ENV, PASSWORD)).build().start();
        Await.until("first block", () -> node.store().finalHeight() >= 1, Duration.ofSeconds(20));
        return node;
    }
}
