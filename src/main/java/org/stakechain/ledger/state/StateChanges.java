package org.stakechain.ledger.state;

import java.util.Map;
import java.util.Set;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.Account;

/**
 * Everything one block changed: the accounts it touched (final values), evidence it consumed, the new chain
 * state, and the state-tree nodes to write (and those no longer reachable). A store commits it in one batch.
 * Each collection iterates in a fixed order (the order it was given in); the tree's node collections are taken
 * from the {@link TreeUpdate} without a copy.
 */
public record StateChanges(Map<Address, Account> accounts, Set<Hash> evidence, ChainState chain, Hash stateRoot,
                           Map<Hash, TreeNode> newTreeNodes, Set<Hash> staleTreeNodes) {
    public StateChanges {
        accounts = Frozen.map(accounts);
        evidence = Frozen.set(evidence);
        newTreeNodes = Frozen.map(newTreeNodes);
        staleTreeNodes = Frozen.set(staleTreeNodes);
    }
}
