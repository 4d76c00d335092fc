package org.stakechain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What the wallet and node-facing commands share: their streams, their environment, and the exit code table. */
abstract class CliCommand implements Callable<Integer> {
    static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    CliEnvironment environment() {
        Object root = spec.root().userObject();
        return root instanceof StakechainCommand s ? s.environment() : CliEnvironment.system();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    void printJson(JsonNode node) {
        try {
            out().println(PRETTY.writeValueAsString(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** --node URL, else $STAKECHAIN_NODE, else http://127.0.0.1:8080. */
    static final class NodeOptions {
        @Option(names = "--node", paramLabel = "URL",
                description = "The node's HTTP API (else $STAKECHAIN_NODE, else " + NodeClient.DEFAULT_URL + ").")
        String node;

        NodeClient client(CliEnvironment environment) {
            String url = node != null ? node : environment.get(CliEnvironment.NODE_ENV);
            return new NodeClient(url != null ? url : NodeClient.DEFAULT_URL);
        }
    }

    /** --wallet-dir DIR, else $STAKECHAIN_WALLET_DIR, else ~/.stakechain/wallets. */
    static final class WalletOptions {
        @Option(names = "--wallet-dir", paramLabel = "DIR",
                description = "The wallet folder (else $STAKECHAIN_WALLET_DIR, else ~/.stakechain/wallets).")
        Path walletDir;

        WalletStore store(CliEnvironment environment) {
            return WalletStore.resolve(walletDir, environment);
        }
    }
}
