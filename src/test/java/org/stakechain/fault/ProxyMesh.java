package org.stakechain.fault;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import org.stakechain.network.wire.HostPort;
import org.stakechain.node.Testnet;

/**
 * A {@link LinkProxy} for every ordered pair of nodes, and the nodes' configs rewritten so that each node's
 * bootnodes are its proxies to the others and it learns no other address ({@code peerExchange: false}): every
 * byte between two nodes passes a proxy, so cutting proxies partitions the network.
 *
 * <p>The nodes bind free ports themselves ({@link Testnet#bindFreePorts}) and each proxy asks, per connection,
 * for the port its node last logged: no port is picked by {@code testnet init}, released, and taken by another
 * socket (a proxy, an outgoing connection) before the node binds it, which would stop that node at start.
 */
final class ProxyMesh implements AutoCloseable {
    private final Map<String, LinkProxy> links = new LinkedHashMap<>();
    private final List<String> nodes;

    private ProxyMesh(List<String> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Binds a proxy for every ordered pair of {@code nodes}; none forwards until {@link #attach}. */
    static ProxyMesh bind(List<String> nodes) {
        ProxyMesh mesh = new ProxyMesh(nodes);
        try {
            for (String from : nodes) {
                for (String to : nodes) {
                    if (!from.equals(to)) {
                        mesh.links.put(key(from, to), new LinkProxy(from, to));
                    }
                }
            }
        } catch (IOException e) {
            mesh.close();
            throw new UncheckedIOException(e);
        }
        return mesh;
    }

    /**
     * Rewrites each node's config to bind free ports and to dial the others through the proxies, and points each
     * proxy at its node's port as logged by its running process.
     */
    void attach(Testnet net) {
        try {
            net.bindFreePorts(nodes);
            for (LinkProxy p : links.values()) {
                p.target(() -> net.boundPorts(p.to).map(Testnet.BoundPorts::p2p).orElse(0));
            }
            for (String from : nodes) {
                ObjectNode config = (ObjectNode) Testnet.JSON.readTree(Files.readString(net.configOf(from)));
                ArrayNode boot = config.putArray("bootnodes");
                for (String to : nodes) {
                    if (!from.equals(to)) {
                        boot.add("ws://" + new HostPort("127.0.0.1", links.get(key(from, to)).port()) + "/p2p");
                    }
                }
                config.put("peerExchange", false);
                Files.writeString(net.configOf(from), Testnet.JSON.writeValueAsString(config));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(String from, String to) {
        return from + ">" + to;
    }

    /** Sets each link (both directions) to {@code mode} where {@code cut} holds for its two ends, else to PASS. */
    void apply(BiPredicate<String, String> cut, LinkProxy.Mode mode) {
        for (LinkProxy p : links.values()) {
            p.mode(cut.test(p.from, p.to) || cut.test(p.to, p.from) ? mode : LinkProxy.Mode.PASS);
        }
    }

    /** Cuts every link between different groups. */
    void partition(List<Set<String>> groups, LinkProxy.Mode mode) {
        apply((a, b) -> groupOf(groups, a) != groupOf(groups, b), mode);
    }

    /** Only neighbours in {@code ring} order stay linked: messages must travel around. */
    void ring(List<String> ring, LinkProxy.Mode mode) {
        int n = ring.size();
        apply((a, b) -> {
            int i = ring.indexOf(a);
            int j = ring.indexOf(b);
            int d = Math.abs(i - j);
            return d != 1 && d != n - 1;
        }, mode);
    }

    /** Whether bytes between {@code a} and {@code b} pass (both directions). */
    boolean linked(String a, String b) {
        return links.get(key(a, b)).mode() == LinkProxy.Mode.PASS && links.get(key(b, a)).mode() == LinkProxy.Mode.PASS;
    }

    void heal() {
        apply((a, b) -> false, LinkProxy.Mode.PASS);
    }

    /** Links currently cut, for the log. */
    List<String> cutLinks() {
        List<String> out = new ArrayList<>();
        links.forEach((k, p) -> {
            if (p.mode() != LinkProxy.Mode.PASS) {
                out.add(k);
            }
        });
        return out;
    }

    List<String> nodes() {
        return nodes;
    }

    private static int groupOf(List<Set<String>> groups, String node) {
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).contains(node)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        links.values().forEach(LinkProxy::close);
    }
}
