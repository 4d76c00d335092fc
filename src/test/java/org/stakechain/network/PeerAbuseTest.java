package org.stakechain.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stakechain.network.TestNetworks.boot;
import static org.stakechain.network.TestNetworks.connected;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.network.TestNetworks.Node;
import org.stakechain.network.wire.DisconnectReason;
import org.stakechain.network.wire.NodeId;
import org.stakechain.network.wire.PeerMessage;

/** Misbehaving peers on a raw JDK WebSocket: penalised, disconnected, banned; the honest peers carry on. */
class PeerAbuseTest {
    private final TestNetworks nets = new TestNetworks();
    private final WireTestData data = new WireTestData(5);
    private final KeyPair rogue = KeyPair.deterministic("rogue");

    @AfterEach
    void stopAll() {
        nets.close();
    }

    private static DisconnectReason reasonSentTo(RawPeer raw) {
        PeerMessage.Disconnect d = raw.first(PeerMessage.Disconnect.class);
        return d == null ? null : d.reason();
    }

    private void assertHonestPeersStillGossip(Node a, Node b) {
        ConsensusMessage vote = new ConsensusMessage.VoteMessage(data.vote(2));
        a.network().broadcast(vote);
        Await.until("b still hears a", () -> b.listener().count(vote) == 1);
        assertThat(connected(a, b)).isTrue();
    }

    @Test
    void garbageFramesGetAPeerDisconnectedAndBannedWhileTheOthersKeepWorking() {
        Node a = nets.start("a");
        Node b = nets.start("b", boot(a));
        Await.until("a-b", () -> connected(a, b));
        try (RawPeer raw = new RawPeer(a.address()).handshake(rogue, WireTestData.CHAIN, TestNetworks.GENESIS)) {
            Await.until("rogue accepted", () -> a.network().peers().size() == 2);
            for (int i = 0; i < 4 && raw.sendRaw(new byte[] {0x7f, 1, 2, 3}); i++) {
                // each costs 25
            }
            Await.until("rogue told to go", () -> reasonSentTo(raw) == DisconnectReason.LOW_SCORE);
            Await.until("rogue gone", () -> a.network().peers().size() == 1);
            assertThat(a.network().isBanned(NodeId.of(rogue.publicKey()))).isTrue();
        }
        assertHonestPeersStillGossip(a, b);
        try (RawPeer again = new RawPeer(a.address()).handshake(rogue, WireTestData.CHAIN, TestNetworks.GENESIS)) {
            Await.until("the ban holds", () -> reasonSentTo(again) == DisconnectReason.BANNED);
        }
    }

    @Test
    void anOversizedFrameCostsThePeerItsConnectionAtOnce() {
        Node a = nets.start("a", c -> c.maxFrameBytes(64 * 1024));
        Node b = nets.start("b", boot(a));
        Await.until("a-b", () -> connected(a, b));
        try (RawPeer raw = new RawPeer(a.address()).handshake(rogue, WireTestData.CHAIN, TestNetworks.GENESIS)) {
            byte[] big = new byte[64 * 1024 + 1];
            big[0] = (byte) PeerMessage.TAG_TRANSACTIONS;
            raw.sendRaw(big);
            Await.until("rogue told to go", () -> reasonSentTo(raw) == DisconnectReason.LOW_SCORE);
            assertThat(raw.first(PeerMessage.Disconnect.class).detail()).contains("OVERSIZED_FRAME");
        }
        assertHonestPeersStillGossip(a, b);
    }

    @Test
    void garbageBeforeTheHandshakeEndsTheConnectionWithAProtocolError() {
        Node a = nets.start("a");
        try (RawPeer raw = new RawPeer(a.address())) {
            raw.sendRaw(new byte[] {0x7f});
            Await.until("told why", () -> reasonSentTo(raw) == DisconnectReason.PROTOCOL_ERROR);
            Await.until("socket closed", raw.closed::isDone);
        }
        assertThat(a.network().peers()).isEmpty();
    }

    @Test
    void aHelloSignedForAnotherChallengeIsRefused() {
        Node a = nets.start("a");
        try (RawPeer raw = new RawPeer(a.address())) {
            raw.send(new PeerMessage.Challenge(Hash.ZERO));
            Await.value("challenge", () -> raw.first(PeerMessage.Challenge.class));
            raw.send(PeerMessage.Hello.sign(org.stakechain.network.wire.MessageCodec.PROTOCOL_VERSION, WireTestData.CHAIN,
                    TestNetworks.GENESIS, rogue, 0, 0, Hash.ZERO));
            Await.until("refused", () -> reasonSentTo(raw) == DisconnectReason.BAD_HANDSHAKE);
        }
        assertThat(a.network().peers()).isEmpty();
    }

    @Test
    void aHelloOfTheProtocolVersionBeforeIsRefused() {
        assertThat(org.stakechain.network.wire.MessageCodec.PROTOCOL_VERSION).isEqualTo(4);
        Node a = nets.start("a");
        try (RawPeer raw = new RawPeer(a.address())) {
            raw.send(new PeerMessage.Challenge(Hash.ZERO));
            PeerMessage.Challenge theirs = Await.value("challenge", () -> raw.first(PeerMessage.Challenge.class));
            // version 3 pushed proposals whole and knew no 0x1A
            raw.send(PeerMessage.Hello.sign(3, WireTestData.CHAIN, TestNetworks.GENESIS, rogue, 0, 0, theirs.nonce()));
            Await.until("refused", () -> reasonSentTo(raw) == DisconnectReason.INCOMPATIBLE_VERSION);
        }
        assertThat(a.network().peers()).isEmpty();
    }

    @Test
    void aFloodTripsTheRateLimitAfterABoundedNumberOfMessages() {
        Node a = nets.start("a", c -> c.messageRate(20, 20));
        Node b = nets.start("b", boot(a));
        Await.until("a-b", () -> connected(a, b));
        int sent = 0;
        try (RawPeer raw = new RawPeer(a.address()).handshake(rogue, WireTestData.CHAIN, TestNetworks.GENESIS)) {
            while (sent < 1_000 && !raw.closed.isDone() && reasonSentTo(raw) == null) {
                raw.send(new PeerMessage.Ping(sent++, 0));
            }
            // the goodbye is best effort (it may be cut off when the flooder's socket is aborted), so the bound
            // is on being disconnected at all; when the goodbye does arrive it must name the rate limit
            Await.until("rogue disconnected", () -> reasonSentTo(raw) != null || raw.closed.isDone());
            PeerMessage.Disconnect bye = raw.first(PeerMessage.Disconnect.class);
            if (bye != null && bye.reason() == DisconnectReason.LOW_SCORE) {
                assertThat(bye.detail()).contains("RATE_LIMITED");
            }
            // the burst, what refilled meanwhile, and the ten dropped before the ban
            assertThat(raw.count(PeerMessage.Pong.class)).isLessThan(200);
        }
        assertThat(sent).isLessThan(1_000);
        assertHonestPeersStillGossip(a, b);
    }
}
