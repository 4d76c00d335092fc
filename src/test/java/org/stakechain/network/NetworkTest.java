package org.stakechain.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stakechain.network.TestNetworks.boot;
import static org.stakechain.network.TestNetworks.connected;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.consensus.Verdict;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.network.TestNetworks.Node;
import org.stakechain.network.wire.DisconnectReason;
import org.stakechain.network.wire.PeerMessage;

/** Several networks in one JVM on 127.0.0.1, real WebSockets both ways. */
class NetworkTest {
    private final TestNetworks nets = new TestNetworks();
    private final WireTestData data = new WireTestData(77);

    @AfterEach
    void stopAll() {
        nets.close();
    }

    private ConsensusMessage vote(long height) {
        return new ConsensusMessage.VoteMessage(data.vote(height));
    }

    @Test
    void handshakeSucceedsAndPeersSeeEachOthersBestHeight() {
        Node a = nets.start("a");
        a.network().setBestFinalHeight(5);
        Node b = nets.start("b", boot(a));
        b.network().setBestFinalHeight(9);

        Await.until("a and b connected", () -> connected(a, b));
        PeerInfo bAtA = a.network().peers().get(0);
        PeerInfo aAtB = b.network().peers().get(0);
        assertThat(bAtA.direction()).isEqualTo(Direction.INBOUND);
        assertThat(aAtB.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(aAtB.address()).isEqualTo(a.address());
        assertThat(bAtA.address()).isEqualTo(b.address());
        assertThat(bAtA.bestHeight()).isEqualTo(9);
        assertThat(aAtB.bestHeight()).isEqualTo(5);
        assertThat(a.network().port()).isPositive();
        Await.until("both told the node", () -> a.listener().connected.size() == 1 && b.listener().connected.size() == 1);
    }

    @Test
    void aPeerOnAnotherChainIsRefusedWithTheReason() {
        Node a = nets.start("a");
        Node b = nets.start("b", c -> NetworkConfig.builder("another-chain", TestNetworks.GENESIS, c.build().nodeKey())
                .bootnodes(List.of(a.address())));

        Await.until("b refused for its chain id", () -> b.listener().failedWith(DisconnectReason.WRONG_CHAIN));
        Await.until("a refused b for its chain id", () -> a.listener().failedWith(DisconnectReason.WRONG_CHAIN));
        assertThat(a.listener().failures).allSatisfy(f -> assertThat(f.detail()).contains("another-chain"));
        assertThat(a.network().peers()).isEmpty();
        assertThat(b.network().peers()).isEmpty();
    }

    @Test
    void aPeerWithAnotherGenesisIsRefusedWithTheReason() {
        Node a = nets.start("a");
        Hash otherGenesis = Hash.of(new byte[] {9});
        Node b = nets.start("b", c -> NetworkConfig.builder(WireTestData.CHAIN, otherGenesis, c.build().nodeKey())
                .bootnodes(List.of(a.address())));

        Await.until("b refused for its genesis", () -> b.listener().failedWith(DisconnectReason.WRONG_GENESIS));
        Await.until("a refused b for its genesis", () -> a.listener().failedWith(DisconnectReason.WRONG_GENESIS));
        assertThat(a.network().peers()).isEmpty();
    }

    @Test
    void aNodeDialingItselfHangsUpAndForgetsTheAddress() {
        Node a = nets.start("a");
        // its own listen address is never dialed; another name for it is, once
        a.network().connect(new org.stakechain.network.wire.HostPort("localhost", a.network().port()));
        Await.until("self connection detected", () -> a.listener().failedWith(DisconnectReason.SELF_CONNECTION));
        assertThat(a.network().peers()).isEmpty();
    }

    @Test
    void gossipInALineReachesTheFarEndExactlyOnce() {
        Node a = nets.start("a");
        Node b = nets.start("b", boot(a));
        Node c = nets.start("c", boot(b));
        Await.until("line a-b-c", () -> connected(a, b) && connected(b, c));

        ConsensusMessage first = vote(10);
        ConsensusMessage second = vote(11);
        assertThat(a.network().broadcast(first)).isEqualTo(1);
        Await.until("c has the first vote", () -> c.listener().count(first) == 1);
        a.network().broadcast(second);
        Await.until("c has the second vote", () -> c.listener().count(second) == 1);

        assertThat(c.listener().count(first)).isEqualTo(1);
        assertThat(b.listener().count(first)).isEqualTo(1);
        assertThat(a.listener().count(first)).as("never echoed back to its origin").isZero();
        assertThat(a.network().peers()).hasSize(1);
    }

    @Test
    void aCopyOfAConsensusMessageAlreadyHandledIsDroppedUndecodedAndCostsNothing() {
        Node a = nets.start("a");
        KeyPair relayer = KeyPair.deterministic("relayer");
        try (RawPeer raw = new RawPeer(a.address()).handshake(relayer, WireTestData.CHAIN, TestNetworks.GENESIS)) {
            Await.until("relayer accepted", () -> a.network().peers().size() == 1);
            ConsensusMessage first = vote(4);
            ConsensusMessage second = vote(5);
            raw.send(PeerMessage.of(first));
            raw.send(PeerMessage.of(first)); // what a second relayer of the same vote sends: the same bytes
            raw.send(PeerMessage.of(second));
            Await.until("both votes handed over", () -> a.listener().count(second) == 1);
            assertThat(a.listener().count(first)).isEqualTo(1);
            assertThat(a.network().duplicateConsensusFrames()).isEqualTo(1);
            assertThat(a.network().peers()).as("a copy is no offence").hasSize(1);
        }
    }

    @Test
    void gossipInATriangleIsHandedToEachNodeOnce() {
        Node a = nets.start("a");
        Node b = nets.start("b", boot(a));
        Node c = nets.start("c", boot(a, b));
        Await.until("triangle", () -> connected(a, b) && connected(b, c) && connected(a, c));

        List<Transaction> txs = List.of(data.transaction(), data.transaction());
        b.network().broadcastTransactions(txs);
        ConsensusMessage marker = vote(3);
        Await.until("transactions everywhere", () -> a.listener().transactions.size() == 2
                && c.listener().transactions.size() == 2);
        b.network().broadcast(marker);
        Await.until("marker everywhere", () -> a.listener().count(marker) == 1 && c.listener().count(marker) == 1);

        assertThat(a.listener().transactions).containsExactlyInAnyOrderElementsOf(txs);
        assertThat(c.listener().transactions).containsExactlyInAnyOrderElementsOf(txs);
        assertThat(b.listener().transactions).isEmpty();
        // b admitted the batch, so b pushes it whole; a and c each announce it to the other, which has it already
        // (unless that announcement overtook b's push: then it is fetched once and b's copy dropped by its id)
        Await.until("a and c announced it, once each",
                () -> announcements(a) + announcements(b) + announcements(c) == 2);
        assertThat(batchFrames(b)).as("never sent back to its origin").isZero();
        assertThat(a.network().receivedFrames(PeerMessage.TAG_TRANSACTIONS)).as("b's push").isEqualTo(1);
        assertThat(c.network().receivedFrames(PeerMessage.TAG_TRANSACTIONS)).as("b's push").isEqualTo(1);
        assertThat(batchFrames(a) + batchFrames(c)).as("at most one fetched besides").isLessThanOrEqualTo(3);
        assertThat(a.listener().transactions).hasSize(2);
        assertThat(c.listener().transactions).hasSize(2);
    }

    static long announcements(Node n) {
        return n.network().receivedFrames(PeerMessage.TAG_BATCH_ANNOUNCEMENT);
    }

    static long batchFrames(Node n) {
        return n.network().receivedFrames(PeerMessage.TAG_TRANSACTIONS)
                + n.network().receivedFrames(PeerMessage.TAG_BATCH);
    }

    @Test
    void aCopyOfATransactionBatchAlreadyHandledIsDroppedUndecoded() {
        Node a = nets.start("a");
        KeyPair relayer = KeyPair.deterministic("relayer");
        try (RawPeer raw = new RawPeer(a.address()).handshake(relayer, WireTestData.CHAIN, TestNetworks.GENESIS)) {
            Await.until("relayer accepted", () -> a.network().peers().size() == 1);
            List<Transaction> batch = List.of(data.transaction(), data.transaction());
            Transaction later = data.transaction();
            raw.send(new PeerMessage.Transactions(batch));
            raw.send(new PeerMessage.Transactions(batch)); // a second relayer's copy: the same bytes
            raw.send(new PeerMessage.Transactions(List.of(later)));
            Await.until("the later batch handed over", () -> a.listener().transactions.contains(later));
            assertThat(a.listener().transactions).containsExactly(batch.get(0), batch.get(1), later);
            assertThat(a.network().duplicateTransactionFrames()).isEqualTo(1);
            assertThat(a.network().peers()).as("a copy is no offence").hasSize(1);
        }
    }

    @Test
    void aVoteIsNotRelayedBackToAPeerThatSentACopyWhileItWasJudged() {
        Node a = nets.start("a");
        try (RawPeer first = new RawPeer(a.address()).handshake(KeyPair.deterministic("first"), WireTestData.CHAIN,
                TestNetworks.GENESIS);
             RawPeer second = new RawPeer(a.address()).handshake(KeyPair.deterministic("second"), WireTestData.CHAIN,
                     TestNetworks.GENESIS);
             RawPeer third = new RawPeer(a.address()).handshake(KeyPair.deterministic("third"), WireTestData.CHAIN,
                     TestNetworks.GENESIS)) {
            Await.until("three peers", () -> a.network().peers().size() == 3);
            java.util.concurrent.CompletableFuture<Void> judged = new java.util.concurrent.CompletableFuture<>();
            a.listener().judging = judged;
            ConsensusMessage held = vote(4);
            first.send(PeerMessage.of(held));
            Await.until("handed to the node", () -> a.listener().count(held) == 1);
            second.send(PeerMessage.of(held)); // the second relayer's copy, while the node still judges the first
            Await.until("the copy dropped", () -> a.network().duplicateConsensusFrames() == 1);
            judged.complete(null);
            Await.until("relayed to the peer that had no copy", () -> received(third, held));

            ConsensusMessage next = vote(5); // sent after the first in order: once it is there, so would the first be
            first.send(PeerMessage.of(next));
            Await.until("the next vote relayed to second", () -> received(second, next));
            assertThat(received(second, held)).as("second sent it, so it gets no copy back").isFalse();
            assertThat(received(first, held)).isFalse();
            assertThat(a.network().skippedRelays()).isEqualTo(1);
        }
    }

    private static boolean received(RawPeer peer, ConsensusMessage message) {
        return peer.received.stream().anyMatch(m -> m instanceof PeerMessage.Consensus c && c.message().equals(message));
    }

    @Test
    void aRejectedMessageIsNotRelayedAndCostsTheSenderScore() {
        Node a = nets.start("a");
        Node b = nets.start("b", boot(a));
        Node c = nets.start("c", boot(b));
        Await.until("line a-b-c", () -> connected(a, b) && connected(b, c));

        b.listener().verdict = Verdict.REJECT;
        ConsensusMessage bad = vote(4);
        a.network().broadcast(bad);
        Await.until("b judged it", () -> b.listener().count(bad) == 1);
        Await.until("a's score at b dropped", () -> scoreOf(b, a) == -Misbehaviour.REJECTED_MESSAGE.cost());

        b.listener().verdict = Verdict.ACCEPT;
        ConsensusMessage good = vote(5);
        a.network().broadcast(good);
        Await.until("c has the good vote", () -> c.listener().count(good) == 1);
        assertThat(c.listener().count(bad)).isZero();
    }

    private static int scoreOf(Node at, Node peer) {
        return TestNetworks.scoreOf(at, peer.network().nodeId());
    }

    @Test
    void peerExchangeLetsANodeDiscoverAPeerOfItsPeer() {
        Node b = nets.start("b", c -> c.peerExchange(true));
        Node a = nets.start("a", c -> boot(b).apply(c).peerExchange(true));
        Node c = nets.start("c", x -> boot(b).apply(x).peerExchange(true));

        Await.until("a found c through b", () -> connected(a, c));
        assertThat(a.network().peers()).hasSize(2);
        assertThat(c.network().peers()).hasSize(2);
    }

    @Test
    void maxPeersIsRespected() {
        Node hub = nets.start("hub", c -> c.maxPeers(2));
        Node x = nets.start("x", boot(hub));
        Node y = nets.start("y", boot(hub));
        Node z = nets.start("z", boot(hub));

        Await.until("hub is full", () -> hub.network().peers().size() == 2);
        Await.until("the third was turned away", () -> List.of(x, y, z).stream().anyMatch(n -> turnedAway(n)));
        assertThat(hub.network().peers()).hasSize(2);
    }

    /** The refused side may have finished its half of the handshake: it then hears the reason as a disconnect. */
    private static boolean turnedAway(Node n) {
        return n.listener().failedWith(DisconnectReason.TOO_MANY_PEERS) || n.listener().disconnected.stream()
                .anyMatch(e -> e.reason() == DisconnectReason.TOO_MANY_PEERS);
    }

    @Test
    void syncRequestIsAnsweredFromThePeersStoreWithinTheLimit() {
        Node a = nets.start("a");
        for (long h = 1; h <= 6; h++) {
            a.listener().store.put(h, data.decided(h));
        }
        Node b = nets.start("b", boot(a));
        Await.until("connected", () -> connected(a, b));

        assertThat(b.network().requestSync(a.network().nodeId(), 2, 3)).isTrue();
        List<ConsensusMessage.Decided> got = Await.value("sync response",
                () -> b.listener().syncResponses.isEmpty() ? null : b.listener().syncResponses.get(0));
        assertThat(got).extracting(ConsensusMessage.Decided::height).containsExactly(2L, 3L, 4L);
        assertThat(got.get(0)).isEqualTo(a.listener().store.get(2L));
        Await.until("b knows a's height from the answer", () -> b.network().peers().get(0).bestHeight() >= 4);
    }

    @Test
    void reconnectsToABootnodeAfterItRestarts() {
        Node a = nets.start("a");
        int port = a.network().port();
        Node b = nets.start("b", boot(a));
        Await.until("connected", () -> connected(a, b));

        a.network().stop();
        Await.until("b noticed", () -> b.network().peers().isEmpty());
        assertThat(b.listener().disconnected).extracting(e -> e.reason())
                .contains(DisconnectReason.SHUTTING_DOWN);

        Node again = nets.start("a", c -> c.port(port));
        Await.until("b reconnected to the restarted a", () -> connected(again, b));
    }

    @Test
    void aPeerThatStopsReadingOrLeavesIsReportedDisconnected() {
        Node a = nets.start("a");
        Node b = nets.start("b", boot(a));
        Await.until("connected", () -> connected(a, b));
        a.network().disconnect(b.network().nodeId(), "testing");
        Await.until("b heard why", () -> b.listener().disconnected.stream()
                .anyMatch(e -> e.reason() == DisconnectReason.REQUESTED && e.detail().equals("testing")));
        Await.until("and comes back as a bootnode client", () -> connected(a, b));
    }
}
