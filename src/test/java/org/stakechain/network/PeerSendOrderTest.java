package org.stakechain.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.network.wire.DisconnectReason;
import org.stakechain.network.wire.HostPort;
import org.stakechain.network.wire.PeerMessage;

/** A peer's two send queues: consensus frames overtake queued gossip; each queue keeps its order; Disconnect last. */
class PeerSendOrderTest {
    /** Holds each send until the test completes it; records the frames' first bytes (tag) and second (a label). */
    static final class HeldConnection implements Connection {
        final List<String> sent = new ArrayList<>();
        CompletableFuture<Void> pending;
        boolean closed;

        @Override
        public CompletableFuture<Void> send(byte[] frame) {
            sent.add(label(frame));
            pending = new CompletableFuture<>();
            return pending;
        }

        @Override
        public void close(int code, String reason) {
            closed = true;
        }

        @Override
        public void abort() {
            closed = true;
        }

        /** Lets the frame on the wire go, and with it the next. */
        void release() {
            pending.complete(null);
        }
    }

    final NetworkConfig config = NetworkConfig.builder("order", Hash.ZERO, KeyPair.deterministic("order")).build();
    final HeldConnection connection = new HeldConnection();
    /** Never started: the peer only reports its end to it. */
    final Network network = new Network(config, new RecordingListener(), Clock.systemUTC(), new Random(1));
    final Peer peer = new Peer(network, connection, Direction.OUTBOUND, new HostPort("127.0.0.1", 1), Hash.ZERO, 0,
            config);

    static byte[] frame(int tag, int label) {
        return new byte[] {(byte) tag, (byte) label};
    }

    static String label(byte[] frame) {
        return String.format("%02x/%d", frame[0] & 0xff, frame.length > 1 ? frame[1] : -1);
    }

    /** Frames of these tags labelled 1, 2, … in turn; the first goes on the wire and is held there. */
    void sendInTurn(int... tags) {
        for (int i = 0; i < tags.length; i++) {
            assertThat(peer.sendFrame(frame(tags[i], i + 1))).isTrue();
        }
    }

    void releaseAll() {
        for (int i = 0; i < 20 && connection.pending != null && !connection.pending.isDone(); i++) {
            connection.release();
        }
    }

    @Test
    void consensusFramesGoBeforeGossipAlreadyWaitingEachInItsOwnOrder() {
        sendInTurn(PeerMessage.TAG_TRANSACTIONS, PeerMessage.TAG_TRANSACTIONS, PeerMessage.TAG_BATCH_ANNOUNCEMENT,
                PeerMessage.TAG_COMPACT_PROPOSAL, PeerMessage.TAG_TRANSACTIONS, PeerMessage.TAG_VOTE,
                PeerMessage.TAG_BLOCK_FRAME);
        assertThat(peer.hasQueued()).isTrue();
        releaseAll();
        assertThat(connection.sent).containsExactly("10/1", "1a/4", "12/6", "19/7", "10/2", "14/3", "10/5");
        assertThat(peer.hasQueued()).isFalse();
    }

    @Test
    void everyKindOfFrameIsSortedByWhatConsensusWaitsOn() {
        for (int tag : new int[] {PeerMessage.TAG_PROPOSAL, PeerMessage.TAG_VOTE, PeerMessage.TAG_DECIDED,
                PeerMessage.TAG_BLOCK_ANNOUNCEMENT, PeerMessage.TAG_GET_BLOCK_FRAME, PeerMessage.TAG_BLOCK_FRAME,
                PeerMessage.TAG_COMPACT_PROPOSAL, PeerMessage.TAG_PING, PeerMessage.TAG_PONG}) {
            assertThat(Peer.isUrgent(frame(tag, 0))).as("tag %02x", tag).isTrue();
        }
        for (int tag : new int[] {PeerMessage.TAG_CHALLENGE, PeerMessage.TAG_HELLO, PeerMessage.TAG_DISCONNECT,
                PeerMessage.TAG_GET_PEERS, PeerMessage.TAG_PEERS, PeerMessage.TAG_TRANSACTIONS,
                PeerMessage.TAG_BATCH_ANNOUNCEMENT, PeerMessage.TAG_GET_BATCHES, PeerMessage.TAG_BATCH,
                PeerMessage.TAG_SYNC_REQUEST, PeerMessage.TAG_SYNC_RESPONSE}) {
            assertThat(Peer.isUrgent(frame(tag, 0))).as("tag %02x", tag).isFalse();
        }
        assertThat(Peer.isUrgent(new byte[0])).isFalse();
    }

    @Test
    void theDisconnectGoesAfterEverythingQueuedUrgentOrNot() {
        peer.sendFrame(frame(PeerMessage.TAG_TRANSACTIONS, 1)); // on the wire, held
        peer.sendFrame(frame(PeerMessage.TAG_TRANSACTIONS, 2));
        peer.sendFrame(frame(PeerMessage.TAG_VOTE, 3));
        peer.disconnect(DisconnectReason.SHUTTING_DOWN, "test");
        assertThat(peer.sendFrame(frame(PeerMessage.TAG_VOTE, 4))).as("nothing after the goodbye").isFalse();
        releaseAll();
        assertThat(connection.sent).hasSize(4);
        assertThat(connection.sent.subList(0, 3)).containsExactly("10/1", "12/3", "10/2");
        assertThat(connection.sent.get(3)).startsWith(String.format("%02x/", PeerMessage.TAG_DISCONNECT));
        assertThat(connection.closed).isTrue();
    }

    @Test
    void nothingOvertakesOurChallengeAndHello() {
        // this side turns ready when the peer's Hello arrives, possibly before its own Hello has left
        sendInTurn(PeerMessage.TAG_CHALLENGE, PeerMessage.TAG_HELLO, PeerMessage.TAG_VOTE, PeerMessage.TAG_GET_PEERS,
                PeerMessage.TAG_VOTE);
        releaseAll();
        assertThat(connection.sent).containsExactly("01/1", "02/2", "12/3", "12/5", "06/4");
    }
}
