package org.stakechain.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.KeyPair;
import org.stakechain.network.TestNetworks.Node;
import org.stakechain.network.wire.DisconnectReason;
import org.stakechain.network.wire.NodeId;
import org.stakechain.network.wire.PeerMessage;

/**
 * A peer whose old connection is still registered here (its close never arrived: a pause, a half-open socket)
 * dials again: the new, authenticated connection replaces the old one instead of being refused as a duplicate
 * until the old one's idle timeout (seen under load: a node cut off from its peers for tens of seconds).
 */
class ReconnectTest {
    private final TestNetworks nets = new TestNetworks();
    private final KeyPair peerKey = KeyPair.deterministic("reconnecting peer");

    @BeforeAll
    static void loadTheCryptoEngine() {
        // the first verify loads the native engine, which takes seconds on a busy machine: not inside a handshake wait
        org.stakechain.crypto.Ed25519.engineName();
    }

    @AfterEach
    void stopAll() {
        nets.close();
    }

    @Test
    void aSecondConnectionFromTheSameNodeReplacesTheStaleOne() {
        Node a = nets.start("a");
        NodeId id = NodeId.of(peerKey.publicKey());
        try (RawPeer first = new RawPeer(a.address()).handshake(peerKey, WireTestData.CHAIN, TestNetworks.GENESIS);
             RawPeer second = new RawPeer(a.address())) {
            Await.until("first registered", () -> a.network().peers().stream().anyMatch(p -> p.id().equals(id)));
            second.handshake(peerKey, WireTestData.CHAIN, TestNetworks.GENESIS);

            Await.until("the stale connection told why", () -> {
                PeerMessage.Disconnect bye = first.first(PeerMessage.Disconnect.class);
                return (bye != null && bye.reason() == DisconnectReason.DUPLICATE_NODE) || first.closed.isDone();
            });
            assertThat(second.first(PeerMessage.Disconnect.class)).isNull();
            assertThat(second.closed).isNotDone();
            assertThat(a.network().peers()).extracting(PeerInfo::id).containsExactly(id);
        }
    }
}
