package org.stakechain.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.Signature;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.BlockHeader;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.SignedProposal;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.network.wire.DisconnectReason;
import org.stakechain.network.wire.HostPort;
import org.stakechain.network.wire.MessageCodec;
import org.stakechain.network.wire.PeerMessage;

/**
 * Seeded peer messages of every kind. Blocks here are well-formed encodings, not valid blocks: the wire does not
 * judge content, the node does.
 */
public final class WireTestData {
    public static final String CHAIN = "stakechain-test";

    private final SplittableRandom random;
    private final List<KeyPair> keys = new ArrayList<>();

    public WireTestData(long seed) {
        random = new SplittableRandom(seed);
        for (int i = 0; i < 4; i++) {
            keys.add(KeyPair.deterministic("wire-" + seed + "-" + i));
        }
    }

    public Hash hash() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Hash.wrap(b);
    }

    private Signature signature() {
        byte[] b = new byte[64];
        random.nextBytes(b);
        return Signature.wrap(b);
    }

    private KeyPair key() {
        return keys.get(random.nextInt(keys.size()));
    }

    public Transaction transaction() {
        return Transaction.sign(CHAIN, key(), random.nextLong(0, 1_000), 1_000 + random.nextLong(0, 10_000),
                new TxPayload.Transfer(key().address(), 1 + random.nextLong(0, 1_000_000_000L)));
    }

    public Vote vote(long height) {
        VoteKind kind = random.nextBoolean() ? VoteKind.ATTEST : VoteKind.CONFIRM;
        Optional<Hash> block = random.nextInt(4) == 0 ? Optional.empty() : Optional.of(hash());
        return Vote.sign(kind, CHAIN, height, random.nextInt(0, 5), block, key());
    }

    public Block block(long height) {
        return block(height, random.nextInt(0, 4));
    }

    /** A block of {@code n} transactions. */
    public Block block(long height, int n) {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            txs.add(transaction());
        }
        Optional<CommitCertificate> last = height > 1 ? Optional.of(certificate(height - 1, hash())) : Optional.empty();
        BlockHeader header = new BlockHeader(CHAIN, height, random.nextInt(0, 3), hash(), 1_700_000_000_000L + height,
                key().publicKey(), signature(), Block.txRootOf(txs), hash(), Block.lastCommitHashOf(last));
        return Block.of(header, txs, last);
    }

    public CommitCertificate certificate(long height, Hash blockHash) {
        int round = random.nextInt(0, 3);
        List<Vote> confirms = new ArrayList<>();
        for (KeyPair k : keys.subList(0, 3)) {
            confirms.add(Vote.sign(VoteKind.CONFIRM, CHAIN, height, round, Optional.of(blockHash), k));
        }
        return CommitCertificate.fromVotes(height, round, blockHash, confirms);
    }

    public ConsensusMessage.Decided decided(long height) {
        Block b = block(height);
        return new ConsensusMessage.Decided(b, certificate(height, b.hash()));
    }

    public ConsensusMessage.Proposal proposal(long height) {
        return proposal(height, random.nextInt(0, 4));
    }

    /** A proposal of a block of {@code n} transactions. */
    public ConsensusMessage.Proposal proposal(long height, int n) {
        Block b = block(height, n);
        int round = b.header().round();
        return new ConsensusMessage.Proposal(b, SignedProposal.sign(CHAIN, height, round, b.hash(),
                round == 0 ? -1 : random.nextInt(-1, round), key()));
    }

    /** 1..4 distinct batch ids. */
    public List<Hash> batchIds() {
        List<Hash> ids = new ArrayList<>();
        for (int i = random.nextInt(1, 5); i > 0; i--) {
            ids.add(hash());
        }
        return ids;
    }

    /** One message of each kind, in tag order. */
    public List<PeerMessage> everyKind() {
        long h = random.nextLong(1, 1_000);
        List<HostPort> addresses = new ArrayList<>();
        for (int i = 0; i < random.nextInt(0, 5); i++) {
            addresses.add(new HostPort("10.0.0." + random.nextInt(1, 255), random.nextInt(1, 65_536)));
        }
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < random.nextInt(0, 4); i++) {
            txs.add(transaction());
        }
        List<ConsensusMessage.Decided> decided = new ArrayList<>();
        for (int i = 0; i < random.nextInt(0, 3); i++) {
            decided.add(decided(h + i));
        }
        DisconnectReason[] reasons = DisconnectReason.values();
        return List.of(
                new PeerMessage.Challenge(hash()),
                PeerMessage.Hello.sign(MessageCodec.PROTOCOL_VERSION, CHAIN, hash(), key(), random.nextLong(0, 1L << 40),
                        random.nextInt(0, 65_536), hash()),
                new PeerMessage.Disconnect(reasons[random.nextInt(reasons.length - 1)], "because " + random.nextInt()),
                new PeerMessage.Ping(random.nextLong(0, Long.MAX_VALUE), random.nextLong(0, 1L << 40)),
                new PeerMessage.Pong(random.nextLong(0, Long.MAX_VALUE), random.nextLong(0, 1L << 40)),
                new PeerMessage.GetPeers(),
                new PeerMessage.Peers(addresses),
                new PeerMessage.Transactions(txs),
                PeerMessage.of(proposal(h)),
                PeerMessage.of(new ConsensusMessage.VoteMessage(vote(h))),
                PeerMessage.of(decided(h)),
                new PeerMessage.BatchAnnouncement(batchIds()),
                new PeerMessage.GetBatches(batchIds()),
                new PeerMessage.Batch(txs),
                new PeerMessage.BlockAnnouncement(hash()),
                new PeerMessage.GetBlockFrame(hash()),
                new PeerMessage.BlockFrame(random.nextBoolean() ? proposal(h) : decided(h)),
                PeerMessage.CompactProposal.of(hash(), proposal(h)),
                new PeerMessage.SyncRequest(h, random.nextInt(1, MessageCodec.MAX_SYNC_BLOCKS + 1)),
                new PeerMessage.SyncResponse(decided));
    }
}
