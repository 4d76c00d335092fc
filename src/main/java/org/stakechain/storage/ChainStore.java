package org.stakechain.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.Account;
import org.stakechain.ledger.Receipt;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.ChainState;
import org.stakechain.ledger.state.StateChanges;
import org.stakechain.ledger.state.TreeNode;
import org.stakechain.ledger.tx.Transaction;

/**
 * The node's persistent chain and state: every final block with its certificate, the indexes to find blocks and
 * transactions, and the state after the head block (accounts, used evidence, chain state, state-tree nodes).
 *
 * <p>One final block is one {@link KeyValueStore#write atomic, synced batch}: the block, its indexes, the state it
 * changed, the tree nodes it created and the ones it made stale, and the head pointer. A crash leaves the store at
 * the head before or after the block, never between. Only the head state is kept: stale tree nodes are deleted
 * in the batch that makes them stale, which is safe although a node hash can become live again later, because
 * the later batch that needs it writes it again (see docs/storage.md).
 *
 * <p>Thread safety: one writer at a time (commits are serialized); readers never block on it. Reads of the head
 * state go through {@link #headState()}, a snapshot of one head.
 */
public final class ChainStore implements AutoCloseable {
    /** Bumped when the layout changes; a store of another format is refused, not misread. */
    public static final int FORMAT_VERSION = 1;

    static final byte[] META_FORMAT = ascii("format");
    static final byte[] META_GENESIS = ascii("genesis");
    static final byte[] META_HEAD = ascii("head");
    static final byte[] META_CHAIN = ascii("chain");

    private final KeyValueStore kv;
    private final StateCache cache;
    private final Set<HeadState> openViews = ConcurrentHashMap.newKeySet();
    private volatile Head head;
    private volatile Hash genesisHash;

    private ChainStore(KeyValueStore kv, Head head, Hash genesisHash, int maxCachedAccounts, int maxCachedNodes) {
        this.kv = kv;
        this.head = head;
        this.genesisHash = genesisHash;
        this.cache = new StateCache(maxCachedAccounts, maxCachedNodes, head == null ? -1 : head.height());
    }

    /**
     * Opens the chain store on {@code kv} and checks that what it holds hangs together: format version, genesis,
     * a head that names a stored block whose header has the stored state root, and a chain state of that height.
     * A store that fails a check is refused with a {@link StorageException} naming the problem (then {@code kv} is
     * still the caller's to close; otherwise the chain store owns it and closes it). One chain store per
     * {@code kv}: the head is kept in memory, so a second writer on the same store is not supported.
     */
    public static ChainStore open(KeyValueStore kv) {
        return open(kv, 100_000, 500_000);
    }

    public static ChainStore open(KeyValueStore kv, int maxCachedAccounts, int maxCachedNodes) {
        Optional<byte[]> format = kv.get(Column.META, META_FORMAT);
        Optional<byte[]> headBytes = kv.get(Column.META, META_HEAD);
        if (format.isEmpty()) {
            if (headBytes.isPresent() || !kv.scan(Column.BLOCKS, new byte[0], null, 1).isEmpty()) {
                throw damaged(kv, "it holds chain data but no format record");
            }
            return new ChainStore(kv, null, null, maxCachedAccounts, maxCachedNodes);
        }
        int version = decode(kv, format.get(), "format record", b -> CanonicalReader.decodeAll(b, r -> (int) r.u32("format")));
        if (version != FORMAT_VERSION) {
            throw new StorageException(kv.location() + " holds chain data in format " + version + ", this node reads "
                    + "format " + FORMAT_VERSION + "; refusing to start. Use a matching release or resync.");
        }
        if (headBytes.isEmpty()) {
            throw damaged(kv, "it has a format record but no head pointer");
        }
        Head head = decode(kv, headBytes.get(), "head pointer", Head::decode);
        Hash genesis = decode(kv, kv.get(Column.META, META_GENESIS)
                .orElseThrow(() -> damaged(kv, "no genesis hash")), "genesis hash", Hash::wrap);
        verifyHead(kv, head, genesis);
        return new ChainStore(kv, head, genesis, maxCachedAccounts, maxCachedNodes);
    }

    private static void verifyHead(KeyValueStore kv, Head head, Hash genesis) {
        ChainState chain = decode(kv, kv.get(Column.META, META_CHAIN).orElseThrow(() -> damaged(kv, "no chain state")),
                "chain state", ChainState::decode);
        if (chain.height() != head.height() || !chain.lastBlockHash().equals(head.blockHash())) {
            throw damaged(kv, "the chain state is at height " + chain.height() + " but the head at " + head.height());
        }
        if (head.height() == 0) {
            if (!head.blockHash().equals(genesis)) {
                throw damaged(kv, "head at height 0 is not the genesis hash");
            }
        } else {
            Block block = decode(kv, kv.get(Column.BLOCKS, heightKey(head.height()))
                    .orElseThrow(() -> damaged(kv, "the head block " + head.height() + " is missing")), "head block",
                    Block::decode);
            if (!block.hash().equals(head.blockHash()) || !block.header().stateRoot().equals(head.stateRoot())) {
                throw damaged(kv, "the head block " + head.height() + " does not match the head pointer");
            }
        }
        if (!head.stateRoot().isZero() && kv.get(Column.TREE_NODES, head.stateRoot().bytes()).isEmpty()) {
            throw damaged(kv, "the state tree root " + head.stateRoot() + " is missing");
        }
    }

    /**
     * Writes the genesis state into an empty store, or checks that a store already holding a chain holds this
     * one. A different genesis is refused, naming both hashes: the data directory belongs to another chain.
     */
    public synchronized void initialize(Genesis genesis) {
        Hash wanted = genesis.hash();
        if (genesisHash != null) {
            if (!genesisHash.equals(wanted)) {
                throw new StorageException(kv.location() + " holds the chain with genesis hash " + genesisHash.hex()
                        + ", but the genesis file has hash " + wanted.hex() + "; refusing to start. Point the node "
                        + "at the matching genesis file, or use another data directory.");
            }
            return;
        }
        StateChanges changes = genesis.initialChanges();
        Head genesisHead = new Head(0, wanted, changes.stateRoot());
        WriteBatch batch = new WriteBatch();
        writeState(batch, changes, 0);
        batch.put(Column.META, META_GENESIS, wanted.bytes());
        batch.put(Column.META, META_FORMAT, new CanonicalWriter(4).u32(FORMAT_VERSION).toByteArray());
        batch.put(Column.META, META_HEAD, genesisHead.encode());
        kv.write(batch, true);
        cache.advance(0, changes.accounts(), changes.newTreeNodes(), changes.staleTreeNodes());
        genesisHash = wanted;
        head = genesisHead;
    }

    /**
     * Makes {@code block} final: writes it, its certificate, its indexes and the state it produced in one synced
     * batch, then moves the head. {@code changes} and {@code receipts} are what
     * {@link org.stakechain.ledger.StateTransition#apply} returned for this block on {@link #headState()}.
     *
     * @throws IllegalArgumentException if the block does not follow the head, or the certificate, changes or
     *                                  receipts are not this block's; nothing is written then
     */
    public synchronized void commit(Block block, CommitCertificate certificate, StateChanges changes,
                                    List<Receipt> receipts) {
        Head current = requireHead();
        long height = block.height();
        if (height != current.height() + 1) {
            throw new IllegalArgumentException("block " + height + " does not follow the head at height "
                    + current.height());
        }
        if (!block.header().previousHash().equals(current.blockHash())) {
            throw new IllegalArgumentException("block " + height + " points to " + block.header().previousHash()
                    + ", not to the head " + current.blockHash());
        }
        checkCertificate(block, certificate);
        if (changes.chain().height() != height || !changes.chain().lastBlockHash().equals(block.hash())
                || !changes.stateRoot().equals(block.header().stateRoot())) {
            throw new IllegalArgumentException("the state changes are not those of block " + height);
        }
        List<Transaction> txs = block.transactions();
        if (receipts.size() != txs.size()) {
            throw new IllegalArgumentException(receipts.size() + " receipts for " + txs.size() + " transactions");
        }
        WriteBatch batch = new WriteBatch();
        byte[] key = heightKey(height);
        batch.put(Column.BLOCKS, key, block.encode());
        batch.put(Column.BLOCK_BY_HASH, block.hash().bytes(), key);
        batch.put(Column.CERTIFICATES, key, certificate.encode());
        for (int i = 0; i < txs.size(); i++) {
            Hash txHash = txs.get(i).hash();
            Receipt receipt = receipts.get(i);
            if (!receipt.txHash().equals(txHash)) {
                throw new IllegalArgumentException("receipt " + i + " is for " + receipt.txHash() + ", not " + txHash);
            }
            batch.put(Column.TX_INDEX, txHash.bytes(),
                    new TransactionLocation(txHash, height, i, receipt.failure()).encodeValue());
        }
        writeState(batch, changes, height);
        Head next = new Head(height, block.hash(), changes.stateRoot());
        batch.put(Column.META, META_HEAD, next.encode());
        kv.write(batch, true);
        cache.advance(height, changes.accounts(), changes.newTreeNodes(), changes.staleTreeNodes());
        head = next;
    }

    /**
     * Replaces the certificate stored with the head block by a larger one for the same block (CONFIRMs that
     * arrived after the block was decided).
     */
    public synchronized void replaceHeadCertificate(CommitCertificate certificate) {
        Head current = requireHead();
        if (current.height() == 0) {
            throw new IllegalStateException("genesis has no certificate");
        }
        if (certificate.height() != current.height() || !certificate.blockHash().equals(current.blockHash())) {
            throw new IllegalArgumentException("certificate for " + certificate.height() + "/"
                    + certificate.blockHash() + " is not for the head block");
        }
        kv.write(new WriteBatch().put(Column.CERTIFICATES, heightKey(current.height()), certificate.encode()), true);
    }

    private static void checkCertificate(Block block, CommitCertificate certificate) {
        // not the round: a block built in round r may be re-proposed and decided in a later round
        if (certificate.height() != block.height() || !certificate.blockHash().equals(block.hash())) {
            throw new IllegalArgumentException("certificate for " + certificate.height() + "/"
                    + certificate.blockHash() + " is not for block " + block.height() + "/" + block.hash());
        }
    }

    /** Stale nodes are deleted before new ones are put: the sets are disjoint, and should they not be, a put wins. */
    private static void writeState(WriteBatch batch, StateChanges changes, long height) {
        for (Map.Entry<Address, Account> e : changes.accounts().entrySet()) {
            if (e.getValue().isEmpty()) {
                batch.delete(Column.ACCOUNTS, e.getKey().bytes());
            } else {
                batch.put(Column.ACCOUNTS, e.getKey().bytes(), e.getValue().encode());
            }
        }
        for (Hash id : changes.evidence()) {
            batch.put(Column.EVIDENCE, id.bytes(), heightKey(height));
        }
        for (Hash stale : changes.staleTreeNodes()) {
            batch.delete(Column.TREE_NODES, stale.bytes());
        }
        for (TreeNode node : changes.newTreeNodes().values()) {
            batch.put(Column.TREE_NODES, node.hash().bytes(), node.encode());
        }
        batch.put(Column.META, META_CHAIN, changes.chain().encode());
    }

    /** Whether {@link #initialize} has written a genesis. */
    public boolean isInitialized() {
        return head != null;
    }

    public Optional<Hash> genesisHash() {
        return Optional.ofNullable(genesisHash);
    }

    public Head head() {
        return requireHead();
    }

    /** Height of the last final block (0 = only genesis). */
    public long finalHeight() {
        return requireHead().height();
    }

    /** Hash of the last final block (the genesis hash at height 0). */
    public Hash headHash() {
        return requireHead().blockHash();
    }

    public Optional<Block> block(long height) {
        if (height < 1) {
            return Optional.empty();
        }
        return kv.get(Column.BLOCKS, heightKey(height)).map(b -> decode(kv, b, "block " + height, Block::decode));
    }

    public Optional<Block> block(Hash hash) {
        return heightOf(hash).flatMap(this::block);
    }

    public Optional<Long> heightOf(Hash blockHash) {
        return kv.get(Column.BLOCK_BY_HASH, blockHash.bytes())
                .map(b -> decode(kv, b, "height of block " + blockHash, ChainStore::heightOfKey));
    }

    public Optional<CommitCertificate> certificate(long height) {
        return kv.get(Column.CERTIFICATES, heightKey(height))
                .map(b -> decode(kv, b, "certificate " + height, CommitCertificate::decode));
    }

    public Optional<TransactionLocation> transaction(Hash txHash) {
        return kv.get(Column.TX_INDEX, txHash.bytes())
                .map(b -> decode(kv, b, "location of tx " + txHash, v -> TransactionLocation.decodeValue(txHash, v)));
    }

    /**
     * Final blocks from {@code fromHeight} with their certificates, for a syncing peer: at most {@code maxCount}
     * blocks, and no more than {@code maxBytes} of block and certificate encodings, except that the first block
     * is always included (a peer must be able to make progress even past a block larger than its budget).
     */
    public List<DecidedBlock> decidedRange(long fromHeight, int maxCount, long maxBytes) {
        long last = requireHead().height();
        List<DecidedBlock> out = new ArrayList<>();
        long bytes = 0;
        for (long h = Math.max(1, fromHeight); h <= last && out.size() < maxCount; h++) {
            long height = h;
            byte[] blockBytes = kv.get(Column.BLOCKS, heightKey(h)).orElseThrow(() -> damaged(kv, "block " + height
                    + " below the head is missing"));
            byte[] certBytes = kv.get(Column.CERTIFICATES, heightKey(h)).orElseThrow(() -> damaged(kv,
                    "certificate " + height + " below the head is missing"));
            bytes += blockBytes.length + certBytes.length;
            if (!out.isEmpty() && bytes > maxBytes) {
                break;
            }
            out.add(new DecidedBlock(decode(kv, blockBytes, "block " + h, Block::decode),
                    decode(kv, certBytes, "certificate " + h, CommitCertificate::decode)));
        }
        return out;
    }

    /**
     * A view of the state after the current head block, consistent for as long as it is open whatever commits
     * meanwhile. Close it when done.
     */
    public HeadState headState() {
        requireHead();
        KeyValueStore.Snapshot snapshot = kv.snapshot();
        try {
            Head seen = decode(kv, snapshot.get(Column.META, META_HEAD).orElseThrow(() -> damaged(kv, "no head")),
                    "head pointer", Head::decode);
            ChainState chain = decode(kv, snapshot.get(Column.META, META_CHAIN)
                    .orElseThrow(() -> damaged(kv, "no chain state")), "chain state", ChainState::decode);
            HeadState[] holder = new HeadState[1];
            HeadState view = new HeadState(snapshot, seen, chain, cache, () -> openViews.remove(holder[0]));
            holder[0] = view;
            openViews.add(view);
            return view;
        } catch (RuntimeException e) {
            snapshot.close();
            throw e;
        }
    }

    /** Where the data lives, for messages. */
    public String location() {
        return kv.location();
    }

    /** Closes views left open, then the key-value store. */
    @Override
    public void close() {
        for (HeadState view : List.copyOf(openViews)) {
            view.close();
        }
        kv.close();
    }

    private Head requireHead() {
        Head h = head;
        if (h == null) {
            throw new IllegalStateException(kv.location() + " is empty: initialize it with the genesis first");
        }
        return h;
    }

    static byte[] heightKey(long height) {
        return ByteBuffer.allocate(8).putLong(height).array();
    }

    static long heightOfKey(byte[] key) {
        if (key.length != 8) {
            throw new CodecException("height of " + key.length + " bytes");
        }
        return ByteBuffer.wrap(key).getLong();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static <T> T decode(KeyValueStore kv, byte[] bytes, String what, Function<byte[], T> decoder) {
        try {
            return decoder.apply(bytes);
        } catch (CodecException | IllegalArgumentException e) {
            throw damaged(kv, what + " does not decode (" + e.getMessage() + ")");
        }
    }

    private static StorageException damaged(KeyValueStore kv, String problem) {
        return new StorageException(kv.location() + " is damaged: " + problem + "; refusing to serve data from it. "
                + "Restore the data directory from a backup, or remove it to resync from peers.");
    }
}
