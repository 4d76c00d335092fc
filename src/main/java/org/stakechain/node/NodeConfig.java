package org.stakechain.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.stakechain.network.wire.HostPort;

/**
 * Everything one node is told at start, immutable. Read from a JSON config file ({@link #read}) or built from
 * command-line options. Relative paths in a file are resolved against the file's folder, so a node folder can be
 * moved as a whole.
 *
 * @param dataDir      RocksDB, the node key and nothing else live here
 * @param genesisFile  the chain's genesis JSON; a data dir initialized from another genesis is refused
 * @param keyFile      the validator's encrypted keystore; empty for a node that only follows the chain
 * @param passwordFile the keystore's password (first line); empty = environment variable STAKECHAIN_PASSWORD
 * @param p2pHost      interface the peer-to-peer WebSocket server binds to
 * @param p2pPort      its port (0 = any free port)
 * @param bootnodes    peers to dial at start and forever after, {@code host:port}
 * @param httpHost     interface the HTTP API binds to (127.0.0.1 by default: the API is not for the internet)
 * @param httpPort     its port (0 = any free port, -1 = no API)
 * @param maxPeers     connected peers, both directions together
 * @param peerExchange learn peers from peers (true); false dials only the bootnodes and never an inbound peer's
 *                     address, so a fault-injecting proxy between nodes cannot be bypassed
 * @param clockOffsetMillis added to the system clock (0 normally): simulates a skewed clock in fault tests
 */
public record NodeConfig(Path dataDir, Path genesisFile, Optional<Path> keyFile, Optional<Path> passwordFile,
                         String p2pHost, int p2pPort, List<HostPort> bootnodes,
                         String httpHost, int httpPort, int maxPeers, boolean peerExchange, long clockOffsetMillis) {
    public static final String PASSWORD_ENV = "STAKECHAIN_PASSWORD";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public NodeConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(genesisFile, "genesisFile");
        bootnodes = List.copyOf(bootnodes);
        if (p2pPort < 0 || p2pPort > 65_535 || httpPort < -1 || httpPort > 65_535 || maxPeers < 1) {
            throw new IllegalArgumentException("ports must be 0..65535 (http also -1 = off), maxPeers at least 1");
        }
    }

    /** With peer exchange on and no clock offset, as every node runs outside fault tests. */
    public NodeConfig(Path dataDir, Path genesisFile, Optional<Path> keyFile, Optional<Path> passwordFile,
                      String p2pHost, int p2pPort, List<HostPort> bootnodes, String httpHost, int httpPort,
                      int maxPeers) {
        this(dataDir, genesisFile, keyFile, passwordFile, p2pHost, p2pPort, bootnodes, httpHost, httpPort, maxPeers,
                true, 0);
    }

    public static NodeConfig of(Path dataDir, Path genesisFile) {
        return new NodeConfig(dataDir, genesisFile, Optional.empty(), Optional.empty(), "127.0.0.1", 0,
                List.of(), "127.0.0.1", 0, 25);
    }

    public NodeConfig withPeerExchange(boolean value) {
        return new NodeConfig(dataDir, genesisFile, keyFile, passwordFile, p2pHost, p2pPort, bootnodes,
                httpHost, httpPort, maxPeers, value, clockOffsetMillis);
    }

    public NodeConfig withClockOffsetMillis(long value) {
        return new NodeConfig(dataDir, genesisFile, keyFile, passwordFile, p2pHost, p2pPort, bootnodes,
                httpHost, httpPort, maxPeers, peerExchange, value);
    }

    public NodeConfig withKey(Path key, Path password) {
        return new NodeConfig(dataDir, genesisFile, Optional.ofNullable(key), Optional.ofNullable(password), p2pHost,
                p2pPort, bootnodes, httpHost, httpPort, maxPeers, peerExchange, clockOffsetMillis);
    }

    public NodeConfig withP2p(String host, int port) {
        return new NodeConfig(dataDir, genesisFile, keyFile, passwordFile, host, port, bootnodes,
                httpHost, httpPort, maxPeers, peerExchange, clockOffsetMillis);
    }

    public NodeConfig withHttp(String host, int port) {
        return new NodeConfig(dataDir, genesisFile, keyFile, passwordFile, p2pHost, p2pPort, bootnodes,
                host, port, maxPeers, peerExchange, clockOffsetMillis);
    }

    public NodeConfig withBootnodes(List<HostPort> nodes) {
        return new NodeConfig(dataDir, genesisFile, keyFile, passwordFile, p2pHost, p2pPort, nodes,
                httpHost, httpPort, maxPeers, peerExchange, clockOffsetMillis);
    }

    /** Reads a config file; every problem is reported with the file name and the field. */
    public static NodeConfig read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("config " + file + " must be a JSON object");
        }
        Path base = file.toAbsolutePath().getParent();
        List<HostPort> boot = new ArrayList<>();
        for (JsonNode b : root.path("bootnodes")) {
            boot.add(parseBootnode(b.asText()));
        }
        JsonNode p2p = root.path("p2p");
        JsonNode http = root.path("http");
        String p2pHost = p2p.path("host").asText("127.0.0.1");
        try {
            return new NodeConfig(
                    resolve(base, required(root, "dataDir", file)),
                    resolve(base, required(root, "genesis", file)),
                    optional(root, "keystore").map(p -> resolve(base, p)),
                    optional(root, "passwordFile").map(p -> resolve(base, p)),
                    p2pHost, p2p.path("port").asInt(0), boot,
                    http.path("host").asText("127.0.0.1"), http.path("port").asInt(0),
                    root.path("maxPeers").asInt(25), root.path("peerExchange").asBoolean(true),
                    root.path("clockOffsetMillis").asLong(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config " + file + ": " + e.getMessage());
        }
    }

    /** The config as a file body; paths are written as given (relative ones stay relative to the file). */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("dataDir", dataDir.toString());
        root.put("genesis", genesisFile.toString());
        keyFile.ifPresent(k -> root.put("keystore", k.toString()));
        passwordFile.ifPresent(p -> root.put("passwordFile", p.toString()));
        ObjectNode p2p = root.putObject("p2p");
        p2p.put("host", p2pHost).put("port", p2pPort);
        ArrayNode boot = root.putArray("bootnodes");
        bootnodes.forEach(b -> boot.add("ws://" + b));
        root.putObject("http").put("host", httpHost).put("port", httpPort);
        root.put("maxPeers", maxPeers);
        if (!peerExchange) {
            root.put("peerExchange", false);
        }
        if (clockOffsetMillis != 0) {
            root.put("clockOffsetMillis", clockOffsetMillis);
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ws://host:port}, {@code ws://host:port/p2p} or {@code host:port}. */
    public static HostPort parseBootnode(String text) {
        String t = text.trim();
        if (t.startsWith("ws://")) {
            t = t.substring("ws://".length());
        }
        int slash = t.indexOf('/');
        if (slash >= 0) {
            t = t.substring(0, slash);
        }
        try {
            return HostPort.parse(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bootnode \"" + text + "\" is not ws://host:port (" + e.getMessage() + ")");
        }
    }

    private static String required(JsonNode root, String field, Path file) {
        JsonNode v = root.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("config " + file + ": missing text field \"" + field + "\"");
        }
        return v.asText();
    }

    private static Optional<String> optional(JsonNode root, String field) {
        JsonNode v = root.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? Optional.empty() : Optional.of(v.asText());
    }

    private static Path resolve(Path base, String path) {
        Path p = Path.of(path);
        return p.isAbsolute() || base == null ? p : base.resolve(p).normalize();
    }
}
