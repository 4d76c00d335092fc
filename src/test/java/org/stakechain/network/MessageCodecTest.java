package org.stakechain.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.Hex;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.network.wire.DisconnectReason;
import org.stakechain.network.wire.HostPort;
import org.stakechain.network.wire.MessageCodec;
import org.stakechain.network.wire.PeerMessage;
import org.stakechain.testing.Seeds;

class MessageCodecTest {
    private static final int MAX = MessageCodec.DEFAULT_MAX_FRAME_BYTES;

    private static PeerMessage decode(String hex) {
        return MessageCodec.decode(Hex.decode(hex), MAX);
    }

    @Test
    void encodesSmallMessagesToTheirGoldenBytes() {
        assertThat(Hex.encode(MessageCodec.encode(new PeerMessage.Ping(7, 42))))
                .isEqualTo("04" + "0000000000000007" + "000000000000002a");
        assertThat(Hex.encode(MessageCodec.encode(new PeerMessage.Pong(7, 0))))
                .isEqualTo("05" + "0000000000000007" + "0000000000000000");
        assertThat(Hex.encode(MessageCodec.encode(new PeerMessage.GetPeers()))).isEqualTo("06");
        assertThat(Hex.encode(MessageCodec.encode(new PeerMessage.SyncRequest(5, 10))))
                .isEqualTo("20" + "0000000000000005" + "0000000a");
        assertThat(Hex.encode(MessageCodec.encode(new PeerMessage.Disconnect(DisconnectReason.WRONG_CHAIN, "x"))))
                .isEqualTo("03" + "03" + "00000001" + "78");
        assertThat(Hex.encode(MessageCodec.encode(new PeerMessage.Peers(List.of(new HostPort("127.0.0.1", 7000))))))
                .isEqualTo("07" + "00000001" + "00000009" + "3132372e302e302e31" + "1b58");
        assertThat(Hex.encode(MessageCodec.encode(new PeerMessage.Challenge(Hash.ZERO))))
                .isEqualTo("01" + "00".repeat(32));
    }

    @Test
    void encodesTheBatchRelayMessagesToTheirGoldenBytes() {
        Hash one = Hash.of(new byte[] {1});
        Hash two = Hash.of(new byte[] {2});
        assertThat(Hex.encode(MessageCodec.encode(new PeerMessage.BatchAnnouncement(List.of(one, two)))))
                .isEqualTo("14" + "00000002" + one.hex() + two.hex());
        assertThat(Hex.encode(MessageCodec.encode(new PeerMessage.GetBatches(List.of(two)))))
                .isEqualTo("15" + "00000001" + two.hex());
        assertThat(Hex.encode(MessageCodec.encode(new PeerMessage.Batch(List.of())))).isEqualTo("16" + "00000000");
        assertThat(decode("15" + "00000001" + two.hex())).isEqualTo(new PeerMessage.GetBatches(List.of(two)));
    }

    @Test
    void encodesTheBlockRelayMessagesToTheirGoldenBytes() {
        Hash one = Hash.of(new byte[] {1});
        assertThat(Hex.encode(MessageCodec.encode(new PeerMessage.BlockAnnouncement(one)))).isEqualTo("17" + one.hex());
        assertThat(Hex.encode(MessageCodec.encode(new PeerMessage.GetBlockFrame(one)))).isEqualTo("18" + one.hex());
        assertThat(decode("17" + one.hex())).isEqualTo(new PeerMessage.BlockAnnouncement(one));
        assertThat(decode("18" + one.hex())).isEqualTo(new PeerMessage.GetBlockFrame(one));
        assertThatThrownBy(() -> decode("17" + one.hex().substring(2))).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> decode("18" + one.hex() + "00")).hasMessageContaining("trailing");
    }

    @Test
    void encodesACompactProposalAsTheBlockWithTransactionIdsThenTheSignedProposal() {
        WireTestData data = new WireTestData(5);
        ConsensusMessage.Proposal proposal = data.proposal(2, 3);
        Hash frameId = Hash.of(MessageCodec.encode(PeerMessage.of(proposal)));
        PeerMessage.CompactProposal compact = PeerMessage.CompactProposal.of(frameId, proposal);
        List<Transaction> txs = proposal.block().transactions();
        StringBuilder ids = new StringBuilder();
        txs.forEach(t -> ids.append(t.hash().hex()));
        Block block = proposal.block();
        String expected = "1a" + frameId.hex() + Hex.encode(block.header().encode())
                + String.format("%08x", txs.size()) + ids
                + "01" + Hex.encode(block.lastCommit().orElseThrow().encode())
                + Hex.encode(proposal.proposal().encode());
        String hex = Hex.encode(MessageCodec.encode(compact));
        assertThat(hex).isEqualTo(expected);
        assertThat(decode(hex)).isEqualTo(compact);
        // golden: an empty block at height 1 (no certificate) under a zero frame id
        ConsensusMessage.Proposal empty = data.proposal(1, 0);
        PeerMessage.CompactProposal none = PeerMessage.CompactProposal.of(Hash.ZERO, empty);
        assertThat(Hex.encode(MessageCodec.encode(none))).isEqualTo("1a" + "00".repeat(32)
                + Hex.encode(empty.block().header().encode()) + "00000000" + "00" + Hex.encode(empty.proposal().encode()));

        String twice = "1a" + frameId.hex() + Hex.encode(block.header().encode()) + "00000002"
                + txs.get(0).hash().hex() + txs.get(0).hash().hex() + "00" + Hex.encode(proposal.proposal().encode());
        assertThatThrownBy(() -> decode(twice)).isInstanceOf(CodecException.class).hasMessageContaining("twice");
        String tooMany = "1a" + frameId.hex() + Hex.encode(block.header().encode())
                + String.format("%08x", Block.MAX_TRANSACTIONS + 1);
        assertThatThrownBy(() -> decode(tooMany)).isInstanceOf(CodecException.class)
                .hasMessageContaining("above the limit");
        assertThatThrownBy(() -> decode(hex + "00")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> PeerMessage.CompactProposal.of(frameId, new ConsensusMessage.Proposal(
                Block.of(block.header(), List.of(txs.get(0), txs.get(0)), block.lastCommit()), proposal.proposal())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void aBlockFrameIsItsTagThenTheAnnouncedFrameWholeWhoseHashIsItsId() {
        WireTestData data = new WireTestData(4);
        for (var message : List.of(data.proposal(3), data.decided(3))) {
            byte[] pushed = MessageCodec.encode(PeerMessage.of(message));
            byte[] served = MessageCodec.encode(new PeerMessage.BlockFrame(message));
            assertThat(served[0]).isEqualTo((byte) 0x19);
            assertThat(Arrays.copyOfRange(served, 1, served.length)).isEqualTo(pushed);
            assertThat(MessageCodec.blockFrameId(java.nio.ByteBuffer.wrap(served))).isEqualTo(Hash.of(pushed));
            assertThat(MessageCodec.decode(served, MAX)).isEqualTo(new PeerMessage.BlockFrame(message));
        }
        byte[] vote = MessageCodec.encode(PeerMessage.of(new org.stakechain.consensus.ConsensusMessage.VoteMessage(
                data.vote(3))));
        byte[] wrapped = new byte[vote.length + 1];
        wrapped[0] = 0x19;
        System.arraycopy(vote, 0, wrapped, 1, vote.length);
        assertThatThrownBy(() -> MessageCodec.decode(wrapped, MAX)).hasMessageContaining("not tag 0x12");
        assertThatThrownBy(() -> decode("19")).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> decode("19" + "19")).hasMessageContaining("not tag 0x19");
        assertThatThrownBy(() -> new PeerMessage.BlockFrame(new org.stakechain.consensus.ConsensusMessage.VoteMessage(
                data.vote(3)))).isInstanceOf(IllegalArgumentException.class);
        byte[] big = MessageCodec.encode(new PeerMessage.BlockFrame(data.proposal(3)));
        assertThatThrownBy(() -> MessageCodec.decode(big, big.length - 1)).hasMessageContaining("above the limit");
    }

    @Test
    void aBatchServedOnRequestHasTheSameIdAsTheSamePushedBatch() {
        WireTestData data = new WireTestData(3);
        var txs = List.of(data.transaction(), data.transaction());
        byte[] pushed = MessageCodec.encode(new PeerMessage.Transactions(txs));
        byte[] served = MessageCodec.encode(new PeerMessage.Batch(txs));
        assertThat(Arrays.copyOfRange(served, 1, served.length)).isEqualTo(Arrays.copyOfRange(pushed, 1, pushed.length));
        Hash id = MessageCodec.batchId(pushed);
        assertThat(MessageCodec.batchId(served)).isEqualTo(id)
                .isEqualTo(Hash.of(Arrays.copyOfRange(pushed, 1, pushed.length)));
        assertThat(MessageCodec.batchId(java.nio.ByteBuffer.wrap(served))).isEqualTo(id);
    }

    @Test
    void rejectsBatchIdListsThatAreEmptyTooLongOrRepeatAnId() {
        Hash one = Hash.of(new byte[] {1});
        for (int tag : List.of(PeerMessage.TAG_BATCH_ANNOUNCEMENT, PeerMessage.TAG_GET_BATCHES)) {
            String t = String.format("%02x", tag);
            assertThatThrownBy(() -> decode(t + "00000000")).hasMessageContaining("none");
            assertThatThrownBy(() -> decode(t + "00000002" + one.hex() + one.hex())).hasMessageContaining("twice");
            byte[] tooMany = new CanonicalWriter().u8(tag).u32(MessageCodec.MAX_BATCH_IDS + 1).toByteArray();
            assertThatThrownBy(() -> MessageCodec.decode(tooMany, MAX)).hasMessageContaining("above the limit");
            byte[] huge = new CanonicalWriter().u8(tag).u32(0xffff_ffffL).toByteArray();
            assertThatThrownBy(() -> MessageCodec.decode(huge, MAX)).hasMessageContaining("above the limit");
        }
        List<Hash> max = new ArrayList<>();
        for (int i = 0; i <= MessageCodec.MAX_BATCH_IDS; i++) {
            max.add(Hash.of(new byte[] {(byte) i, (byte) (i >> 8)}));
        }
        assertThatThrownBy(() -> new PeerMessage.BatchAnnouncement(max)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeerMessage.GetBatches(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeerMessage.GetBatches(List.of(one, one)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new PeerMessage.BatchAnnouncement(max.subList(0, MessageCodec.MAX_BATCH_IDS)).batchIds())
                .hasSize(MessageCodec.MAX_BATCH_IDS);
        byte[] tooManyInBatch = new CanonicalWriter().u8(PeerMessage.TAG_BATCH).u32(MessageCodec.MAX_TRANSACTIONS + 1)
                .toByteArray();
        assertThatThrownBy(() -> MessageCodec.decode(tooManyInBatch, MAX)).hasMessageContaining("above the limit");
    }

    @Test
    void encodesAHelloAsTagThenFieldsThenSignature() {
        KeyPair key = KeyPair.deterministic("hello-golden");
        PeerMessage.Hello hello = PeerMessage.Hello.sign(1, "demo", Hash.ZERO, key, 3, 7000, Hash.ZERO);
        String hex = Hex.encode(MessageCodec.encode(hello));
        assertThat(hex).startsWith("02" + "0001" + "00000004" + "64656d6f" + "00".repeat(32) + key.publicKey().hex()
                + "0000000000000003" + "1b58");
        assertThat(hex).hasSize(2 * (1 + 2 + 4 + 4 + 32 + 32 + 8 + 2 + 64));
    }

    @Test
    void decodesGoldenBytesBackToTheMessage() {
        assertThat(decode("04" + "0000000000000007" + "000000000000002a")).isEqualTo(new PeerMessage.Ping(7, 42));
        assertThat(decode("06")).isEqualTo(new PeerMessage.GetPeers());
        assertThat(decode("03" + "0d" + "00000000")).isEqualTo(new PeerMessage.Disconnect(DisconnectReason.BANNED, ""));
    }

    @Test
    void everyKindOfMessageRoundTripsToEqualValueAndEqualBytes() {
        for (long seed : Seeds.of("network.codec.seed", 9_100, 8)) {
            WireTestData data = new WireTestData(seed);
            List<PeerMessage> messages = data.everyKind();
            List<Integer> tags = new ArrayList<>();
            for (PeerMessage m : messages) {
                byte[] bytes = MessageCodec.encode(m);
                PeerMessage back = MessageCodec.decode(bytes, MAX);
                assertThat(back).as("seed %d: %s", seed, m.getClass().getSimpleName()).isEqualTo(m);
                assertThat(MessageCodec.encode(back)).as("seed %d", seed).isEqualTo(bytes);
                assertThat(bytes[0] & 0xff).isEqualTo(m.tag());
                tags.add(m.tag());
            }
            assertThat(tags).doesNotHaveDuplicates().hasSize(20);
        }
    }

    @Test
    void rejectsTrailingBytes() {
        WireTestData data = new WireTestData(1);
        for (PeerMessage m : data.everyKind()) {
            byte[] bytes = MessageCodec.encode(m);
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            assertThatThrownBy(() -> MessageCodec.decode(longer, MAX)).as(m.getClass().getSimpleName())
                    .isInstanceOf(CodecException.class).hasMessageContaining("trailing");
        }
    }

    @Test
    void rejectsTruncatedFrames() {
        WireTestData data = new WireTestData(2);
        for (PeerMessage m : data.everyKind()) {
            byte[] bytes = MessageCodec.encode(m);
            if (bytes.length > 1) {
                byte[] shorter = Arrays.copyOf(bytes, bytes.length - 1);
                assertThatThrownBy(() -> MessageCodec.decode(shorter, MAX)).isInstanceOf(CodecException.class);
            }
        }
    }

    @Test
    void rejectsUnknownTagsAndEmptyFrames() {
        for (int tag = 0; tag < 256; tag++) {
            if (!List.of(1, 2, 3, 4, 5, 6, 7, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x20, 0x21)
                    .contains(tag)) {
                byte[] frame = {(byte) tag, 0, 0, 0, 0};
                assertThatThrownBy(() -> MessageCodec.decode(frame, MAX)).isInstanceOf(CodecException.class)
                        .hasMessageContaining("unknown message tag");
            }
        }
        assertThatThrownBy(() -> MessageCodec.decode(new byte[0], MAX)).isInstanceOf(CodecException.class);
    }

    @Test
    void rejectsAFrameAboveTheLimitBeforeReadingIt() {
        byte[] frame = new byte[2_000];
        frame[0] = (byte) PeerMessage.TAG_PING;
        assertThatThrownBy(() -> MessageCodec.decode(frame, 1_999)).isInstanceOf(CodecException.class)
                .hasMessageContaining("above the limit 1999");
    }

    @Test
    void rejectsListsAndStringsAboveTheirLimits() {
        byte[] tooManyPeers = new CanonicalWriter().u8(PeerMessage.TAG_PEERS).u32(MessageCodec.MAX_PEER_ADDRESSES + 1)
                .toByteArray();
        assertThatThrownBy(() -> MessageCodec.decode(tooManyPeers, MAX)).hasMessageContaining("above the limit");
        byte[] tooManyTxs = new CanonicalWriter().u8(PeerMessage.TAG_TRANSACTIONS).u32(0xffff_ffffL).toByteArray();
        assertThatThrownBy(() -> MessageCodec.decode(tooManyTxs, MAX)).hasMessageContaining("above the limit");
        byte[] longDetail = new CanonicalWriter().u8(PeerMessage.TAG_DISCONNECT).u8(1).u32(100_000).toByteArray();
        assertThatThrownBy(() -> MessageCodec.decode(longDetail, MAX)).hasMessageContaining("above the limit");
    }

    @Test
    void rejectsOutOfRangeFields() {
        assertThatThrownBy(() -> decode("03" + "63" + "00000000")).hasMessageContaining("unknown disconnect reason");
        assertThatThrownBy(() -> decode("20" + "0000000000000005" + "00000000")).hasMessageContaining("sync request");
        assertThatThrownBy(() -> decode("20" + "0000000000000000" + "00000001")).hasMessageContaining("sync request");
        assertThatThrownBy(() -> decode("07" + "00000001" + "00000001" + "61" + "0000")).hasMessageContaining("port");
        assertThatThrownBy(() -> decode("04" + "8000000000000000" + "0000000000000000"))
                .hasMessageContaining("2^63-1");
    }

    @Test
    void aHelloVerifiesOnlyAgainstTheChallengeItWasSignedFor() {
        KeyPair key = KeyPair.deterministic("hello-verify");
        Hash challenge = Hash.of(new byte[] {1});
        PeerMessage.Hello hello = PeerMessage.Hello.sign(1, "demo", Hash.ZERO, key, 0, 0, challenge);
        assertThat(hello.verify(challenge)).isTrue();
        assertThat(hello.verify(Hash.of(new byte[] {2}))).isFalse();
        PeerMessage.Hello lying = new PeerMessage.Hello(1, "demo", Hash.ZERO, hello.nodeId(), 5, 0, hello.signature());
        assertThat(lying.verify(challenge)).isFalse();
    }

    @Test
    void decodesAFrameInPlaceBehindAnotherTagAndRejectsWhatDoesNotEndAtItsEnd() {
        WireTestData data = new WireTestData(Seeds.of("network.codec.seed", 9_300, 1)[0]);
        for (PeerMessage m : data.everyKind()) {
            byte[] inner = MessageCodec.encode(m);
            byte[] outer = new byte[inner.length + 2];
            outer[0] = (byte) PeerMessage.TAG_BLOCK_FRAME;
            System.arraycopy(inner, 0, outer, 1, inner.length);
            assertThat(MessageCodec.decode(outer, 1, inner.length, MAX)).isEqualTo(m);
            assertThatThrownBy(() -> MessageCodec.decode(outer, 1, inner.length + 1, MAX))
                    .isInstanceOf(CodecException.class);
            assertThatThrownBy(() -> MessageCodec.decode(outer, 1, inner.length, inner.length - 1))
                    .isInstanceOf(CodecException.class);
        }
        ConsensusMessage.Proposal p = data.proposal(5, 3);
        byte[] blockFrame = MessageCodec.encode(new PeerMessage.BlockFrame(p));
        assertThat(MessageCodec.blockFrameId(blockFrame)).isEqualTo(Hash.of(MessageCodec.encode(PeerMessage.of(p))));
    }
}
