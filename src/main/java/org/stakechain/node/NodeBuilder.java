package org.stakechain.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.mempool.MempoolConfig;
import org.stakechain.storage.ChainStore;
import org.stakechain.storage.rocksdb.RocksDbKeyValueStore;

/**
 * Wires a {@link Node} from its config, in one place: genesis file, RocksDB under the data dir (initialized from
 * the genesis, or checked against it), keys. Every failure is an {@link IllegalArgumentException} or a
 * {@code StorageException} whose message says what to fix; nothing is left open when it fails.
 */
public final class NodeBuilder {
    /** The RocksDB folder inside the data dir. */
    public static final String CHAIN_DIR = "chain";

    private final NodeConfig config;
    private Map<String, String> env = System.getenv();
    private Clock clock = Clock.systemUTC();
    private MempoolConfig mempool = MempoolConfig.defaults();

    private NodeBuilder(NodeConfig config) {
        this.config = config;
    }

    public static NodeBuilder of(NodeConfig config) {
        return new NodeBuilder(config);
    }

    public NodeBuilder environment(Map<String, String> environment) {
        this.env = Map.copyOf(environment);
        return this;
    }

    public NodeBuilder clock(Clock value) {
        this.clock = value;
        return this;
    }

    /** The pool's limits ({@link MempoolConfig#defaults()} unless set): tests fill a small pool to see it full. */
    public NodeBuilder mempool(MempoolConfig value) {
        this.mempool = value;
        return this;
    }

    public static Genesis readGenesis(Path file) {
        try {
            return Genesis.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the genesis file " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the genesis file " + file + " is not valid: " + e.getMessage());
        }
    }

    /** Builds the node (not started). */
    public Node build() {
        Genesis genesis = readGenesis(config.genesisFile());
        Optional<KeyPair> validatorKey = config.keyFile()
                .map(k -> NodeKeys.validatorKey(k, config.passwordFile(), env));
        KeyPair nodeKey = NodeKeys.nodeKey(config.dataDir());
        RocksDbKeyValueStore kv = RocksDbKeyValueStore.open(config.dataDir().resolve(CHAIN_DIR));
        try {
            kv.verifyChecksums(); // a damaged table file refuses the start, not a read of some old block later
            ChainStore store = ChainStore.open(kv);
            store.initialize(genesis);
            // a skewed clock for fault tests; Clock.offset keeps the base clock's tick, only shifts it
            Clock skewed = config.clockOffsetMillis() == 0 ? clock
                    : Clock.offset(clock, Duration.ofMillis(config.clockOffsetMillis()));
            return new Node(config, genesis, kv, store, validatorKey, nodeKey, skewed, mempool);
        } catch (RuntimeException e) {
            kv.close();
            throw e;
        }
    }
}
