package org.stakechain.ledger.block;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.tx.Transaction;

/**
 * A block: its header, its transactions, and the certificate that made the previous block final (absent at
 * height 1). Carrying the previous certificate makes the attestor rewards deterministic: every node pays the
 * attestors named in the same certificate. The certificate of this block itself travels beside it.
 */
public final class Block {
    public static final int MAX_TRANSACTIONS = 100_000;

    private final BlockHeader header;
    private final List<Transaction> transactions;
    private final Optional<CommitCertificate> lastCommit;
    private final Hash hash;
    /** Computed once, on first use: every node checks it, and sync may check a block more than once. */
    private volatile Hash txRoot;
    /** The canonical encoding of a block decoded from it (the bytes read), kept: it is sent and stored as it is. */
    private volatile byte[] encoding;

    private Block(BlockHeader header, List<Transaction> transactions, Optional<CommitCertificate> lastCommit) {
        this.header = header;
        this.transactions = List.copyOf(transactions);
        this.lastCommit = lastCommit;
        this.hash = header.hash();
    }

    /** The Merkle root of this block's transaction hashes (what {@link BlockHeader#txRoot()} must be). */
    public Hash computedTxRoot() {
        Hash root = txRoot;
        if (root == null) {
            root = txRootOf(transactions);
            txRoot = root;
        }
        return root;
    }

    public static Block of(BlockHeader header, List<Transaction> transactions, Optional<CommitCertificate> lastCommit) {
        return new Block(header, transactions, lastCommit);
    }

    /**
     * A block whose header is made from its transactions' root: the root is computed here, once, and kept (a
     * forger would otherwise compute it for the header and again when checking the block it sealed).
     */
    public static Block seal(Function<Hash, BlockHeader> headerWithTxRoot, List<Transaction> transactions,
                             Optional<CommitCertificate> lastCommit) {
        Hash root = txRootOf(transactions);
        Block block = new Block(headerWithTxRoot.apply(root), transactions, lastCommit);
        block.txRoot = root;
        return block;
    }

    public static Hash txRootOf(List<Transaction> transactions) {
        List<Hash> hashes = new ArrayList<>(transactions.size());
        for (Transaction t : transactions) {
            hashes.add(t.hash());
        }
        return MerkleRoot.of(hashes);
    }

    public static Hash lastCommitHashOf(Optional<CommitCertificate> lastCommit) {
        return lastCommit.map(CommitCertificate::hash).orElse(Hash.ZERO);
    }

    public BlockHeader header() {
        return header;
    }

    public long height() {
        return header.height();
    }

    public Hash hash() {
        return hash;
    }

    public List<Transaction> transactions() {
        return transactions;
    }

    public Optional<CommitCertificate> lastCommit() {
        return lastCommit;
    }

    public void writeTo(CanonicalWriter out) {
        byte[] bytes = encoding;
        if (bytes != null) {
            out.fixed(bytes); // the same bytes, copied whole
            return;
        }
        header.writeTo(out);
        out.list(transactions, (w, t) -> t.writeTo(w));
        out.bool(lastCommit.isPresent());
        lastCommit.ifPresent(c -> c.writeTo(out));
    }

    /**
     * The canonical encoding, a fresh array the caller owns. A block not decoded from bytes is encoded here and the
     * result handed over as it is, not kept: the store is the one caller (once, at commit), and keeping it cost a
     * copy of ~200 KB per block to hand out plus the array held for as long as the block lives.
     */
    public byte[] encode() {
        byte[] bytes = encoding;
        if (bytes != null) {
            return bytes.clone();
        }
        // exactly sized: the writer's buffer is the encoding (no larger buffer to trim)
        CanonicalWriter w = new CanonicalWriter(encodedSize());
        writeTo(w);
        return w.toByteArray();
    }

    /**
     * The encoded size in bytes, counted from the parts' sizes without encoding: a frame carrying the block is
     * sized with it before the block is written into the frame (encoding here would encode it twice).
     */
    public int encodedSize() {
        byte[] bytes = encoding;
        if (bytes != null) {
            return bytes.length;
        }
        long size = (long) header.encodedSize() + 4 + 1;
        for (Transaction t : transactions) {
            size += t.encodedSize();
        }
        if (lastCommit.isPresent()) {
            size += lastCommit.get().encodedSize();
        }
        return Math.toIntExact(size);
    }

    public static Block readFrom(CanonicalReader in) {
        int start = in.position();
        BlockHeader header = BlockHeader.readFrom(in);
        List<Transaction> txs = in.list(MAX_TRANSACTIONS, "transactions", Transaction::readFrom);
        Optional<CommitCertificate> last = in.bool("has last commit")
                ? Optional.of(CommitCertificate.readFrom(in)) : Optional.empty();
        Block block = new Block(header, txs, last);
        // canonical decoding: the bytes read are the block's one encoding, kept for sending and storing it on
        block.encoding = in.readSince(start);
        return block;
    }

    public static Block decode(byte[] bytes) {
        return CanonicalReader.decodeAll(bytes, Block::readFrom);
    }

    /** Decodes with an upper bound on size, for bytes from peers. */
    public static Block decode(byte[] bytes, int maxBytes) {
        if (bytes.length > maxBytes) {
            throw new CodecException("block of " + bytes.length + " bytes above the limit " + maxBytes);
        }
        return decode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Block b && hash.equals(b.hash) && transactions.equals(b.transactions)
                && lastCommit.equals(b.lastCommit);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "Block[" + header.height() + " " + hash.shortHex() + " txs=" + transactions.size() + "]";
    }
}
