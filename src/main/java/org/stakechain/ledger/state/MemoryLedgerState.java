package org.stakechain.ledger.state;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.Account;

/**
 * An immutable in-memory state for tests and the simulator. {@link #apply} returns a new state and leaves this
 * one as it was. Tree nodes are content-addressed, so all versions share one append-only node map safely.
 */
public final class MemoryLedgerState implements LedgerState {
    private final Map<Address, Account> accounts;
    private final Set<Hash> evidence;
    private final ChainState chain;
    private final Hash root;
    private final InMemoryTreeNodeStore nodes;

    private MemoryLedgerState(Map<Address, Account> accounts, Set<Hash> evidence, ChainState chain, Hash root,
                              InMemoryTreeNodeStore nodes) {
        this.accounts = accounts;
        this.evidence = evidence;
        this.chain = chain;
        this.root = root;
        this.nodes = nodes;
    }

    /** No accounts and an empty tree; {@code chain} is only what {@link #chain()} answers until the first apply. */
    public static MemoryLedgerState empty(ChainState chain) {
        return new MemoryLedgerState(Map.of(), Set.of(), chain, Hash.ZERO, InMemoryTreeNodeStore.linked());
    }

    public MemoryLedgerState apply(StateChanges changes) {
        Map<Address, Account> nextAccounts = new HashMap<>(accounts);
        changes.accounts().forEach((address, account) -> {
            if (account.isEmpty()) {
                nextAccounts.remove(address);
            } else {
                nextAccounts.put(address, account);
            }
        });
        Set<Hash> nextEvidence = evidence;
        if (!changes.evidence().isEmpty()) {
            nextEvidence = new HashSet<>(evidence);
            nextEvidence.addAll(changes.evidence());
        }
        nodes.write(new TreeUpdate(changes.stateRoot(), changes.newTreeNodes(), Set.of()));
        // one copy per block, kept behind a read-only view (Map.copyOf would copy a second time, into a
        // probing table that looks addresses up slower)
        return new MemoryLedgerState(Collections.unmodifiableMap(nextAccounts),
                nextEvidence == evidence ? evidence : Collections.unmodifiableSet(nextEvidence), changes.chain(),
                changes.stateRoot(), nodes);
    }

    @Override
    public ChainState chain() {
        return chain;
    }

    @Override
    public Account account(Address address) {
        return accounts.getOrDefault(address, Account.EMPTY);
    }

    @Override
    public boolean hasEvidence(Hash evidenceId) {
        return evidence.contains(evidenceId);
    }

    @Override
    public Hash stateRoot() {
        return root;
    }

    @Override
    public TreeNodeReader treeNodes() {
        return nodes;
    }

    public Map<Address, Account> accounts() {
        return accounts;
    }

    /** Sum of every account's holdings: equals {@link ChainState#expectedHoldings()} in every valid state. */
    public long totalHoldings() {
        long total = 0;
        for (Account a : accounts.values()) {
            total = Math.addExact(total, a.holdings());
        }
        return total;
    }
}
