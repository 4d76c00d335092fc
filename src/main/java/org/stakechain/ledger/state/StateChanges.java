package org.stakechain.ledger.state;

import java.util.Map;
import java.util.Set;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.Account;

/**
 * Everything one block changed: the accounts it touched (final values), evidence it consumed, the new chain
 * state, and the state-tree nodes to write (and those no longer reachable). A store commits it in one batch.
 */
public record StateChanges(Map<Address, Account> accounts, Set<Hash> evidence, ChainState chain, Hash stateRoot,
                           Map<Hash, TreeNode> newTreeNodes, Set<Hash> staleTreeNodes) {
    public StateChanges {
        accounts = Map.copyOf(accounts);
        evidence = Set.copyOf(evidence);
        newTreeNodes = Map.copyOf(newTreeNodes);
        staleTreeNodes = Set.copyOf(staleTreeNodes);
    }
}
