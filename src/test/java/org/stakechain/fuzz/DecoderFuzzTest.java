package org.stakechain.fuzz;

import static org.stakechain.fuzz.FuzzChecks.roundTrips;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.ledger.Account;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.BlockHeader;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.SignedProposal;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.state.ChainState;
import org.stakechain.ledger.state.SparseMerkleProof;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.validators.ValidatorSet;
import org.stakechain.network.wire.MessageCodec;
import org.stakechain.storage.Head;

/**
 * Coverage-guided fuzzing of every binary decoder. The property beyond "no crash": a decoder either throws
 * {@link org.stakechain.codec.CodecException} (nothing else, no OOM) or returns a value that re-encodes to exactly
 * the input bytes, since an encoding is canonical only if no two byte strings decode to the same value.
 *
 * <p>{@code ./mvnw verify} replays the checked-in inputs under {@code src/test/resources/.../DecoderFuzzTestInputs}
 * (seeds and hand-made hostile inputs); {@code scripts/fuzz.sh} fuzzes for real (docs/fuzzing.md).
 */
class DecoderFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void transaction(byte[] bytes) {
        roundTrips(bytes, Transaction::decode, Transaction::encode);
    }

    @FuzzTest(maxDuration = "10m")
    void block(byte[] bytes) {
        roundTrips(bytes, Block::decode, Block::encode);
    }

    @FuzzTest(maxDuration = "10m")
    void header(byte[] bytes) {
        roundTrips(bytes, b -> CanonicalReader.decodeAll(b, BlockHeader::readFrom), BlockHeader::encode);
    }

    @FuzzTest(maxDuration = "10m")
    void vote(byte[] bytes) {
        roundTrips(bytes, Vote::decode, Vote::encode);
    }

    @FuzzTest(maxDuration = "10m")
    void proposal(byte[] bytes) {
        roundTrips(bytes, b -> CanonicalReader.decodeAll(b, SignedProposal::readFrom), SignedProposal::encode);
    }

    @FuzzTest(maxDuration = "10m")
    void certificate(byte[] bytes) {
        roundTrips(bytes, CommitCertificate::decode, CommitCertificate::encode);
    }

    /** Peer frames: every message kind, the handshake's Challenge and Hello included. */
    @FuzzTest(maxDuration = "10m")
    void peerFrame(byte[] bytes) {
        roundTrips(bytes, b -> MessageCodec.decode(b, MessageCodec.DEFAULT_MAX_FRAME_BYTES), MessageCodec::encode);
    }

    /** What the store reads back: a damaged data directory must fail typed, not crash the node. */
    @FuzzTest(maxDuration = "10m")
    void storedState(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        byte[] rest = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        switch (bytes[0] & 7) {
            case 0 -> roundTrips(rest, Account::decode, Account::encode);
            case 1 -> roundTrips(rest, ChainState::decode, ChainState::encode);
            case 2 -> roundTrips(rest, SparseMerkleProof::decode, SparseMerkleProof::encode);
            case 3 -> roundTrips(rest, Head::decode, Head::encode);
            case 4 -> roundTrips(rest, b -> CanonicalReader.decodeAll(b, ValidatorSet::readFrom),
                    v -> write(v::writeTo));
            default -> roundTrips(rest, b -> CanonicalReader.decodeAll(b, ChainParams::readFrom),
                    p -> write(p::writeTo));
        }
    }

    private static byte[] write(java.util.function.Consumer<CanonicalWriter> body) {
        CanonicalWriter w = new CanonicalWriter(256);
        body.accept(w);
        return w.toByteArray();
    }
}
