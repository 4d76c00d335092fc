package org.stakechain.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stakechain.network.TestNetworks.boot;
import static org.stakechain.network.TestNetworks.connected;
import static org.stakechain.network.TestNetworks.scoreOf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.network.TestNetworks.Node;
import org.stakechain.network.wire.MessageCodec;
import org.stakechain.network.wire.NodeId;
import org.stakechain.network.wire.PeerMessage;

/**
 * Compact proposals: the forger pushes the header and the transaction ids; a receiver rebuilds the block from its
 * pool, or, lacking any transaction, fetches the whole proposal (from the sender, else from a peer that announced
 * it). A peer whose ids do not make the header's tx root, or who names another frame id, pays for it.
 */
class CompactProposalTest {
    private final TestNetworks nets = new TestNetworks();
    private final WireTestData data = new WireTestData(717);
    private final KeyPair rogue = KeyPair.deterministic("rogue-compact-forger");

    @AfterEach
    void stopAll() {
        nets.close();
    }

    private static Hash idOf(ConsensusMessage message) {
        return Hash.of(MessageCodec.encode(PeerMessage.of(message)));
    }

    private static List<Transaction> txsOf(ConsensusMessage proposal) {
        return ((ConsensusMessage.Proposal) proposal).block().transactions();
    }

    @Test
    void aReceiverWithEveryTransactionPooledRebuildsTheBlockFromIdsAndGetsNoWholeFrame() {
        Node a = nets.start("a");
        Node b = nets.start("b", boot(a));
        Node c = nets.start("c", boot(a, b));
        Await.until("triangle", () -> connected(a, b) && connected(b, c) && connected(a, c));
        ConsensusMessage proposal = data.proposal(3, 200);
        b.listener().pool(proposal);
        c.listener().pool(proposal);
        a.network().broadcast(proposal);
        Await.until("b and c have it", () -> b.listener().count(proposal) == 1 && c.listener().count(proposal) == 1);
        // each rebuilds it from ids, unless the other's announcement of its rebuilt frame overtook the forger's push
        // (a loaded machine): then it fetched the frame from the other, which had rebuilt it
        Await.until("b and c rebuilt or fetched it", () -> b.network().rebuiltProposals()
                + b.network().fetchedBlockFrames() == 1 && c.network().rebuiltProposals()
                + c.network().fetchedBlockFrames() == 1);
        assertThat(b.network().rebuiltProposals() + c.network().rebuiltProposals()).isPositive();
        long whole = MessageCodec.encode(PeerMessage.of(proposal)).length;
        Node rebuilder = b.network().rebuiltProposals() == 1 ? b : c;
        for (Node n : List.of(b, c)) {
            assertThat(n.network().compactMisses()).isZero();
            if (n.network().rebuiltProposals() == 1) {
                long compact = n.network().receivedBytes(PeerMessage.TAG_COMPACT_PROPOSAL);
                assertThat(compact).as("ids instead of transactions").isLessThan(whole / 3);
                assertThat(n.network().receivedBytes(PeerMessage.TAG_PROPOSAL)
                        + n.network().receivedBytes(PeerMessage.TAG_BLOCK_FRAME)).isZero();
            }
        }
        // the rebuilt block is the forger's, bytes and all: what the rebuilder announced is what a would serve
        PeerMessage.Consensus rebuilt = PeerMessage.of(rebuilder.listener().consensus.get(0));
        assertThat(Hash.of(MessageCodec.encode(rebuilt))).isEqualTo(idOf(proposal));
        for (Node n : List.of(a, b, c)) {
            assertThat(n.network().peers()).allSatisfy(p -> assertThat(p.score()).isNotNegative());
        }
    }

    @Test
    void aReceiverMissingOneTransactionFetchesTheWholeProposalFromTheForger() {
        Node a = nets.start("a");
        Node b = nets.start("b", boot(a));
        Node c = nets.start("c", boot(a, b));
        Await.until("triangle", () -> connected(a, b) && connected(b, c) && connected(a, c));
        ConsensusMessage proposal = data.proposal(4, 20);
        c.listener().pool(proposal);
        b.listener().pool(proposal);
        b.listener().pool.remove(txsOf(proposal).get(7).hash());
        a.network().broadcast(proposal);
        Await.until("b and c have it", () -> b.listener().count(proposal) == 1 && c.listener().count(proposal) == 1);
        // the whole frame, asked of a after the miss, or of c if c's announcement came before a's push
        assertThat(b.network().rebuiltProposals()).isZero();
        assertThat(b.network().fetchedBlockFrames()).isEqualTo(1);
        assertThat(b.network().compactMisses()).isLessThanOrEqualTo(1);
        // c rebuilt it, unless b's announcement overtook the forger's push (then c fetched it whole from b)
        assertThat(c.network().rebuiltProposals() + c.network().fetchedBlockFrames()).isEqualTo(1);
        assertThat(scoreOf(b, a.network().nodeId())).isNotNegative();
    }

    @Test
    void aSenderThatNeverServesTheWholeFrameIsPenalisedAndAnAnnouncerServesIt() {
        Node a = nets.start("a", cfg -> cfg.fetchTimeout(Duration.ofMillis(300)));
        Node b = nets.start("b", boot(a));
        Node c = nets.start("c", boot(b));
        Await.until("line a-b-c", () -> connected(a, b) && connected(b, c));
        ConsensusMessage proposal = data.proposal(5, 5);
        b.listener().pool(proposal);
        try (RawPeer raw = TestNetworks.rawPeerOf(a, rogue, 1)) {
            raw.send(PeerMessage.CompactProposal.of(idOf(proposal), (ConsensusMessage.Proposal) proposal));
            PeerMessage.GetBlockFrame asked = Await.value("a lacks the transactions and asks the sender",
                    () -> raw.first(PeerMessage.GetBlockFrame.class));
            assertThat(asked.id()).isEqualTo(idOf(proposal));
            assertThat(a.network().compactMisses()).isEqualTo(1);

            c.network().broadcast(proposal); // b rebuilds it and announces it to a while the raw peer stalls
            // b's rebuild and a's fetch after the raw peer's timeout: slow on a loaded machine
            Await.until("a got it from b", () -> a.listener().count(proposal) == 1, Duration.ofSeconds(30));
            Await.until("the raw peer penalised", () -> scoreOf(a, NodeId.of(rogue.publicKey()))
                    == -Misbehaviour.PROTOCOL_VIOLATION.cost());
            assertThat(a.network().fetchedBlockFrames()).isEqualTo(1);
            assertThat(b.network().rebuiltProposals()).isEqualTo(1);
            assertThat(scoreOf(a, b.network().nodeId())).isNotNegative();
        }
    }

    @Test
    void idsThatDoNotMakeTheHeadersTxRootArePenalisedLikeABadProposal() {
        Node a = nets.start("a");
        ConsensusMessage.Proposal proposal = data.proposal(6, 4);
        a.listener().pool(proposal);
        PeerMessage.CompactProposal honest = PeerMessage.CompactProposal.of(idOf(proposal), proposal);
        List<Hash> swapped = new ArrayList<>(honest.txIds());
        Collections.swap(swapped, 0, 1);
        PeerMessage.CompactProposal lie = new PeerMessage.CompactProposal(honest.frameId(), honest.header(), swapped,
                honest.lastCommit(), honest.proposal());
        try (RawPeer raw = TestNetworks.rawPeerOf(a, rogue, 0)) {
            NodeId rogueId = NodeId.of(rogue.publicKey());
            raw.send(lie);
            Await.until("penalised", () -> scoreOf(a, rogueId) == -Misbehaviour.REJECTED_MESSAGE.cost());
            assertThat(a.listener().consensus).isEmpty();
            assertThat(a.network().rebuiltProposals()).isZero();

            raw.send(honest); // not marked seen by the lie: the honest one is rebuilt
            Await.until("handed over", () -> a.listener().count(proposal) == 1);
            assertThat(a.network().rebuiltProposals()).isEqualTo(1);
        }
    }

    @Test
    void aSenderNamingAnotherFrameIdIsPenalisedAndTheProposalAnnouncedUnderItsTrueId() {
        Node a = nets.start("a");
        Node b = nets.start("b", boot(a));
        Await.until("a-b", () -> connected(a, b));
        ConsensusMessage.Proposal proposal = data.proposal(7, 3);
        a.listener().pool(proposal);
        Hash wrong = Hash.of(new byte[] {7});
        try (RawPeer raw = TestNetworks.rawPeerOf(a, rogue, 1)) {
            raw.send(PeerMessage.CompactProposal.of(wrong, proposal));
            Await.until("handed over", () -> a.listener().count(proposal) == 1);
            Await.until("penalised once accepted", () -> scoreOf(a, NodeId.of(rogue.publicKey()))
                    == 1 - Misbehaviour.REJECTED_MESSAGE.cost());
            Await.until("b asked a for the true frame and got it", () -> b.listener().count(proposal) == 1);
            assertThat(b.network().fetchedBlockFrames()).isEqualTo(1);
            assertThat(scoreOf(b, a.network().nodeId())).isNotNegative();
        }
    }

    @Test
    void aCompactProposalSentAgainIsDroppedUndecoded() {
        Node a = nets.start("a");
        ConsensusMessage.Proposal proposal = data.proposal(8, 2);
        a.listener().pool(proposal);
        try (RawPeer raw = TestNetworks.rawPeerOf(a, rogue, 0)) {
            PeerMessage.CompactProposal compact = PeerMessage.CompactProposal.of(idOf(proposal), proposal);
            raw.send(compact);
            Await.until("handed over", () -> a.listener().count(proposal) == 1);
            raw.send(compact);
            raw.send(PeerMessage.of(proposal)); // the whole frame, same id
            raw.send(new PeerMessage.Ping(1, 0));
            Await.value("pong", () -> raw.first(PeerMessage.Pong.class));
            assertThat(a.network().duplicateConsensusFrames()).isEqualTo(2);
            assertThat(a.listener().lookups.get()).isEqualTo(1);
            assertThat(a.listener().consensus).hasSize(1);
        }
    }

    @Test
    void aProposalBroadcastAgainIsTheSameCompactFrameAndItsWholeFrameIsStillServed() {
        Node a = nets.start("a");
        ConsensusMessage.Proposal proposal = data.proposal(11, 30);
        try (RawPeer raw = TestNetworks.rawPeerOf(a, rogue, 0)) {
            a.network().broadcast(proposal);
            a.network().broadcast(proposal); // regossip while the height stalls: the frames made before, sent again
            Await.until("both compact frames", () -> raw.count(PeerMessage.CompactProposal.class) == 2);
            List<PeerMessage.CompactProposal> got = raw.all(PeerMessage.CompactProposal.class);
            assertThat(got.get(1)).isEqualTo(got.get(0));
            assertThat(got.get(0).frameId()).isEqualTo(idOf(proposal));
            raw.send(new PeerMessage.GetBlockFrame(idOf(proposal)));
            Await.until("served", () -> raw.count(PeerMessage.BlockFrame.class) == 1);
            assertThat(raw.first(PeerMessage.BlockFrame.class).message()).isEqualTo(proposal);
        }
    }
}
