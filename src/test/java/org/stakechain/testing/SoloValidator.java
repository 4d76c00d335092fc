package org.stakechain.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.stakechain.api.ApiConfig;
import org.stakechain.api.ApiServer;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.keystore.Keystore;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.mempool.MempoolConfig;
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

    /** The node and its HTTP API on a free port of 127.0.0.1; closing stops both. */
    public record Running(Node node, ApiServer api, int port) implements AutoCloseable {
        /** {@code http://127.0.0.1:PORT} */
        public String url() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public void close() {
            api.close();
            node.stop();
        }
    }

    /** A genesis in which {@code validator} holds 10 coins and stakes 500 (the only stake: it finalizes alone). */
    public static Genesis genesis(ChainParams params, KeyPair validator, Genesis.GenesisAccount... funded) {
        return genesis(params, validator, Coins.of(10), Coins.of(500), funded);
    }

    /** As above, with the validator's own balance and stake given. */
    public static Genesis genesis(ChainParams params, KeyPair validator, long balance, long stake,
                                  Genesis.GenesisAccount... funded) {
        List<Genesis.GenesisAccount> accounts = new ArrayList<>();
        accounts.add(new Genesis.GenesisAccount("v", validator.address(), balance));
        accounts.addAll(List.of(funded));
        return new Genesis(params, System.currentTimeMillis(), accounts,
                List.of(new Genesis.GenesisValidator("v", validator.publicKey(), stake)));
    }

    /** A funded account of the genesis. */
    public static Genesis.GenesisAccount funded(String name, KeyPair owner, long amount) {
        return new Genesis.GenesisAccount(name, owner.address(), amount);
    }

    /** {@link #start}, then the HTTP API with {@code config}. */
    public static Running startWithApi(Path dir, Genesis genesis, KeyPair validator, ApiConfig config)
            throws IOException {
        Node node = start(dir, genesis, validator);
        ApiServer api = new ApiServer(node, config);
        try {
            return new Running(node, api, api.start("127.0.0.1", 0));
        } catch (RuntimeException e) {
            node.stop();
            throw e;
        }
    }

    public static Node start(Path dir, Genesis genesis, KeyPair validator) throws IOException {
        return start(dir, genesis, validator, MempoolConfig.defaults());
    }

    /** {@link #start(Path, Genesis, KeyPair)} with a pool of these limits (a small one fills up in a test). */
    public static Node start(Path dir, Genesis genesis, KeyPair validator, MempoolConfig mempool) throws IOException {
        Files.writeString(dir.resolve("genesis.json"), genesis.toJson());
        Files.writeString(dir.resolve("key.json"), Keystore.encrypt(validator, PASSWORD.toCharArray(),
                Keystore.TEST_ITERATIONS, new SecureRandom()));
        NodeConfig config = NodeConfig.of(dir.resolve("data"), dir.resolve("genesis.json"))
                .withKey(dir.resolve("key.json"), null);
        Node node = NodeBuilder.of(config).environment(Map.of(NodeConfig.PASSWORD_ENV, PASSWORD)).mempool(mempool)
                .build().start();
        Await.until("first block", () -> node.store().finalHeight() >= 1, Duration.ofSeconds(20));
        return node;
    }
}
