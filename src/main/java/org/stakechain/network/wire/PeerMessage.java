package org.stakechain.network.wire;

import java.util.List;
import java.util.Objects;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.crypto.Ed25519;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.Signature;
import org.stakechain.crypto.SigningDomain;
import org.stakechain.ledger.tx.Transaction;

/**
 * Everything two nodes say to each other. One WebSocket binary message carries exactly one {@code PeerMessage}:
 * a tag byte and the fields in the canonical encoding ({@link MessageCodec}, tags in {@link #tag()}; the table is in
 * docs/protocol.md). Equal messages have equal bytes, so the SHA-256 of a frame identifies a gossip message.
 */
public sealed interface PeerMessage {

    /** The wire tag; {@link MessageCodec} refuses any other. */
    int tag();

    int TAG_CHALLENGE = 0x01;
    int TAG_HELLO = 0x02;
    int TAG_DISCONNECT = 0x03;
    int TAG_PING = 0x04;
    int TAG_PONG = 0x05;
    int TAG_GET_PEERS = 0x06;
    int TAG_PEERS = 0x07;
    int TAG_TRANSACTIONS = 0x10;
    int TAG_PROPOSAL = 0x11;
    int TAG_VOTE = 0x12;
    int TAG_DECIDED = 0x13;
    int TAG_BATCH_ANNOUNCEMENT = 0x14;
    int TAG_GET_BATCHES = 0x15;
    int TAG_BATCH = 0x16;
    int TAG_BLOCK_ANNOUNCEMENT = 0x17;
    int TAG_GET_BLOCK_FRAME = 0x18;
    int TAG_BLOCK_FRAME = 0x19;
    int TAG_COMPACT_PROPOSAL = 0x1A;
    int TAG_SYNC_REQUEST = 0x20;
    int TAG_SYNC_RESPONSE = 0x21;

    /** Messages that spread by gossip (de-duplicated, re-sent to the other peers when the node accepts them). */
    static boolean isGossip(PeerMessage m) {
        return m instanceof Transactions || m instanceof Consensus || m instanceof BatchAnnouncement
                || m instanceof BlockAnnouncement || m instanceof CompactProposal;
    }

    /** Checks a list of batch ids: 1..{@link MessageCodec#MAX_BATCH_IDS}, no id twice (one encoding per message). */
    private static List<Hash> checkBatchIds(List<Hash> ids, String what) {
        List<Hash> copy = List.copyOf(ids);
        if (copy.isEmpty() || copy.size() > MessageCodec.MAX_BATCH_IDS) {
            throw new IllegalArgumentException(what + ": 1.." + MessageCodec.MAX_BATCH_IDS + " batch ids, not "
                    + copy.size());
        }
        if (new java.util.HashSet<>(copy).size() != copy.size()) {
            throw new IllegalArgumentException(what + ": a batch id twice");
        }
        return copy;
    }

    static Consensus of(ConsensusMessage message) {
        return new Consensus(message);
    }

    /** Sent by both sides as soon as the socket opens: 32 fresh random bytes the peer must sign in its Hello. */
    record Challenge(Hash nonce) implements PeerMessage {
        public Challenge {
            Objects.requireNonNull(nonce, "nonce");
        }

        @Override
        public int tag() {
            return TAG_CHALLENGE;
        }
    }

    /**
     * Who I am and where my chain is, signed by my node key over these fields followed by <em>your</em> challenge
     * (domain {@link SigningDomain#PEER_HANDSHAKE} of {@code chainId}). The challenge is fresh per connection, so a
     * recorded Hello is useless on another connection and a node id cannot be claimed without its key.
     *
     * @param listenPort the port this node accepts connections on, 0 if it accepts none
     */
    record Hello(int protocolVersion, String chainId, Hash genesisHash, NodeId nodeId, long bestFinalHeight,
                 int listenPort, Signature signature) implements PeerMessage {

        public Hello {
            if (protocolVersion < 0 || protocolVersion > 0xffff || listenPort < 0 || listenPort > 0xffff
                    || bestFinalHeight < 0) {
                throw new IllegalArgumentException("hello: version and port are u16, height >= 0");
            }
            Objects.requireNonNull(chainId, "chainId");
            Objects.requireNonNull(genesisHash, "genesisHash");
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(signature, "signature");
        }

        public static Hello sign(int protocolVersion, String chainId, Hash genesisHash, KeyPair nodeKey,
                                 long bestFinalHeight, int listenPort, Hash peerChallenge) {
            NodeId id = NodeId.of(nodeKey.publicKey());
            byte[] body = signedBody(protocolVersion, chainId, genesisHash, id, bestFinalHeight, listenPort, peerChallenge);
            return new Hello(protocolVersion, chainId, genesisHash, id, bestFinalHeight, listenPort,
                    nodeKey.sign(SigningDomain.PEER_HANDSHAKE, chainId, body));
        }

        /** True if the signature is the node key's over this hello and {@code myChallenge}, the nonce I sent. */
        public boolean verify(Hash myChallenge) {
            byte[] body = signedBody(protocolVersion, chainId, genesisHash, nodeId, bestFinalHeight, listenPort, myChallenge);
            return Ed25519.verify(nodeId.key(), SigningDomain.PEER_HANDSHAKE.payload(chainId, body), signature);
        }

        static byte[] signedBody(int protocolVersion, String chainId, Hash genesisHash, NodeId nodeId,
                                 long bestFinalHeight, int listenPort, Hash challenge) {
            return new CanonicalWriter(160).u16(protocolVersion).string(chainId).hash(genesisHash)
                    .publicKey(nodeId.key()).u64(bestFinalHeight).u16(listenPort).hash(challenge).toByteArray();
        }

        @Override
        public int tag() {
            return TAG_HELLO;
        }
    }

    /** The last message before the sender closes the socket. {@code detail} is for people, at most 256 bytes. */
    record Disconnect(DisconnectReason reason, String detail) implements PeerMessage {
        public static final int MAX_DETAIL_BYTES = 256;

        public Disconnect {
            Objects.requireNonNull(reason, "reason");
            if (reason == DisconnectReason.CONNECTION_LOST) {
                throw new IllegalArgumentException("CONNECTION_LOST is never sent");
            }
            detail = truncate(detail == null ? "" : detail, MAX_DETAIL_BYTES);
        }

        private static String truncate(String text, int maxBytes) {
            while (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxBytes) {
                text = text.substring(0, text.length() - 1);
            }
            return text;
        }

        @Override
        public int tag() {
            return TAG_DISCONNECT;
        }
    }

    /** Liveness check; carries the sender's best final height so peers' heights stay current. */
    record Ping(long nonce, long bestFinalHeight) implements PeerMessage {
        public Ping {
            if (nonce < 0 || bestFinalHeight < 0) {
                throw new IllegalArgumentException("ping fields are never negative");
            }
        }

        @Override
        public int tag() {
            return TAG_PING;
        }
    }

    /** The answer to a {@link Ping}, echoing its nonce. */
    record Pong(long nonce, long bestFinalHeight) implements PeerMessage {
        public Pong {
            if (nonce < 0 || bestFinalHeight < 0) {
                throw new IllegalArgumentException("pong fields are never negative");
            }
        }

        @Override
        public int tag() {
            return TAG_PONG;
        }
    }

    /** Asks for addresses of other peers. */
    record GetPeers() implements PeerMessage {
        @Override
        public int tag() {
            return TAG_GET_PEERS;
        }
    }

    /** Listen addresses of the sender's peers (at most {@link MessageCodec#MAX_PEER_ADDRESSES}). */
    record Peers(List<HostPort> addresses) implements PeerMessage {
        public Peers {
            addresses = List.copyOf(addresses);
        }

        @Override
        public int tag() {
            return TAG_PEERS;
        }
    }

    /** Unconfirmed transactions, the seed's shared transaction pool spreading by gossip. */
    record Transactions(List<Transaction> transactions) implements PeerMessage {
        public Transactions {
            transactions = List.copyOf(transactions);
        }

        @Override
        public int tag() {
            return TAG_TRANSACTIONS;
        }
    }

    /**
     * "I have these transaction batches": sent instead of the batch itself by a node that relays a batch it did not
     * admit itself. A batch's id is the SHA-256 of its encoded transaction list, the bytes after the tag of its
     * {@link Transactions} or {@link Batch} frame ({@link MessageCodec#batchId}). A peer that lacks one asks for it
     * with {@link GetBatches}.
     */
    record BatchAnnouncement(List<Hash> batchIds) implements PeerMessage {
        public BatchAnnouncement {
            batchIds = checkBatchIds(batchIds, "batch announcement");
        }

        @Override
        public int tag() {
            return TAG_BATCH_ANNOUNCEMENT;
        }
    }

    /** Asks a peer for batches it announced; each is answered with one {@link Batch} frame. */
    record GetBatches(List<Hash> batchIds) implements PeerMessage {
        public GetBatches {
            batchIds = checkBatchIds(batchIds, "batch request");
        }

        @Override
        public int tag() {
            return TAG_GET_BATCHES;
        }
    }

    /**
     * A batch sent because it was asked for: the same transaction list as the {@link Transactions} frame it was
     * announced from, under its own tag so that an answer nobody asked for is told apart from a first-hop push.
     */
    record Batch(List<Transaction> transactions) implements PeerMessage {
        public Batch {
            transactions = List.copyOf(transactions);
        }

        @Override
        public int tag() {
            return TAG_BATCH;
        }
    }

    /**
     * A consensus message: tag {@code 0x11} for a proposal (block + signed proposal), {@code 0x12} for an ATTEST or
     * CONFIRM vote, {@code 0x13} for a decided block with its commit certificate.
     */
    record Consensus(ConsensusMessage message) implements PeerMessage {
        public Consensus {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public int tag() {
            if (message instanceof ConsensusMessage.Proposal) {
                return TAG_PROPOSAL;
            }
            if (message instanceof ConsensusMessage.VoteMessage) {
                return TAG_VOTE;
            }
            return TAG_DECIDED;
        }
    }

    /**
     * "I have this proposal (or decided block)": sent instead of the frame itself by a node that relays a
     * {@code Proposal} or {@code Decided} it did not create. The id is the frame's gossip id, the SHA-256 of the whole
     * frame (tag included). A peer that has not seen it asks with {@link GetBlockFrame}.
     */
    record BlockAnnouncement(Hash id) implements PeerMessage {
        public BlockAnnouncement {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public int tag() {
            return TAG_BLOCK_ANNOUNCEMENT;
        }
    }

    /** Asks a peer for the frame it announced in a {@link BlockAnnouncement}; answered with a {@link BlockFrame}. */
    record GetBlockFrame(Hash id) implements PeerMessage {
        public GetBlockFrame {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public int tag() {
            return TAG_GET_BLOCK_FRAME;
        }
    }

    /**
     * A proposal or decided block sent because it was asked for: its tag, then the announced frame whole (so the
     * SHA-256 of the bytes after this tag is the announced id), under a tag of its own so that an answer nobody asked
     * for is told apart from a forger's push.
     */
    record BlockFrame(ConsensusMessage message) implements PeerMessage {
        public BlockFrame {
            if (!(message instanceof ConsensusMessage.Proposal) && !(message instanceof ConsensusMessage.Decided)) {
                throw new IllegalArgumentException("a block frame carries a Proposal or a Decided, not " + message);
            }
        }

        @Override
        public int tag() {
            return TAG_BLOCK_FRAME;
        }
    }

    /**
     * A proposal as its forger pushes it since protocol 4: the block's header, the hashes of its transactions in
     * block order (instead of the transactions, which the receiver's pool nearly always holds), the certificate the
     * block carries, and the signed proposal. {@code frameId} is the gossip id of the whole {@code Proposal} frame
     * (what {@link BlockAnnouncement}s name and {@link GetBlockFrame} asks for when the receiver cannot rebuild the
     * block from its pool).
     */
    record CompactProposal(Hash frameId, org.stakechain.ledger.block.BlockHeader header, List<Hash> txIds,
                           java.util.Optional<org.stakechain.ledger.block.CommitCertificate> lastCommit,
                           org.stakechain.ledger.block.SignedProposal proposal) implements PeerMessage {
        public CompactProposal {
            Objects.requireNonNull(frameId, "frameId");
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(lastCommit, "lastCommit");
            Objects.requireNonNull(proposal, "proposal");
            txIds = List.copyOf(txIds);
            if (txIds.size() > org.stakechain.ledger.block.Block.MAX_TRANSACTIONS) {
                throw new IllegalArgumentException("a compact proposal of " + txIds.size() + " transactions");
            }
            if (new java.util.HashSet<>(txIds).size() != txIds.size()) {
                throw new IllegalArgumentException("a compact proposal names a transaction twice");
            }
        }

        /** The compact form of {@code proposal}, whose whole Proposal frame has the gossip id {@code frameId}. */
        public static CompactProposal of(Hash frameId, ConsensusMessage.Proposal proposal) {
            List<Transaction> txs = proposal.block().transactions();
            List<Hash> ids = new java.util.ArrayList<>(txs.size());
            for (Transaction tx : txs) {
                ids.add(tx.hash());
            }
            return new CompactProposal(frameId, proposal.block().header(), ids, proposal.block().lastCommit(),
                    proposal.proposal());
        }

        @Override
        public int tag() {
            return TAG_COMPACT_PROPOSAL;
        }
    }

    /** Asks for up to {@code maxCount} decided blocks starting at {@code fromHeight}. */
    record SyncRequest(long fromHeight, int maxCount) implements PeerMessage {
        public SyncRequest {
            if (fromHeight < 1 || maxCount < 1 || maxCount > MessageCodec.MAX_SYNC_BLOCKS) {
                throw new IllegalArgumentException("sync request: fromHeight >= 1, 1 <= maxCount <= "
                        + MessageCodec.MAX_SYNC_BLOCKS);
            }
        }

        @Override
        public int tag() {
            return TAG_SYNC_REQUEST;
        }
    }

    /** Decided blocks in ascending height order, possibly fewer than asked (none if the peer has none). */
    record SyncResponse(List<ConsensusMessage.Decided> decided) implements PeerMessage {
        public SyncResponse {
            decided = List.copyOf(decided);
        }

        @Override
        public int tag() {
            return TAG_SYNC_RESPONSE;
        }
    }
}
