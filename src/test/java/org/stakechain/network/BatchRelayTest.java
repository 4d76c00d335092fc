package org.stakechain.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stakechain.network.NetworkTest.batchFrames;
import static org.stakechain.network.TestNetworks.boot;
import static org.stakechain.network.TestNetworks.connected;
import static org.stakechain.network.TestNetworks.scoreOf;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.network.TestNetworks.Node;
import org.stakechain.network.wire.MessageCodec;
import org.stakechain.network.wire.NodeId;
import org.stakechain.network.wire.PeerMessage;

/**
 * Transaction batches relayed by announcement: the origin pushes a batch to its peers, every other hop announces its
 * id and serves it to the peers that ask. Every node gets every batch in any connected topology, once; peers that
 * announce what they do not serve, serve what was not asked, or ask for what was never announced pay for it.
 */
class BatchRelayTest {
    private final TestNetworks nets = new TestNetworks();
    private final WireTestData data = new WireTestData(606);
    private final KeyPair rogue = KeyPair.deterministic("rogue-relayer");

    @AfterEach
    void stopAll() {
        nets.close();
    }

    private List<Transaction> batch(int size) {
        List<Transaction> txs = new java.util.ArrayList<>();
        for (int i = 0; i < size; i++) {
            txs.add(data.transaction());
        }
        return txs;
    }

    @Test
    void aBatchEnteringAtOneEndOfALineOfFourReachesTheOtherEndHopByHop() {
        Node a = nets.start("a");
        Node b = nets.start("b", boot(a));
        Node c = nets.start("c", boot(b));
        Node d = nets.start("d", boot(c));
        Await.until("line a-b-c-d", () -> connected(a, b) && connected(b, c) && connected(c, d));

        List<Transaction> txs = batch(3);
        assertThat(a.network().broadcastTransactions(txs)).isEqualTo(1);
        Await.until("d has the batch", () -> d.listener().transactions.size() == 3);

        for (Node n : List.of(b, c, d)) {
            assertThat(n.listener().transactions).as("handed over once").containsExactlyElementsOf(txs);
            assertThat(batchFrames(n)).as("one batch frame each").isEqualTo(1);
        }
        assertThat(b.network().receivedFrames(PeerMessage.TAG_TRANSACTIONS)).as("pushed by its origin").isEqualTo(1);
        assertThat(c.network().fetchedBatches()).as("asked of b after its announcement").isEqualTo(1);
        assertThat(d.network().fetchedBatches()).as("asked of c").isEqualTo(1);
        assertThat(a.listener().transactions).isEmpty();
        assertThat(batchFrames(a)).isZero();
        for (Node n : List.of(a, b, c, d)) {
            assertThat(n.network().peers()).allSatisfy(p -> assertThat(p.score()).isNotNegative());
        }
    }

    @Test
    void aBatchReachesEveryLeafOfAStarWhereverItEnters() {
        Node hub = nets.start("hub");
        Node x = nets.start("x", boot(hub));
        Node y = nets.start("y", boot(hub));
        Node z = nets.start("z", boot(hub));
        Await.until("star", () -> connected(hub, x) && connected(hub, y) && connected(hub, z));

        List<Transaction> atLeaf = batch(2);
        x.network().broadcastTransactions(atLeaf);
        Await.until("every other node has the leaf's batch", () -> hub.listener().transactions.size() == 2
                && y.listener().transactions.size() == 2 && z.listener().transactions.size() == 2);
        assertThat(y.network().fetchedBatches()).isEqualTo(1);
        assertThat(z.network().fetchedBatches()).isEqualTo(1);

        List<Transaction> atHub = batch(2);
        hub.network().broadcastTransactions(atHub);
        Await.until("every leaf has the hub's batch", () -> x.listener().transactions.size() == 2
                && y.listener().transactions.size() == 4 && z.listener().transactions.size() == 4);
        assertThat(x.listener().transactions).containsExactlyElementsOf(atHub);
        assertThat(y.network().fetchedBatches()).as("pushed by the hub, its origin").isEqualTo(1);
    }

    @Test
    void inAFullMeshOfFourTheOriginPushesAndNobodyGetsTheBatchTwice() {
        Node a = nets.start("a");
        Node b = nets.start("b", boot(a));
        Node c = nets.start("c", boot(a, b));
        Node d = nets.start("d", boot(a, b, c));
        List<Node> all = List.of(a, b, c, d);
        Await.until("mesh", () -> all.stream().allMatch(n -> n.network().peers().size() == 3));

        List<Transaction> txs = batch(4);
        assertThat(a.network().broadcastTransactions(txs)).isEqualTo(3);
        // each of b, c, d announces to its two other peers (and never to the origin it came from)
        Await.until("all announcements in", () -> all.stream().mapToLong(NetworkTest::announcements).sum() == 6);
        for (Node n : List.of(b, c, d)) {
            assertThat(n.listener().transactions).containsExactlyElementsOf(txs);
        }
        assertThat(batchFrames(a)).as("nothing comes back to the origin").isZero();
        // the origin's push may still be on its way when another peer's announcement overtook it (the node then
        // fetched the batch): every node gets it, counted on receipt, and gets it once
        Await.until("the origin's push at each", () -> List.of(b, c, d).stream()
                .allMatch(n -> n.network().receivedFrames(PeerMessage.TAG_TRANSACTIONS) >= 1));
        for (Node n : List.of(b, c, d)) {
            assertThat(n.network().receivedFrames(PeerMessage.TAG_TRANSACTIONS)).as("one push each").isEqualTo(1);
        }
        // a node fetches here only if an announcement overtook the origin's push, and then only what it asked for
        long served = all.stream().mapToLong(n -> n.network().receivedFrames(PeerMessage.TAG_BATCH)).sum();
        long asked = all.stream().mapToLong(n -> n.network().receivedFrames(PeerMessage.TAG_GET_BATCHES)).sum();
        assertThat(served).isLessThanOrEqualTo(asked);
    }

    @Test
    void aPeerAskingForABatchNobodyAnnouncedIsPenalised() {
        Node a = nets.start("a");
        try (RawPeer raw = TestNetworks.rawPeerOf(a, rogue, 0)) {
            raw.send(new PeerMessage.GetBatches(List.of(Hash.of(new byte[] {42}))));
            Await.until("penalised", () -> scoreOf(a, NodeId.of(rogue.publicKey()))
                    == -Misbehaviour.PROTOCOL_VIOLATION.cost());
            assertThat(raw.count(PeerMessage.Batch.class)).isZero();
        }
    }

    @Test
    void aRequestForAnAnnouncedBatchThatLeftTheRelayCacheGoesUnservedButUnpenalised() {
        int frameLimit = 64 * 1024;
        Node a = nets.start("a");
        Node b = nets.start("b", c -> boot(a).apply(c).maxFrameBytes(frameLimit).relayCacheBytes(frameLimit));
        Await.until("a-b", () -> connected(a, b));
        List<Transaction> first = batch(2);
        List<Transaction> big1 = batch(300);
        List<Transaction> big2 = batch(300);
        int bigFrame = MessageCodec.encode(new PeerMessage.Transactions(big1)).length;
        assertThat(bigFrame).as("two big batches overflow b's relay cache, one fits a frame")
                .isBetween(frameLimit / 2 + 100, frameLimit - 100);
        try (RawPeer raw = TestNetworks.rawPeerOf(b, rogue, 1)) {
            a.network().broadcastTransactions(first); // a pushes, b announces to the raw peer and keeps the frame
            Await.until("first announced", () -> raw.count(PeerMessage.BatchAnnouncement.class) == 1);
            a.network().broadcastTransactions(big1);
            a.network().broadcastTransactions(big2);
            Await.until("both big ones announced", () -> raw.count(PeerMessage.BatchAnnouncement.class) == 3);

            Hash firstId = MessageCodec.batchId(MessageCodec.encode(new PeerMessage.Transactions(first)));
            Hash big2Id = MessageCodec.batchId(MessageCodec.encode(new PeerMessage.Transactions(big2)));
            raw.send(new PeerMessage.GetBatches(List.of(firstId))); // announced, since evicted
            raw.send(new PeerMessage.GetBatches(List.of(big2Id))); // still held: served, after the first is handled
            Await.until("big2 served", () -> raw.count(PeerMessage.Batch.class) == 1);

            assertThat(raw.first(PeerMessage.Batch.class).transactions()).containsExactlyElementsOf(big2);
            assertThat(scoreOf(b, NodeId.of(rogue.publicKey()))).isNotNegative();
        }
    }

    @Test
    void anAnnouncerThatDoesNotServeIsPenalisedAndTheBatchComesFromAnotherAnnouncer() {
        Node a = nets.start("a", c -> c.fetchTimeout(Duration.ofMillis(300)));
        Node b = nets.start("b", boot(a));
        Node c = nets.start("c", boot(b));
        Await.until("line a-b-c", () -> connected(a, b) && connected(b, c));
        List<Transaction> txs = batch(2);
        Hash id = MessageCodec.batchId(MessageCodec.encode(new PeerMessage.Transactions(txs)));
        try (RawPeer raw = TestNetworks.rawPeerOf(a, rogue, 1)) {
            raw.send(new PeerMessage.BatchAnnouncement(List.of(id)));
            PeerMessage.GetBatches asked = Await.value("a asks the raw peer",
                    () -> raw.first(PeerMessage.GetBatches.class));
            assertThat(asked.batchIds()).containsExactly(id);

            c.network().broadcastTransactions(txs); // b announces the same batch to a while the raw peer stalls
            Await.until("a got it from b", () -> a.listener().transactions.size() == 2);
            assertThat(a.listener().transactions).containsExactlyElementsOf(txs);
            Await.until("the raw peer penalised", () -> scoreOf(a, NodeId.of(rogue.publicKey()))
                    == -Misbehaviour.PROTOCOL_VIOLATION.cost());
            assertThat(a.network().fetchedBatches()).isEqualTo(1);
            assertThat(scoreOf(a, b.network().nodeId())).isNotNegative();
        }
    }

    @Test
    void aServedBatchOtherThanTheOneAnnouncedIsDroppedUnreadAndPenalised() {
        Node a = nets.start("a", c -> c.fetchTimeout(Duration.ofSeconds(10)));
        List<Transaction> announced = batch(2);
        List<Transaction> other = batch(1);
        Hash id = MessageCodec.batchId(MessageCodec.encode(new PeerMessage.Transactions(announced)));
        try (RawPeer raw = TestNetworks.rawPeerOf(a, rogue, 0)) {
            raw.send(new PeerMessage.BatchAnnouncement(List.of(id)));
            Await.value("a asks", () -> raw.first(PeerMessage.GetBatches.class));
            raw.send(new PeerMessage.Batch(other));
            NodeId rogueId = NodeId.of(rogue.publicKey());
            Await.until("penalised", () -> scoreOf(a, rogueId) == -Misbehaviour.PROTOCOL_VIOLATION.cost());

            raw.send(new PeerMessage.Batch(announced)); // the right one is still welcome
            Await.until("the announced batch handed over", () -> a.listener().transactions.size() == 2);
            assertThat(a.listener().transactions).containsExactlyElementsOf(announced);
            assertThat(a.network().fetchedBatches()).isEqualTo(1);

            raw.send(new PeerMessage.Batch(announced)); // served twice: the second was not asked for
            Await.until("penalised again", () -> scoreOf(a, rogueId) == 1 - 2 * Misbehaviour.PROTOCOL_VIOLATION.cost());
            assertThat(a.listener().transactions).hasSize(2);
        }
    }

    @Test
    void undecodableAnnouncementsAreBadFramesAndAnOversizedOneEndsTheConnection() {
        Node a = nets.start("a", c -> c.maxFrameBytes(64 * 1024));
        NodeId rogueId = NodeId.of(rogue.publicKey());
        try (RawPeer raw = TestNetworks.rawPeerOf(a, rogue, 0)) {
            raw.sendRaw(new CanonicalWriter().u8(PeerMessage.TAG_BATCH_ANNOUNCEMENT).u32(MessageCodec.MAX_BATCH_IDS + 1)
                    .toByteArray());
            Await.until("too many ids", () -> scoreOf(a, rogueId) == -Misbehaviour.UNDECODABLE_FRAME.cost());
            raw.sendRaw(new CanonicalWriter().u8(PeerMessage.TAG_BATCH_ANNOUNCEMENT).u32(2).hash(Hash.ZERO)
                    .toByteArray());
            Await.until("truncated", () -> scoreOf(a, rogueId) == -2 * Misbehaviour.UNDECODABLE_FRAME.cost());
            assertThat(raw.count(PeerMessage.GetBatches.class)).as("nothing asked on a bad announcement").isZero();

            byte[] big = new byte[64 * 1024 + 1];
            big[0] = (byte) PeerMessage.TAG_BATCH_ANNOUNCEMENT;
            raw.sendRaw(big);
            Await.until("gone", () -> a.network().peers().isEmpty());
            assertThat(a.network().isBanned(rogueId)).isTrue();
        }
    }

    @Test
    void anAnnouncementOfABatchAlreadyHeldIsNotFollowed() {
        Node a = nets.start("a");
        List<Transaction> txs = batch(2);
        try (RawPeer raw = TestNetworks.rawPeerOf(a, rogue, 0)) {
            raw.send(new PeerMessage.Transactions(txs));
            Await.until("pushed batch handed over", () -> a.listener().transactions.size() == 2);
            raw.send(new PeerMessage.BatchAnnouncement(List.of(
                    MessageCodec.batchId(MessageCodec.encode(new PeerMessage.Transactions(txs))))));
            raw.send(new PeerMessage.Ping(1, 0));
            Await.value("pong after the announcement", () -> raw.first(PeerMessage.Pong.class));
            assertThat(raw.count(PeerMessage.GetBatches.class)).isZero();
        }
    }
}
