package org.stakechain.storage;

import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.Account;
import org.stakechain.ledger.state.ChainState;
import org.stakechain.ledger.state.LedgerState;
import org.stakechain.ledger.state.TreeNodeReader;

/**
 * The state after one final block, read from the store: what {@link org.stakechain.ledger.StateTransition}
 * applies the next block to. Every read goes to one snapshot of the store taken when the view was opened, so a
 * commit running meanwhile never shows through half-applied: the view keeps answering for its head until closed.
 * The state tree is in memory ({@link StateTree}); this view holds its own root node, so the tree of its root stays
 * readable (through the nodes' links) while it is open, whatever commits meanwhile.
 * Close it (try-with-resources); {@link ChainStore#close()} closes views left open.
 */
public final class HeadState implements LedgerState, AutoCloseable {
    private final KeyValueStore.Snapshot snapshot;
    private final Head head;
    private final ChainState chain;
    private final StateCache cache;
    private final Runnable onClose;
    private final TreeNodeReader nodes;

    HeadState(KeyValueStore.Snapshot snapshot, Head head, ChainState chain, StateCache cache, TreeNodeReader nodes,
              Runnable onClose) {
        this.snapshot = snapshot;
        this.nodes = nodes;
        this.head = head;
        this.chain = chain;
        this.cache = cache;
        this.onClose = onClose;
    }

    public Head head() {
        return head;
    }

    public long height() {
        return head.height();
    }

    @Override
    public ChainState chain() {
        return chain;
    }

    @Override
    public Account account(Address address) {
        Account cached = cache.accountOrNull(head.height(), address);
        if (cached != null) {
            return cached;
        }
        Account account = snapshot.get(Column.ACCOUNTS, address.bytes())
                .map(bytes -> decode(bytes, "account " + address, Account::decode))
                .orElse(Account.EMPTY);
        cache.rememberAccount(head.height(), address, account);
        return account;
    }

    @Override
    public boolean hasEvidence(Hash evidenceId) {
        return snapshot.get(Column.EVIDENCE, evidenceId.bytes()).isPresent();
    }

    @Override
    public Hash stateRoot() {
        return head.stateRoot();
    }

    @Override
    public TreeNodeReader treeNodes() {
        return nodes;
    }

    private <T> T decode(byte[] bytes, String what, java.util.function.Function<byte[], T> decoder) {
        try {
            return decoder.apply(bytes);
        } catch (CodecException e) {
            throw new StorageException("store is damaged: " + what + " does not decode (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        snapshot.close();
        onClose.run();
    }

    @Override
    public String toString() {
        return "HeadState[" + head.height() + " " + head.blockHash().shortHex() + "]";
    }
}
