package org.stakechain.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Hash;
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
 * transactions, and the state after the head block (accounts, used evidence, chain state).
 *
 * <p>One final block is one {@link KeyValueStore#write atomic, synced batch}: the block, its indexes, the state it
 * changed and the head pointer. A crash leaves the store at the head before or after the block, never between.
 * The state tree is not persisted: it lives in memory ({@link StateTree}) and is rebuilt from the stored state on
 * open, where its root must equal the head block's state root or the store is refused (see docs/storage.md).
 *
 * <p>Thread safety: one writer at a time (commits are serialized); readers never block on it. Reads of the head
 * state go through {@link #headState()}, a snapshot of one head.
 */
public final class ChainStore implements AutoCloseable {
    /** Bumped when the layout changes; a store of another format is refused, not misread. */
    public static final int FORMAT_VERSION = 2;
    /** Format 1 also persisted the state-tree nodes; opening it drops them and moves it to format 2. */
    static final int FORMAT_WITH_TREE_NODES = 1;

    static final byte[] META_FORMAT = ascii("format");
    static final byte[] META_GENESIS = ascii("genesis");
    static final byte[] META_HEAD = ascii("head");
    static final byte[] META_CHAIN = ascii("chain");

    private final KeyValueStore kv;
    private final StateCache cache;
    private final StateTree tree;
    private final Set<HeadState> openViews = ConcurrentHashMap.newKeySet();
    /**
     * Orders opening a view (snapshot, head, its tree's root) against a commit's changes of the tree's roots: a view
     * whose snapshot shows a block finds that block's root (held before the write), and one that shows the old head
     * finds the old root (dropped only with the head's move, after the write).
     */
    private final Object viewLock = new Object();
    /** Serializes commits (and the genesis write and certificate replacement). */
    private final ReentrantLock writer = new ReentrantLock();
    private volatile Head head;
    private volatile Hash genesisHash;

    private ChainStore(KeyValueStore kv, Head head, Hash genesisHash, StateTree tree, int maxCachedAccounts) {
        this.kv = kv;
        this.head = head;
        this.genesisHash = genesisHash;
        this.tree = tree;
        this.cache = new StateCache(maxCachedAccounts, head == null ? -1 : head.height());
    }

    /**
     * Opens the chain store on {@code kv} and checks that what it holds hangs together: format version, genesis,
     * a head that names a stored block whose header has the stored state root, and a chain state of that height.
     * A store that fails a check is refused with a {@link StorageException} naming the problem (then {@code kv} is
     * still the caller's to close; otherwise the chain store owns it and closes it). One chain store per
     * {@code kv}: the head is kept in memory, so a second writer on the same store is not supported.
     */
    public static ChainStore open(KeyValueStore kv) {
        return open(kv, 100_000);
    }

    /**
     * As {@link #open(KeyValueStore)}, with at most {@code maxCachedAccounts} head accounts cached in memory. Opening
     * rebuilds the state tree from the stored state (about a second per 100,000 accounts) and refuses the store if
     * its root is not the head block's state root.
     */
    public static ChainStore open(KeyValueStore kv, int maxCachedAccounts) {
        Optional<byte[]> format = kv.get(Column.META, META_FORMAT);
        Optional<byte[]> headBytes = kv.get(Column.META, META_HEAD);
        if (format.isEmpty()) {
            if (headBytes.isPresent() || !kv.scan(Column.BLOCKS, new byte[0], null, 1).isEmpty()) {
                throw damaged(kv, "it holds chain data but no format record");
            }
            return new ChainStore(kv, null, null, StateTree.empty(), maxCachedAccounts);
        }
        int version = decode(kv, format.get(), "format record", b -> CanonicalReader.decodeAll(b, r -> (int) r.u32("format")));
        if (version != FORMAT_VERSION && version != FORMAT_WITH_TREE_NODES) {
            throw new StorageException(kv.location() + " holds chain data in format " + version + ", this node reads "
                    + "format " + FORMAT_VERSION + "; refusing to start. Use a matching release or resync.");
        }
        if (headBytes.isEmpty()) {
            throw damaged(kv, "it has a format record but no head pointer");
        }
        Head head = decode(kv, headBytes.get(), "head pointer", Head::decode);
        Hash genesis = decode(kv, kv.get(Column.META, META_GENESIS)
                .orElseThrow(() -> damaged(kv, "no genesis hash")), "genesis hash", Hash::wrap);
        ChainState chain = verifyHead(kv, head, genesis);
        StateTree.Rebuilt rebuilt = StateTree.rebuild(kv, chain.commitmentBytes());
        if (!rebuilt.root().equals(head.stateRoot())) {
            throw damaged(kv, "the stored state (" + rebuilt.entries() + " accounts and evidence ids, and the chain "
                    + "state) has state root " + rebuilt.root() + ", but the head block " + head.height()
                    + " commits to " + head.stateRoot());
        }
        if (version == FORMAT_WITH_TREE_NODES) {
            dropTreeNodes(kv);
        }
        return new ChainStore(kv, head, genesis, rebuilt.tree(), maxCachedAccounts);
    }

    /**
     * Format 1 to 2: deletes the persisted tree nodes (nothing reads them any more), then records format 2. A crash
     * midway leaves format 1 and some nodes, and the next open finishes the job.
     */
    private static void dropTreeNodes(KeyValueStore kv) {
        while (true) {
            List<KeyValue> page = kv.scan(Column.TREE_NODES, new byte[0], null, 10_000);
            if (page.isEmpty()) {
                break;
            }
            WriteBatch batch = new WriteBatch();
            page.forEach(e -> batch.delete(Column.TREE_NODES, e.key()));
            kv.write(batch, false);
        }
        kv.write(new WriteBatch().put(Column.META, META_FORMAT, formatRecord()), true);
    }

    private static byte[] formatRecord() {
        return new CanonicalWriter(4).u32(FORMAT_VERSION).toByteArray();
    }

    private static ChainState verifyHead(KeyValueStore kv, Head head, Hash genesis) {
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
        return chain;
    }

    /**
     * Writes the genesis state into an empty store, or checks that a store already holding a chain holds this
     * one. A different genesis is refused, naming both hashes: the data directory belongs to another chain.
     */
    public void initialize(Genesis genesis) {
        writer.lock();
        try {
            initializeLocked(genesis);
        } finally {
            writer.unlock();
        }
    }

    private void initializeLocked(Genesis genesis) {
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
        batch.put(Column.META, META_FORMAT, formatRecord());
        batch.put(Column.META, META_HEAD, genesisHead.encode());
        write(batch, changes, genesisHead);
        genesisHash = wanted;
    }

    /**
     * Makes {@code block} final: writes it, its certificate, its indexes and the state it produced in one synced
     * batch, then moves the head. {@code changes} and {@code receipts} are what
     * {@link org.stakechain.ledger.StateTransition#apply} returned for this block on {@link #headState()}.
     *
     * @throws IllegalArgumentException if the block does not follow the head, or the certificate, changes or
     *                                  receipts are not this block's; nothing is written then
     */
    public void commit(Block block, CommitCertificate certificate, StateChanges changes, List<Receipt> receipts) {
        writer.lock();
        try {
            commitLocked(block, certificate, changes, receipts);
        } finally {
            writer.unlock();
        }
    }

    private void commitLocked(Block block, CommitCertificate certificate, StateChanges changes,
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
        // every array handed over below is a fresh copy or encoding: putFresh skips a second copy
        batch.putFresh(Column.BLOCKS, key, block.encode());
        batch.putFresh(Column.BLOCK_BY_HASH, block.hash().bytes(), heightKey(height));
        batch.putFresh(Column.CERTIFICATES, heightKey(height), certificate.encode());
        for (int i = 0; i < txs.size(); i++) {
            Hash txHash = txs.get(i).hash();
            Receipt receipt = receipts.get(i);
            if (!receipt.txHash().equals(txHash)) {
                throw new IllegalArgumentException("receipt " + i + " is for " + receipt.txHash() + ", not " + txHash);
            }
            batch.putFresh(Column.TX_INDEX, txHash.bytes(),
                    new TransactionLocation(txHash, height, i, receipt.failure()).encodeValue());
        }
        byte[] chain = writeState(batch, changes, height);
        Head next = new Head(height, block.hash(), changes.stateRoot());
        batch.put(Column.META, META_HEAD, next.encode());
        write(batch, changes, next);
        // the next view (the node opens one right after each block) finds these bytes: it need not decode them
        lastChain = new DecodedChain(chain, changes.chain());
    }

    /**
     * Writes one block's batch (synced) and moves the head to {@code next}. The tree holds the block's root first, so
     * a view whose snapshot shows the block finds it; a failed write lets it go. Nothing else is done for the tree:
     * nodes the block made stale are garbage once no open view's root reaches them (docs/storage.md).
     */
    private void write(WriteBatch batch, StateChanges changes, Head next) {
        // checked (and found) before the lock: a view opening meanwhile waits for the assignment only
        TreeNode root = tree.rootNode(changes.stateRoot(), changes.newTreeNodes());
        synchronized (viewLock) {
            tree.prepare(changes.stateRoot(), root);
        }
        try {
            kv.write(batch, true);
        } catch (RuntimeException e) {
            synchronized (viewLock) {
                tree.rollback();
            }
            throw e;
        }
        cache.advance(next.height(), changes.accounts(), oldestOpenView(next.height()));
        synchronized (viewLock) {
            head = next;
            tree.advance();
        }
    }

    /**
     * The height of the oldest open view, or {@code head} if none is older. Under the view lock, so that a view whose
     * snapshot predates the batch just written is registered by now; views opened later show {@code head}.
     */
    private long oldestOpenView(long head) {
        synchronized (viewLock) {
            long oldest = head;
            for (HeadState view : openViews) {
                oldest = Math.min(oldest, view.height());
            }
            return oldest;
        }
    }

    /** A view closed: it held its tree by its own root, so there is nothing to prune. */
    private void viewClosed(HeadState view) {
        openViews.remove(view);
    }

    /**
     * Replaces the certificate stored with the head block by a larger one for the same block (CONFIRMs that
     * arrived after the block was decided).
     */
    public void replaceHeadCertificate(CommitCertificate certificate) {
        writer.lock();
        try {
            replaceHeadCertificateLocked(certificate);
        } finally {
            writer.unlock();
        }
    }

    private void replaceHeadCertificateLocked(CommitCertificate certificate) {
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

    /** The state itself; the tree nodes are not written, the tree is rebuilt from this on open. */
    private static byte[] writeState(WriteBatch batch, StateChanges changes, long height) {
        // forEach, not the entry set: the changes are a frozen map, whose entry iterator wraps each entry
        changes.accounts().forEach((address, account) -> {
            if (account.isEmpty()) {
                batch.delete(Column.ACCOUNTS, address.bytes());
            } else {
                batch.putFresh(Column.ACCOUNTS, address.bytes(), account.encode());
            }
        });
        for (Hash id : changes.evidence()) {
            batch.put(Column.EVIDENCE, id.bytes(), heightKey(height));
        }
        byte[] chain = changes.chain().encode();
        batch.put(Column.META, META_CHAIN, chain); // copied: the caller keeps the encoding
        return chain;
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
        synchronized (viewLock) {
            return openView();
        }
    }

    private HeadState openView() {
        KeyValueStore.Snapshot snapshot = kv.snapshot();
        try {
            Head seen = decode(kv, snapshot.get(Column.META, META_HEAD).orElseThrow(() -> damaged(kv, "no head")),
                    "head pointer", Head::decode);
            ChainState chain = chainState(snapshot.get(Column.META, META_CHAIN)
                    .orElseThrow(() -> damaged(kv, "no chain state")));
            HeadState[] holder = new HeadState[1];
            HeadState view = new HeadState(snapshot, seen, chain, cache, tree.reader(seen.stateRoot()),
                    () -> viewClosed(holder[0]));
            holder[0] = view;
            openViews.add(view);
            return view;
        } catch (RuntimeException e) {
            snapshot.close();
            throw e;
        }
    }

    /** The chain state last decoded for a view or last committed, with its encoding. */
    private record DecodedChain(byte[] encoding, ChainState chain) {
    }

    private volatile DecodedChain lastChain;

    /**
     * The chain state of these bytes: the one decoded for the last view, or the last committed block's (which
     * encoded to them), when they are the same (an immutable value), else decoded now. Every admitted batch opens a
     * view of the head, and the head changes once a block: comparing the bytes costs a fraction of decoding the
     * validator sets again.
     */
    private ChainState chainState(byte[] encoding) {
        DecodedChain last = lastChain;
        if (last != null && Arrays.equals(last.encoding(), encoding)) {
            return last.chain();
        }
        ChainState chain = decode(kv, encoding, "chain state", ChainState::decode);
        lastChain = new DecodedChain(encoding, chain);
        return chain;
    }

    /** The account cache (tests). */
    StateCache accountCache() {
        return cache;
    }

    /** Nodes of the head's tree (walked: tests and probes only). Open views hold older roots' nodes besides. */
    int treeNodeCount() {
        return tree.size();
    }

    /** Whether the tree holds a root besides the head's: only while a commit is between its tree and its write. */
    boolean treeHasPendingRoot() {
        return tree.hasPending();
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
