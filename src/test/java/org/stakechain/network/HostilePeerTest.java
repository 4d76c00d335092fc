package org.stakechain.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.BlockHeader;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.network.wire.DisconnectReason;
import org.stakechain.network.wire.MessageCodec;
import org.stakechain.network.wire.PeerMessage;
import org.stakechain.node.Node;
import org.stakechain.testing.SoloValidator;

/**
 * A real validator node (in-process, finalizing alone) against peers that speak the protocol correctly and lie in
 * it: forged signatures, votes from outside the validator set, blocks without a valid commit certificate, sync
 * answers nobody asked for, stale and far-future messages. Each liar is disconnected with LOW_SCORE naming its
 * misbehaviour, and the node keeps finalizing. Slots are long (1.5 s) so the lies arrive while their height is
 * the one being decided: a message about a height already decided is ignored unjudged (cheap, and honest peers
 * send those too), and one about a height far ahead cannot be judged yet; both only cost the sender its rate limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostilePeerTest {
    static final KeyPair VALIDATOR = KeyPair.deterministic("hostile-peer/validator");
    static final KeyPair USER = KeyPair.deterministic("hostile-peer/user");

    @TempDir
    static Path dir;
    Node node;
    String chain;
    int rogues;

    @BeforeAll
    void startNode() throws Exception {
        ChainParams params = ChainParams.defaults("hostile-peer").withSlotMillis(1_500);
        Genesis genesis = SoloValidator.genesis(params, VALIDATOR, SoloValidator.funded("user", USER, Coins.of(1000)));
        node = SoloValidator.start(dir, genesis, VALIDATOR);
        chain = params.chainId();
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.stop();
        }
    }

    private RawPeer rogue() {
        KeyPair key = KeyPair.deterministic("hostile-peer/rogue-" + rogues++);
        RawPeer raw = new RawPeer(new org.stakechain.network.wire.HostPort("127.0.0.1", node.p2pPort()));
        return raw.handshake(key, chain, node.genesisHash());
    }

    /** Sends distinct bad messages until the node says goodbye; returns the goodbye's detail. */
    private String sendUntilDisconnected(IntFunction<PeerMessage> bad) {
        try (RawPeer raw = rogue()) {
            // one at a time, until the goodbye: a write that fails on the closed socket makes the JDK client drop
            // the frames it received but has not delivered yet, the goodbye among them
            BooleanSupplier gone = () -> raw.first(PeerMessage.Disconnect.class) != null || raw.closed.isDone();
            for (int i = 0; i < 20 && !gone.getAsBoolean(); i++) {
                raw.send(bad.apply(i));
                Await.holds(gone, Duration.ofMillis(500));
            }
            Await.until("the liar is disconnected", gone, Duration.ofSeconds(15));
            PeerMessage.Disconnect bye = raw.first(PeerMessage.Disconnect.class);
            assertThat(bye).as("a goodbye naming the reason").isNotNull();
            assertThat(bye.reason()).isEqualTo(DisconnectReason.LOW_SCORE);
            return bye.detail();
        } finally {
            assertStillFinalizing();
        }
    }

    private void assertStillFinalizing() {
        long before = node.store().finalHeight();
        Await.until("the node finalizes on", () -> node.store().finalHeight() >= before + 2, Duration.ofSeconds(20));
    }

    private long height() {
        return node.store().finalHeight() + 1;
    }

    private static Vote withBrokenSignature(Vote v) {
        byte[] bytes = v.encode();
        bytes[bytes.length - 1] ^= 1;
        return Vote.decode(bytes);
    }

    /** A block at {@code height} whose certificate is signed by keys outside the validator set. */
    private ConsensusMessage.Decided forgedDecided(long height, int salt) {
        List<Transaction> txs = List.of();
        KeyPair liar = KeyPair.deterministic("hostile-peer/liar-" + salt);
        BlockHeader header = new BlockHeader(chain, height, 0, Hash.of(new byte[] {(byte) salt}),
                System.currentTimeMillis(), liar.publicKey(), liar.sign(org.stakechain.crypto.SigningDomain.BEACON_REVEAL,
                chain, new byte[] {1}), Block.txRootOf(txs), Hash.ZERO, Block.lastCommitHashOf(Optional.empty()));
        Block block = Block.of(header, txs, Optional.empty());
        List<Vote> confirms = new ArrayList<>();
        confirms.add(Vote.sign(VoteKind.CONFIRM, chain, height, 0, Optional.of(block.hash()), liar));
        return new ConsensusMessage.Decided(block, CommitCertificate.fromVotes(height, 0, block.hash(), confirms));
    }

    @Test
    void votesWithForgedSignaturesCostThePeerItsConnection() {
        String detail = sendUntilDisconnected(i -> PeerMessage.of(new ConsensusMessage.VoteMessage(withBrokenSignature(
                Vote.sign(VoteKind.ATTEST, chain, height(), 0, Optional.of(Hash.of(new byte[] {(byte) i})), VALIDATOR)))));
        assertThat(detail).contains("REJECTED_MESSAGE");
    }

    @Test
    void votesFromOutsideTheValidatorSetCostThePeerItsConnection() {
        KeyPair outsider = KeyPair.deterministic("hostile-peer/outsider");
        String detail = sendUntilDisconnected(i -> PeerMessage.of(new ConsensusMessage.VoteMessage(Vote.sign(
                VoteKind.CONFIRM, chain, height(), 0, Optional.of(Hash.of(new byte[] {(byte) i})), outsider))));
        assertThat(detail).contains("REJECTED_MESSAGE");
    }

    @Test
    void decidedBlocksWithoutAValidCertificateCostThePeerItsConnection() {
        String detail = sendUntilDisconnected(i -> PeerMessage.of(forgedDecided(height(), i)));
        assertThat(detail).contains("REJECTED_MESSAGE");
    }

    @Test
    void farFutureDecidedBlocksDoNotStallTheNode() {
        try (RawPeer raw = rogue()) {
            for (int i = 0; i < 20; i++) {
                raw.send(PeerMessage.of(forgedDecided(1_000_000_000L + i, i)));
            }
            assertStillFinalizing();
        }
    }

    @Test
    void transactionsWithForgedSignaturesCostThePeerItsConnection() {
        String detail = sendUntilDisconnected(i -> {
            Transaction good = Transaction.sign(chain, USER, i, Coins.of(1), new TxPayload.Transfer(VALIDATOR.address(),
                    1 + i));
            byte[] bytes = good.encode();
            bytes[bytes.length - 1] ^= 1;
            return new PeerMessage.Transactions(List.of(Transaction.decode(bytes)));
        });
        assertThat(detail).contains("REJECTED_MESSAGE");
    }

    @Test
    void syncAnswersNobodyAskedForCostThePeerItsConnection() {
        String detail = sendUntilDisconnected(i -> new PeerMessage.SyncResponse(List.of(forgedDecided(height() + i, i))));
        assertThat(detail).contains("PROTOCOL_VIOLATION");
    }

    @Test
    void staleVotesFromOutsideTheValidatorSetAreDroppedAndTheNodeCarriesOn() {
        KeyPair outsider = KeyPair.deterministic("hostile-peer/stale");
        try (RawPeer raw = rogue()) {
            for (int i = 0; i < 20; i++) {
                raw.send(PeerMessage.of(new ConsensusMessage.VoteMessage(Vote.sign(VoteKind.CONFIRM, chain, 1, i,
                        Optional.of(Hash.of(new byte[] {(byte) i})), outsider))));
            }
            assertStillFinalizing();
        }
        assertThat(node.bestPeerHeight()).isLessThan(1_000_000);
    }

    @Test
    void anOversizedFrameEndsTheConnectionAtOnce() {
        try (RawPeer raw = rogue()) {
            byte[] big = new byte[MessageCodec.DEFAULT_MAX_FRAME_BYTES + 1];
            big[0] = (byte) PeerMessage.TAG_TRANSACTIONS;
            raw.sendRaw(big);
            Await.until("the node says goodbye", () -> raw.first(PeerMessage.Disconnect.class) != null
                    || raw.closed.isDone(), Duration.ofSeconds(15));
        }
        assertStillFinalizing();
    }
}
