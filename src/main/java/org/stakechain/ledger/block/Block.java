package org.stakechain.ledger.block;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    private Block(BlockHeader header, List<Transaction> transactions, Optional<CommitCertificate> lastCommit) {
        this.header = header;
        this.transactions = List.copyOf(transactions);
        this.lastCommit = lastCommit;
        this.hash = header.hash();
    }

    public static Block of(BlockHeader header, List<Transaction> transactions, Optional<CommitCertificate> lastCommit) {
        return new Block(header, transactions, lastCommit);
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
        header.writeTo(out);
        out.list(transactions, (w, t) -> t.writeTo(w));
        out.bool(lastCommit.isPresent());
        lastCommit.ifPresent(c -> c.writeTo(out));
    }

    public byte[] encode() {
        CanonicalWriter w = new CanonicalWriter(512 + 200 * transactions.size());
        writeTo(w);
        return w.toByteArray();
    }

    public static Block readFrom(CanonicalReader in) {
        BlockHeader header = BlockHeader.readFrom(in);
        List<Transaction> txs = in.list(MAX_TRANSACTIONS, "transactions", Transaction::readFrom);
        Optional<CommitCertificate> last = in.bool("has last commit")
                ? Optional.of(CommitCertificate.readFrom(in)) : Optional.empty();
        return new Block(header, txs, last);
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
