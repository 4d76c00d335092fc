package org.stakechain.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.stakechain.api.ApiServer;
import org.stakechain.network.wire.HostPort;
import org.stakechain.node.Node;
import org.stakechain.node.NodeBuilder;
import org.stakechain.node.NodeConfig;
import org.stakechain.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs one node in the foreground until SIGTERM or Ctrl-C: the chain store, the network, consensus and the HTTP
 * API. Options given on the command line override the config file's.
 */
@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a node: store, peers, consensus (as a validator with --key) and the HTTP API.",
                "Stops cleanly on SIGTERM or Ctrl-C."})
final class NodeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "A node config file (JSON, see docs/operations.md).")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the chain (RocksDB) and the node key live.")
    Path dataDir;

    @Option(names = "--genesis", paramLabel = "FILE", description = "The chain's genesis file.")
    Path genesis;

    @Option(names = "--key", paramLabel = "KEYSTORE", description = "The validator's encrypted keystore (omit to follow).")
    Path key;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "The keystore password (first line). Default: environment variable STAKECHAIN_PASSWORD.")
    Path passwordFile;

    @Option(names = "--p2p-host", paramLabel = "HOST", description = "Interface for peers (default 127.0.0.1).")
    String p2pHost;

    @Option(names = "--p2p-port", paramLabel = "PORT", description = "Port for peers (default 0: any free port).")
    Integer p2pPort;

    @Option(names = "--http-host", paramLabel = "HOST", description = "Interface for the HTTP API (default 127.0.0.1).")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Port for the HTTP API (0: any free, -1: off).")
    Integer httpPort;

    @Option(names = "--bootnodes", paramLabel = "ws://HOST:PORT", split = ",",
            description = "Peers to dial at start, comma-separated.")
    List<String> bootnodes;

    @Option(names = "--clock-offset-millis", paramLabel = "MS", hidden = true,
            description = "Add MS to the system clock (fault tests: a skewed clock). Default: the config's, 0.")
    Long clockOffsetMillis;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        NodeConfig config = config();
        Node node;
        try {
            node = NodeBuilder.of(config).build();
        } catch (StorageException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
        ApiServer api = new ApiServer(node);
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            node.start();
            if (config.httpPort() >= 0) {
                api.start(config.httpHost(), config.httpPort());
            }
        } catch (RuntimeException e) {
            api.close();
            node.stop();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutdown requested");
            try {
                api.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the API: {}", e.toString());
            }
            node.stop();
            stopped.countDown();
        }, "shutdown"));
        LOG.info("node running: p2p ws://{}:{}/p2p{}", config.p2pHost(), node.p2pPort(),
                config.httpPort() >= 0 ? ", API http://" + config.httpHost() + ":" + api.port() + "/api/v1/status" : "");
        stopped.await();
        return 0;
    }

    private NodeConfig config() {
        NodeConfig base;
        if (configFile != null) {
            base = NodeConfig.read(configFile);
        } else {
            if (dataDir == null || genesis == null) {
                throw new IllegalArgumentException("give --config FILE, or at least --data-dir and --genesis");
            }
            base = NodeConfig.of(dataDir, genesis);
        }
        NodeConfig c = new NodeConfig(dataDir != null ? dataDir : base.dataDir(),
                genesis != null ? genesis : base.genesisFile(),
                key != null ? java.util.Optional.of(key) : base.keyFile(),
                passwordFile != null ? java.util.Optional.of(passwordFile) : base.passwordFile(),
                p2pHost != null ? p2pHost : base.p2pHost(), p2pPort != null ? p2pPort : base.p2pPort(),
                base.bootnodes(),
                httpHost != null ? httpHost : base.httpHost(), httpPort != null ? httpPort : base.httpPort(),
                base.maxPeers(), base.peerExchange(),
                clockOffsetMillis != null ? clockOffsetMillis : base.clockOffsetMillis());
        if (bootnodes != null) {
            List<HostPort> boot = new ArrayList<>();
            for (String b : bootnodes) {
                if (!b.isBlank()) {
                    boot.add(NodeConfig.parseBootnode(b));
                }
            }
            c = c.withBootnodes(boot);
        }
        return c;
    }
}
