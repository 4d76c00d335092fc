package org.stakechain.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stakechain.network.TestNetworks.boot;
import static org.stakechain.network.TestNetworks.connected;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stakechain.network.TestNetworks.Node;

/**
 * Without peer exchange a node dials its bootnodes and nobody else: not the address an inbound peer announces in
 * its Hello. The fault suite relies on it: every link between its nodes passes a proxy it can cut, and a node that
 * dialed an inbound peer's real port would go around the proxy.
 */
class BootnodesOnlyTest {
    private final TestNetworks nets = new TestNetworks();

    @AfterEach
    void stop() {
        nets.close();
    }

    @Test
    void withPeerExchangeANodeRedialsTheAddressAnInboundPeerAnnounced() {
        Node b = nets.start("b", c -> c.peerExchange(true));
        Node a = nets.start("a", c -> boot(b).apply(c));
        int port = a.network().port();
        Await.until("connected", () -> connected(a, b));
        a.network().stop();
        Await.until("b noticed", () -> b.network().peers().isEmpty());

        Node again = nets.start("a", c -> c.port(port)); // no bootnodes: only b can make this connection
        Await.until("b dialed the restarted a", () -> connected(again, b));
    }

    @Test
    void withoutPeerExchangeANodeNeverDialsAnInboundPeersAddress() {
        Node b = nets.start("b", c -> c.peerExchange(false));
        Node a = nets.start("a", c -> boot(b).apply(c));
        int port = a.network().port();
        Await.until("connected", () -> connected(a, b));
        a.network().stop();
        Await.until("b noticed", () -> b.network().peers().isEmpty());

        Node again = nets.start("a", c -> c.port(port));
        // b would redial within its reconnect backoff (at most 400 ms here); give it several times that
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2_000));
        assertThat(b.network().peers()).isEmpty();
        assertThat(again.network().peers()).isEmpty();
    }
}
