package org.stakechain.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stakechain.network.TestNetworks.boot;
import static org.stakechain.network.TestNetworks.connected;
import static org.stakechain.network.TestNetworks.scoreOf;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.network.TestNetworks.Node;
import org.stakechain.network.wire.MessageCodec;
import org.stakechain.network.wire.NodeId;
import org.stakechain.network.wire.PeerMessage;

/**
 * Proposals and decided blocks relayed by announcement: the forger pushes its proposal to all its peers, every other
 * hop announces the frame's id and serves it to the peers that ask. Every node gets every proposal in any connected
 * topology, once; votes stay pushed whole; peers that announce what they do not serve, serve what was not asked, or
 * ask for what was never announced pay for it.
 */
class BlockRelayTest {
    private final TestNetworks nets = new TestNetworks();
    private final WireTestData data = new WireTestData(616);
    private final KeyPair rogue = KeyPair.deterministic("rogue-block-relayer");

    @AfterEach
    void stopAll() {
        nets.close();
    }

    private static Hash idOf(ConsensusMessage message) {
        return Hash.of(MessageCodec.encode(PeerMessage.of(message)));
    }

    static long blockAnnouncements(Node n) {
        return n.network().receivedFrames(PeerMessage.TAG_BLOCK_ANNOUNCEMENT);
    }

    static long blockFrames(Node n) {
        return n.network().receivedFrames(PeerMessage.TAG_PROPOSAL)
                + n.network().receivedFrames(PeerMessage.TAG_COMPACT_PROPOSAL)
                + n.network().receivedFrames(PeerMessage.TAG_DECIDED)
                + n.network().receivedFrames(PeerMessage.TAG_BLOCK_FRAME);
    }

    @Test
    void aProposalForgedAtOneEndOfALineOfFourReachesTheOtherEndHopByHop() {
        Node a = nets.start("a");
        Node b = nets.start("b", boot(a));
        Node c = nets.start("c", boot(b));
        Node d = nets.start("d", boot(c));
        Await.until("line a-b-c-d", () -> connected(a, b) && connected(b, c) && connected(c, d));

        ConsensusMessage proposal = data.proposal(7);
        b.listener().pool(proposal);
        assertThat(a.network().broadcast(proposal)).isEqualTo(1);
        Await.until("d has the proposal", () -> d.listener().count(proposal) == 1);

        for (Node n : List.of(b, c, d)) {
            assertThat(n.listener().count(proposal)).as("handed over once").isEqualTo(1);
            assertThat(blockFrames(n)).as("one block frame each").isEqualTo(1);
        }
        assertThat(b.network().receivedFrames(PeerMessage.TAG_COMPACT_PROPOSAL)).as("pushed by its forger")
                .isEqualTo(1);
        assertThat(b.network().rebuiltProposals()).as("from its pool").isEqualTo(1);
        assertThat(c.network().fetchedBlockFrames()).as("asked of b after its announcement").isEqualTo(1);
        assertThat(d.network().fetchedBlockFrames()).as("asked of c").isEqualTo(1);
        assertThat(a.listener().consensus).isEmpty();
        assertThat(blockFrames(a)).isZero();
        for (Node n : List.of(a, b, c, d)) {
            assertThat(n.network().peers()).allSatisfy(p -> assertThat(p.score()).isNotNegative());
        }
    }

    @Test
    void votesAreStillRelayedWholeAlongALine() {
        Node a = nets.start("a");
        Node b = nets.start("b", boot(a));
        Node c = nets.start("c", boot(b));
        Await.until("line a-b-c", () -> connected(a, b) && connected(b, c));
        ConsensusMessage vote = new ConsensusMessage.VoteMessage(data.vote(3));
        a.network().broadcast(vote);
        Await.until("c has the vote", () -> c.listener().count(vote) == 1);
        assertThat(c.network().receivedFrames(PeerMessage.TAG_VOTE)).isEqualTo(1);
        assertThat(blockAnnouncements(c)).isZero();
    }

    @Test
    void aProposalAndADecidedBlockReachEveryLeafOfAStarWhereverTheyEnter() {
        Node hub = nets.start("hub");
        Node x = nets.start("x", boot(hub));
        Node y = nets.start("y", boot(hub));
        Node z = nets.start("z", boot(hub));
        Await.until("star", () -> connected(hub, x) && connected(hub, y) && connected(hub, z));

        ConsensusMessage atLeaf = data.proposal(5);
        hub.listener().pool(atLeaf);
        x.network().broadcast(atLeaf);
        Await.until("every other node has the leaf's proposal", () -> hub.listener().count(atLeaf) == 1
                && y.listener().count(atLeaf) == 1 && z.listener().count(atLeaf) == 1);
        assertThat(y.network().fetchedBlockFrames()).isEqualTo(1);
        assertThat(z.network().fetchedBlockFrames()).isEqualTo(1);

        ConsensusMessage decided = data.decided(5);
        y.network().broadcast(decided);
        Await.until("every other node has the decided block", () -> hub.listener().count(decided) == 1
                && x.listener().count(decided) == 1 && z.listener().count(decided) == 1);
        assertThat(x.network().fetchedBlockFrames()).isEqualTo(1);
        assertThat(z.network().fetchedBlockFrames()).isEqualTo(2);
        assertThat(x.network().receivedFrames(PeerMessage.TAG_DECIDED)).as("relayed by announcement").isZero();

        ConsensusMessage atHub = data.proposal(6);
        List.of(x, y, z).forEach(n -> n.listener().pool(atHub));
        hub.network().broadcast(atHub);
        Await.until("every leaf has the hub's proposal", () -> x.listener().count(atHub) == 1
                && y.listener().count(atHub) == 1 && z.listener().count(atHub) == 1);
        assertThat(y.network().fetchedBlockFrames()).as("pushed by the hub, its forger").isEqualTo(1);
        assertThat(y.network().rebuiltProposals()).as("pushed compact, rebuilt from the pool").isEqualTo(1);
    }

    @Test
    void inATriangleEachNodeGetsTheProposalOnceFromItsForger() {
        Node a = nets.start("a");
        Node b = nets.start("b", boot(a));
        Node c = nets.start("c", boot(a, b));
        Await.until("triangle", () -> connected(a, b) && connected(b, c) && connected(a, c));
        ConsensusMessage proposal = data.proposal(9);
        a.listener().pool(proposal);
        c.listener().pool(proposal);
        assertThat(b.network().broadcast(proposal)).isEqualTo(2);
        Await.until("a and c have it", () -> a.listener().count(proposal) == 1 && c.listener().count(proposal) == 1);
        // each announces it once, to its peer other than the one it came from (the forger, unless the other's
        // announcement overtook the forger's push: then it fetched it from that one)
        Await.until("two announcements", () -> blockAnnouncements(a) + blockAnnouncements(b) + blockAnnouncements(c) >= 2);
        assertThat(blockAnnouncements(a) + blockAnnouncements(b) + blockAnnouncements(c)).isEqualTo(2);
        assertThat(a.listener().count(proposal)).isEqualTo(1);
        assertThat(c.listener().count(proposal)).isEqualTo(1);
        assertThat(blockFrames(b)).as("never sent back to its forger").isZero();
        assertThat(a.network().receivedFrames(PeerMessage.TAG_COMPACT_PROPOSAL)).isEqualTo(1);
        assertThat(c.network().receivedFrames(PeerMessage.TAG_COMPACT_PROPOSAL)).isEqualTo(1);
        assertThat(a.network().rebuiltProposals() + c.network().rebuiltProposals()
                + a.network().fetchedBlockFrames() + c.network().fetchedBlockFrames()).isEqualTo(2);
    }

    @Test
    void inAFullMeshOfFourTheForgerPushesAndNobodyGetsTheProposalTwice() {
        Node a = nets.start("a");
        Node b = nets.start("b", boot(a));
        Node c = nets.start("c", boot(a, b));
        Node d = nets.start("d", boot(a, b, c));
        List<Node> all = List.of(a, b, c, d);
        Await.until("mesh", () -> all.stream().allMatch(n -> n.network().peers().size() == 3));

        ConsensusMessage proposal = data.proposal(11);
        all.forEach(n -> n.listener().pool(proposal));
        assertThat(a.network().broadcast(proposal)).isEqualTo(3);
        // each of b, c, d announces to its two other peers (and never to the forger it came from)
        Await.until("all announcements in",
                () -> all.stream().mapToLong(BlockRelayTest::blockAnnouncements).sum() == 6);
        for (Node n : List.of(b, c, d)) {
            assertThat(n.listener().count(proposal)).isEqualTo(1);
            assertThat(n.network().receivedFrames(PeerMessage.TAG_COMPACT_PROPOSAL)).as("one push each").isEqualTo(1);
            // rebuilt from the pool, unless another's announcement overtook the forger's push (then fetched)
            assertThat(n.network().rebuiltProposals() + n.network().fetchedBlockFrames()).isEqualTo(1);
            assertThat(n.network().receivedFrames(PeerMessage.TAG_PROPOSAL)).as("never pushed whole").isZero();
        }
        assertThat(blockFrames(a)).as("nothing comes back to the forger").isZero();
        // a node fetches here only if an announcement overtook the forger's push, and then only what it asked for
        long served = all.stream().mapToLong(n -> n.network().receivedFrames(PeerMessage.TAG_BLOCK_FRAME)).sum();
        long asked = all.stream().mapToLong(n -> n.network().receivedFrames(PeerMessage.TAG_GET_BLOCK_FRAME)).sum();
        assertThat(served).isLessThanOrEqualTo(asked);
    }

    @Test
    void aPeerAskingForABlockFrameNobodyAnnouncedIsPenalised() {
        Node a = nets.start("a");
        Node b = nets.start("b", boot(a));
        Await.until("a-b", () -> connected(a, b));
        try (RawPeer raw = TestNetworks.rawPeerOf(b, rogue, 1)) {
            ConsensusMessage proposal = data.proposal(4);
            a.network().broadcast(proposal);
            Await.until("b announced it", () -> raw.count(PeerMessage.BlockAnnouncement.class) == 1);
            assertThat(raw.first(PeerMessage.BlockAnnouncement.class).id()).isEqualTo(idOf(proposal));

            raw.send(new PeerMessage.GetBlockFrame(idOf(proposal))); // announced: served, as a BlockFrame
            Await.until("served", () -> raw.count(PeerMessage.BlockFrame.class) == 1);
            assertThat(raw.first(PeerMessage.BlockFrame.class).message()).isEqualTo(proposal);
            assertThat(scoreOf(b, NodeId.of(rogue.publicKey()))).isZero();

            raw.send(new PeerMessage.GetBlockFrame(Hash.of(new byte[] {42})));
            Await.until("penalised", () -> scoreOf(b, NodeId.of(rogue.publicKey()))
                    == -Misbehaviour.PROTOCOL_VIOLATION.cost());
            assertThat(raw.count(PeerMessage.BlockFrame.class)).isEqualTo(1);
        }
    }

    @Test
    void anAnnouncerThatDoesNotServeIsPenalisedAndTheProposalComesFromAnotherAnnouncer() {
        Node a = nets.start("a", c -> c.fetchTimeout(Duration.ofMillis(300)));
        Node b = nets.start("b", boot(a));
        Node c = nets.start("c", boot(b));
        Await.until("line a-b-c", () -> connected(a, b) && connected(b, c));
        ConsensusMessage proposal = data.proposal(8);
        try (RawPeer raw = TestNetworks.rawPeerOf(a, rogue, 1)) {
            raw.send(new PeerMessage.BlockAnnouncement(idOf(proposal)));
            PeerMessage.GetBlockFrame asked = Await.value("a asks the raw peer",
                    () -> raw.first(PeerMessage.GetBlockFrame.class));
            assertThat(asked.id()).isEqualTo(idOf(proposal));

            c.network().broadcast(proposal); // b announces the same proposal to a while the raw peer stalls
            Await.until("a got it from b", () -> a.listener().count(proposal) == 1);
            Await.until("the raw peer penalised", () -> scoreOf(a, NodeId.of(rogue.publicKey()))
                    == -Misbehaviour.PROTOCOL_VIOLATION.cost());
            assertThat(a.network().fetchedBlockFrames()).isEqualTo(1);
            assertThat(scoreOf(a, b.network().nodeId())).isNotNegative();
        }
    }

    @Test
    void aServedBlockFrameOtherThanTheOneAnnouncedIsDroppedUnreadAndPenalised() {
        Node a = nets.start("a", c -> c.fetchTimeout(Duration.ofSeconds(10)));
        ConsensusMessage announced = data.proposal(12);
        ConsensusMessage other = data.proposal(12);
        try (RawPeer raw = TestNetworks.rawPeerOf(a, rogue, 0)) {
            raw.send(new PeerMessage.BlockAnnouncement(idOf(announced)));
            Await.value("a asks", () -> raw.first(PeerMessage.GetBlockFrame.class));
            raw.send(new PeerMessage.BlockFrame(other));
            NodeId rogueId = NodeId.of(rogue.publicKey());
            Await.until("penalised", () -> scoreOf(a, rogueId) == -Misbehaviour.PROTOCOL_VIOLATION.cost());
            assertThat(a.listener().consensus).isEmpty();

            raw.send(new PeerMessage.BlockFrame(announced)); // the right one is still welcome
            Await.until("the announced proposal handed over", () -> a.listener().count(announced) == 1);
            assertThat(a.network().fetchedBlockFrames()).isEqualTo(1);

            raw.send(new PeerMessage.BlockFrame(announced)); // served twice: the second was not asked for
            Await.until("penalised again", () -> scoreOf(a, rogueId) == 1 - 2 * Misbehaviour.PROTOCOL_VIOLATION.cost());
            assertThat(a.listener().consensus).hasSize(1);
        }
    }

    @Test
    void aBlockFrameCarryingAVoteIsABadFrame() {
        Node a = nets.start("a");
        byte[] vote = MessageCodec.encode(PeerMessage.of(new ConsensusMessage.VoteMessage(data.vote(2))));
        try (RawPeer raw = TestNetworks.rawPeerOf(a, rogue, 0)) {
            raw.send(new PeerMessage.BlockAnnouncement(Hash.of(vote)));
            Await.value("a asks", () -> raw.first(PeerMessage.GetBlockFrame.class));
            byte[] served = new byte[vote.length + 1];
            served[0] = (byte) PeerMessage.TAG_BLOCK_FRAME;
            System.arraycopy(vote, 0, served, 1, vote.length);
            raw.sendRaw(served);
            Await.until("penalised", () -> scoreOf(a, NodeId.of(rogue.publicKey()))
                    == -Misbehaviour.UNDECODABLE_FRAME.cost());
            assertThat(a.listener().consensus).isEmpty();
        }
    }

    @Test
    void anAnnouncementOfAProposalAlreadyHeldIsNotFollowed() {
        Node a = nets.start("a");
        ConsensusMessage proposal = data.proposal(3);
        try (RawPeer raw = TestNetworks.rawPeerOf(a, rogue, 0)) {
            raw.send(PeerMessage.of(proposal));
            Await.until("pushed proposal handed over", () -> a.listener().count(proposal) == 1);
            raw.send(new PeerMessage.BlockAnnouncement(idOf(proposal)));
            raw.send(new PeerMessage.Ping(1, 0));
            Await.value("pong after the announcement", () -> raw.first(PeerMessage.Pong.class));
            assertThat(raw.count(PeerMessage.GetBlockFrame.class)).isZero();
        }
    }
}
