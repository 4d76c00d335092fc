package org.stakechain.network;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.network.wire.HostPort;

/** Starts networks on 127.0.0.1, port 0, with short timers; stops them all after a test. */
final class TestNetworks implements AutoCloseable {
    static final Hash GENESIS = Hash.of("test-genesis".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    record Node(Network network, RecordingListener listener, KeyPair key) {
        HostPort address() {
            return network.listenAddress();
        }
    }

    private final List<Network> started = new ArrayList<>();
    private int count;

    NetworkConfig.Builder config(String name) {
        return NetworkConfig.builder(WireTestData.CHAIN, GENESIS, KeyPair.deterministic("net-" + name))
                .tickInterval(Duration.ofMillis(20))
                .handshakeTimeout(Duration.ofSeconds(3))
                .pingInterval(Duration.ofMillis(500))
                .idleTimeout(Duration.ofSeconds(10))
                .reconnect(Duration.ofMillis(50), Duration.ofMillis(400))
                .peerExchange(false)
                .peerExchangeInterval(Duration.ofMillis(100));
    }

    Node start(String name, UnaryOperator<NetworkConfig.Builder> tweak) {
        NetworkConfig config = tweak.apply(config(name)).build();
        RecordingListener listener = new RecordingListener();
        Network network = new Network(config, listener, Clock.systemUTC(), new Random(count++)).start();
        synchronized (started) {
            started.add(network);
        }
        return new Node(network, listener, config.nodeKey());
    }

    Node start(String name) {
        return start(name, b -> b);
    }

    static UnaryOperator<NetworkConfig.Builder> boot(Node... nodes) {
        List<HostPort> addresses = new ArrayList<>();
        for (Node n : nodes) {
            addresses.add(n.address());
        }
        return b -> b.bootnodes(addresses);
    }

    static boolean connected(Node a, Node b) {
        return a.network().peers().stream().anyMatch(p -> p.id().equals(b.network().nodeId()))
                && b.network().peers().stream().anyMatch(p -> p.id().equals(a.network().nodeId()));
    }

    /** The score {@code at} gives the peer {@code peer}, or {@code Integer.MIN_VALUE} when they are not connected. */
    static int scoreOf(Node at, org.stakechain.network.wire.NodeId peer) {
        return at.network().peers().stream().filter(p -> p.id().equals(peer))
                .mapToInt(PeerInfo::score).findFirst().orElse(Integer.MIN_VALUE);
    }

    /** A raw peer with {@code key}, handshaken with {@code node}, once {@code node} counts it among its peers. */
    static RawPeer rawPeerOf(Node node, KeyPair key, int peersBefore) {
        RawPeer raw = new RawPeer(node.address()).handshake(key, WireTestData.CHAIN, GENESIS);
        Await.until("raw peer accepted", () -> node.network().peers().size() == peersBefore + 1);
        return raw;
    }

    @Override
    public void close() {
        List<Network> all;
        synchronized (started) {
            all = List.copyOf(started);
        }
        all.parallelStream().forEach(Network::stop);
    }
}
