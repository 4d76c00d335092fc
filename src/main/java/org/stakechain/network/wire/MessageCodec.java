package org.stakechain.network.wire;

import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.BlockHeader;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.SignedProposal;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.crypto.Hash;
import org.stakechain.network.wire.PeerMessage.Batch;
import org.stakechain.network.wire.PeerMessage.BatchAnnouncement;
import org.stakechain.network.wire.PeerMessage.BlockAnnouncement;
import org.stakechain.network.wire.PeerMessage.BlockFrame;
import org.stakechain.network.wire.PeerMessage.Challenge;
import org.stakechain.network.wire.PeerMessage.CompactProposal;
import org.stakechain.network.wire.PeerMessage.Consensus;
import org.stakechain.network.wire.PeerMessage.Disconnect;
import org.stakechain.network.wire.PeerMessage.GetBatches;
import org.stakechain.network.wire.PeerMessage.GetBlockFrame;
import org.stakechain.network.wire.PeerMessage.GetPeers;
import org.stakechain.network.wire.PeerMessage.Hello;
import org.stakechain.network.wire.PeerMessage.Peers;
import org.stakechain.network.wire.PeerMessage.Ping;
import org.stakechain.network.wire.PeerMessage.Pong;
import org.stakechain.network.wire.PeerMessage.SyncRequest;
import org.stakechain.network.wire.PeerMessage.SyncResponse;
import org.stakechain.network.wire.PeerMessage.Transactions;

/**
 * The one canonical encoding of a {@link PeerMessage}: {@code tag u8 || fields}, fields in the project's canonical
 * form (big-endian fixed-width integers, u32 length prefixes, u32 list counts). {@link #decode} checks the frame
 * size before reading anything, and rejects unknown tags, lists and strings above their limits, and trailing bytes.
 */
public final class MessageCodec {
    /** The protocol version spoken by this code; a Hello with another is refused. */
    // 2: transaction batches relayed by announcement (0x14-0x16); 3: proposals and decided blocks too (0x17-0x19);
    // 4: forgers push compact proposals (0x1A)
    public static final int PROTOCOL_VERSION = 4;
    public static final int DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;
    public static final int MAX_TRANSACTIONS = 4_096;
    public static final int MAX_PEER_ADDRESSES = 64;
    public static final int MAX_SYNC_BLOCKS = 256;
    /** Most batch ids in one {@link BatchAnnouncement} or {@link GetBatches}. */
    public static final int MAX_BATCH_IDS = 64;

    private MessageCodec() {
    }

    public static byte[] encode(PeerMessage message) {
        // the big messages (blocks, transaction batches) are written into a buffer of their exact size, which is
        // then handed over as it is: no regrowing from a small buffer, no copy to trim it
        CanonicalWriter w = new CanonicalWriter(encodedSize(message));
        w.u8(message.tag());
        if (message instanceof Challenge m) {
            w.hash(m.nonce());
        } else if (message instanceof Hello m) {
            w.u16(m.protocolVersion()).string(m.chainId()).hash(m.genesisHash()).publicKey(m.nodeId().key())
                    .u64(m.bestFinalHeight()).u16(m.listenPort()).signature(m.signature());
        } else if (message instanceof Disconnect m) {
            w.u8(m.reason().code()).string(m.detail());
        } else if (message instanceof Ping m) {
            w.u64(m.nonce()).u64(m.bestFinalHeight());
        } else if (message instanceof Pong m) {
            w.u64(m.nonce()).u64(m.bestFinalHeight());
        } else if (message instanceof GetPeers) {
            // tag only
        } else if (message instanceof Peers m) {
            w.list(m.addresses(), (out, a) -> out.string(a.host()).u16(a.port()));
        } else if (message instanceof Transactions m) {
            w.list(m.transactions(), (out, t) -> t.writeTo(out));
        } else if (message instanceof BatchAnnouncement m) {
            w.list(m.batchIds(), CanonicalWriter::hash);
        } else if (message instanceof GetBatches m) {
            w.list(m.batchIds(), CanonicalWriter::hash);
        } else if (message instanceof Batch m) {
            w.list(m.transactions(), (out, t) -> t.writeTo(out));
        } else if (message instanceof BlockAnnouncement m) {
            w.hash(m.id());
        } else if (message instanceof GetBlockFrame m) {
            w.hash(m.id());
        } else if (message instanceof BlockFrame m) {
            w.u8(PeerMessage.of(m.message()).tag()); // the announced frame whole, its own tag included
            writeConsensus(w, m.message());
        } else if (message instanceof Consensus m) {
            writeConsensus(w, m.message());
        } else if (message instanceof CompactProposal m) {
            // the block's encoding with transaction ids where the transactions were, then the signed proposal
            w.hash(m.frameId());
            m.header().writeTo(w);
            w.list(m.txIds(), CanonicalWriter::hash);
            w.bool(m.lastCommit().isPresent());
            m.lastCommit().ifPresent(c -> c.writeTo(w));
            m.proposal().writeTo(w);
        } else if (message instanceof SyncRequest m) {
            w.u64(m.fromHeight()).u32(m.maxCount());
        } else if (message instanceof SyncResponse m) {
            w.list(m.decided(), MessageCodec::writeDecided);
        } else {
            throw new IllegalStateException("unencodable " + message);
        }
        return w.toByteArray();
    }

    /**
     * The size of the message's encoding where it is cheap to know (what carries blocks, transactions or votes):
     * exact there, so the writer's buffer is the frame; a bound (trimmed after) for the rest.
     */
    private static int encodedSize(PeerMessage message) {
        long size = 256;
        if (message instanceof Transactions m) {
            size = 1 + transactionsSize(m.transactions());
        } else if (message instanceof Batch m) {
            size = 1 + transactionsSize(m.transactions());
        } else if (message instanceof BatchAnnouncement m) {
            size = 1 + 4 + (long) Hash.LENGTH * m.batchIds().size();
        } else if (message instanceof GetBatches m) {
            size = 1 + 4 + (long) Hash.LENGTH * m.batchIds().size();
        } else if (message instanceof Consensus m) {
            size = 1 + consensusSize(m.message());
        } else if (message instanceof BlockFrame m) {
            size = 2 + consensusSize(m.message());
        } else if (message instanceof CompactProposal m) {
            size = 1 + Hash.LENGTH + m.header().encodedSize() + 4 + (long) Hash.LENGTH * m.txIds().size() + 1
                    + m.lastCommit().map(CommitCertificate::encodedSize).orElse(0) + m.proposal().encodedSize();
        } else if (message instanceof SyncResponse m) {
            size = 1 + 4;
            for (ConsensusMessage.Decided d : m.decided()) {
                size += decidedSize(d);
            }
        }
        return (int) Math.min(size, Integer.MAX_VALUE - 16);
    }

    private static long transactionsSize(java.util.List<Transaction> transactions) {
        long size = 4;
        for (Transaction tx : transactions) {
            size += tx.encodedSize();
        }
        return size;
    }

    /**
     * The id of the transaction batch in a {@link Transactions} or {@link Batch} frame: SHA-256 of the frame after
     * its tag (the encoded list), so a batch pushed and the same batch served on request have the same id.
     */
    public static Hash batchId(byte[] frame) {
        return Hash.of(frame, 1, frame.length - 1);
    }

    /** {@link #batchId(byte[])} of the frame remaining in {@code frame}, whose position is left as it is. */
    public static Hash batchId(java.nio.ByteBuffer frame) {
        java.nio.ByteBuffer body = frame.duplicate();
        body.position(body.position() + 1);
        return Hash.of(body);
    }

    /**
     * The id of the frame a {@link BlockFrame} carries: the SHA-256 of the bytes after its tag, which are the
     * announced Proposal or Decided frame whole, so this is that frame's gossip id. The position is left as it is.
     */
    public static Hash blockFrameId(java.nio.ByteBuffer frame) {
        return batchId(frame);
    }

    private static long consensusSize(ConsensusMessage message) {
        if (message instanceof ConsensusMessage.VoteMessage v) {
            return v.vote().encodedSize();
        }
        if (message instanceof ConsensusMessage.Proposal p) {
            return (long) p.block().encodedSize() + p.proposal().encodedSize();
        }
        if (message instanceof ConsensusMessage.Decided d) {
            return decidedSize(d);
        }
        return 255;
    }

    private static long decidedSize(ConsensusMessage.Decided d) {
        return (long) d.block().encodedSize() + d.certificate().encodedSize();
    }

    private static void writeConsensus(CanonicalWriter w, ConsensusMessage message) {
        if (message instanceof ConsensusMessage.Proposal p) {
            p.block().writeTo(w);
            p.proposal().writeTo(w);
        } else if (message instanceof ConsensusMessage.VoteMessage v) {
            v.vote().writeTo(w);
        } else if (message instanceof ConsensusMessage.Decided d) {
            writeDecided(w, d);
        }
    }

    private static void writeDecided(CanonicalWriter w, ConsensusMessage.Decided d) {
        d.block().writeTo(w);
        d.certificate().writeTo(w);
    }

    /** Decodes a whole frame; anything but exactly one canonical message of at most {@code maxFrameBytes} throws. */
    public static PeerMessage decode(byte[] frame, int maxFrameBytes) {
        return decode(frame, 0, frame.length, maxFrameBytes);
    }

    /** {@link #decode(byte[], int)} of the frame in {@code length} bytes of {@code data} from {@code offset}. */
    public static PeerMessage decode(byte[] data, int offset, int length, int maxFrameBytes) {
        if (length > maxFrameBytes) {
            throw new CodecException("frame of " + length + " bytes above the limit " + maxFrameBytes);
        }
        if (length <= 0) {
            throw new CodecException("empty frame");
        }
        CanonicalReader reader = new CanonicalReader(data, offset, length);
        PeerMessage message = read(reader);
        reader.expectEnd();
        return message;
    }

    /** {@link #blockFrameId(java.nio.ByteBuffer)} of a whole BlockFrame. */
    public static Hash blockFrameId(byte[] blockFrame) {
        return batchId(blockFrame);
    }

    private static PeerMessage read(CanonicalReader in) {
        int tag = in.u8("message tag");
        switch (tag) {
            case PeerMessage.TAG_CHALLENGE:
                return new Challenge(in.hash("challenge"));
            case PeerMessage.TAG_HELLO: {
                int version = in.u16("protocol version");
                String chainId = in.string(ChainParams.MAX_CHAIN_ID_BYTES, "chain id");
                var genesis = in.hash("genesis hash");
                NodeId id = NodeId.of(in.publicKey("node id"));
                long best = in.u64("best final height");
                int port = in.u16("listen port");
                return new Hello(version, chainId, genesis, id, best, port, in.signature("hello signature"));
            }
            case PeerMessage.TAG_DISCONNECT:
                return new Disconnect(DisconnectReason.fromCode(in.u8("disconnect reason")),
                        in.string(Disconnect.MAX_DETAIL_BYTES, "disconnect detail"));
            case PeerMessage.TAG_PING:
                return new Ping(in.u64("ping nonce"), in.u64("best final height"));
            case PeerMessage.TAG_PONG:
                return new Pong(in.u64("pong nonce"), in.u64("best final height"));
            case PeerMessage.TAG_GET_PEERS:
                return new GetPeers();
            case PeerMessage.TAG_PEERS:
                return new Peers(in.list(MAX_PEER_ADDRESSES, "peer addresses", MessageCodec::readHostPort));
            case PeerMessage.TAG_TRANSACTIONS:
                return new Transactions(in.list(MAX_TRANSACTIONS, "transactions", Transaction::readFrom));
            case PeerMessage.TAG_BATCH_ANNOUNCEMENT:
                return new BatchAnnouncement(readBatchIds(in, "announced batch ids"));
            case PeerMessage.TAG_GET_BATCHES:
                return new GetBatches(readBatchIds(in, "requested batch ids"));
            case PeerMessage.TAG_BATCH:
                return new Batch(in.list(MAX_TRANSACTIONS, "transactions", Transaction::readFrom));
            case PeerMessage.TAG_BLOCK_ANNOUNCEMENT:
                return new BlockAnnouncement(in.hash("announced frame id"));
            case PeerMessage.TAG_GET_BLOCK_FRAME:
                return new GetBlockFrame(in.hash("requested frame id"));
            case PeerMessage.TAG_BLOCK_FRAME: {
                int inner = in.u8("block frame's inner tag");
                if (inner == PeerMessage.TAG_PROPOSAL) {
                    return new BlockFrame(readProposal(in));
                }
                if (inner == PeerMessage.TAG_DECIDED) {
                    return new BlockFrame(readDecided(in));
                }
                throw new CodecException("a block frame carries a Proposal or a Decided, not tag 0x"
                        + Integer.toHexString(inner));
            }
            case PeerMessage.TAG_COMPACT_PROPOSAL:
                return readCompactProposal(in);
            case PeerMessage.TAG_PROPOSAL:
                return new Consensus(readProposal(in));
            case PeerMessage.TAG_VOTE:
                return new Consensus(new ConsensusMessage.VoteMessage(Vote.readFrom(in)));
            case PeerMessage.TAG_DECIDED:
                return new Consensus(readDecided(in));
            case PeerMessage.TAG_SYNC_REQUEST: {
                long from = in.u64("sync from height");
                long max = in.u32("sync max count");
                if (from < 1 || max < 1 || max > MAX_SYNC_BLOCKS) {
                    throw new CodecException("sync request: from " + from + ", max " + max + " out of range");
                }
                return new SyncRequest(from, (int) max);
            }
            case PeerMessage.TAG_SYNC_RESPONSE:
                return new SyncResponse(in.list(MAX_SYNC_BLOCKS, "decided blocks", MessageCodec::readDecided));
            default:
                throw new CodecException("unknown message tag 0x" + Integer.toHexString(tag));
        }
    }

    private static java.util.List<Hash> readBatchIds(CanonicalReader in, String what) {
        java.util.List<Hash> ids = in.list(MAX_BATCH_IDS, what, r -> r.hash("batch id"));
        if (ids.isEmpty()) {
            throw new CodecException(what + ": none");
        }
        if (new java.util.HashSet<>(ids).size() != ids.size()) {
            throw new CodecException(what + ": a batch id twice");
        }
        return ids;
    }

    private static HostPort readHostPort(CanonicalReader in) {
        String host = in.string(HostPort.MAX_HOST_BYTES, "peer host");
        int port = in.u16("peer port");
        if (host.isEmpty() || port == 0) {
            throw new CodecException("peer address needs a host and a port 1..65535");
        }
        return new HostPort(host, port);
    }

    private static CompactProposal readCompactProposal(CanonicalReader in) {
        Hash frameId = in.hash("proposal frame id");
        var header = BlockHeader.readFrom(in);
        java.util.List<Hash> ids = in.list(Block.MAX_TRANSACTIONS, "transaction ids", r -> r.hash("transaction id"));
        java.util.Optional<CommitCertificate> last = in.bool("has last commit")
                ? java.util.Optional.of(CommitCertificate.readFrom(in)) : java.util.Optional.empty();
        SignedProposal proposal = SignedProposal.readFrom(in);
        try {
            return new CompactProposal(frameId, header, ids, last, proposal);
        } catch (IllegalArgumentException e) {
            // the record checks the ids are distinct (one set of them per proposal, not two)
            throw new CodecException("compact proposal: " + e.getMessage());
        }
    }

    private static ConsensusMessage.Proposal readProposal(CanonicalReader in) {
        return new ConsensusMessage.Proposal(Block.readFrom(in), SignedProposal.readFrom(in));
    }

    private static ConsensusMessage.Decided readDecided(CanonicalReader in) {
        return new ConsensusMessage.Decided(Block.readFrom(in), CommitCertificate.readFrom(in));
    }
}
