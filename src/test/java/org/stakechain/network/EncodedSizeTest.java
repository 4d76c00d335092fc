package org.stakechain.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.Signature;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.BlockHeader;
import org.stakechain.network.wire.MessageCodec;
import org.stakechain.network.wire.PeerMessage;
import org.stakechain.testing.Seeds;

/**
 * Sizes counted without encoding (frames are allocated at their exact size from them) match the encodings, and a
 * block writes the same bytes whether or not it keeps its encoding.
 */
class EncodedSizeTest {

    @Test
    void countedSizesAreTheEncodingsLengths() {
        for (long seed : Seeds.of("network.size.seed", 4_242, 8)) {
            WireTestData data = new WireTestData(seed);
            for (int n : new int[] {0, 1, 7, 300}) {
                ConsensusMessage.Proposal p = data.proposal(2 + n, n);
                Block fresh = p.block();
                assertThat(fresh.header().encodedSize()).as("seed %d", seed).isEqualTo(fresh.header().encode().length);
                assertThat(p.proposal().encodedSize()).isEqualTo(p.proposal().encode().length);
                fresh.lastCommit().ifPresent(c -> assertThat(c.encodedSize()).isEqualTo(c.encode().length));
                int counted = fresh.encodedSize(); // before it has an encoding
                assertThat(counted).as("seed %d, %d txs", seed, n).isEqualTo(fresh.encode().length);
                assertThat(fresh.encodedSize()).isEqualTo(counted); // after
            }
            for (int i = 0; i < 8; i++) {
                var vote = data.vote(1 + i);
                assertThat(vote.encodedSize()).as("seed %d: %s", seed, vote).isEqualTo(vote.encode().length);
            }
        }
    }

    @Test
    void aChainIdOutsideAsciiIsCountedInUtf8Bytes() {
        KeyPair key = KeyPair.deterministic("size-forger");
        for (String chain : new String[] {"", "stakechain-test", "stäkechain-€", "chain-\uD83D\uDE00", "bad-\uD800"}) {
            BlockHeader header = new BlockHeader(chain, 5, 1, Hash.ZERO, 1_700_000_000_000L, key.publicKey(),
                    Signature.wrap(new byte[Signature.LENGTH]), Hash.ZERO, Hash.ZERO, Hash.ZERO);
            assertThat(header.encodedSize()).as(chain).isEqualTo(header.encode().length);
            Block block = Block.of(header, java.util.List.of(), Optional.empty());
            assertThat(block.encodedSize()).as(chain).isEqualTo(block.encode().length);
        }
    }

    @Test
    void aFrameIsTheSameWhetherTheBlockKeepsItsEncodingOrNot() {
        WireTestData data = new WireTestData(Seeds.of("network.size.seed", 99, 1)[0]);
        ConsensusMessage.Proposal p = data.proposal(9, 20);
        byte[] fromFields = MessageCodec.encode(PeerMessage.of(p)); // the block is written field by field
        p.block().encode(); // now it keeps its encoding, which is written whole
        assertThat(MessageCodec.encode(PeerMessage.of(p))).isEqualTo(fromFields);
        ConsensusMessage.Decided d = data.decided(12);
        byte[] decidedFrame = MessageCodec.encode(PeerMessage.of(d));
        assertThat(MessageCodec.decode(decidedFrame, MessageCodec.DEFAULT_MAX_FRAME_BYTES)).isEqualTo(PeerMessage.of(d));
        d.block().encode();
        assertThat(MessageCodec.encode(PeerMessage.of(d))).isEqualTo(decidedFrame);
    }
}
