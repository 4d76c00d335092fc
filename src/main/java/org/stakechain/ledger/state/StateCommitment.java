package org.stakechain.ledger.state;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.Account;

/**
 * Turns a block's changes into the new state root: one tree key per touched account, per consumed evidence and
 * for the chain state, updated in one batch. Cost grows with what the block touched, not with all accounts.
 */
public final class StateCommitment {
    private StateCommitment() {
    }

    public static TreeUpdate update(LedgerState pre, Map<Address, Account> accounts, Set<Hash> evidence, ChainState chain) {
        SortedMap<Hash, Optional<Hash>> changes = new TreeMap<>();
        for (Map.Entry<Address, Account> e : accounts.entrySet()) {
            Account a = e.getValue();
            changes.put(StateKeys.account(e.getKey()), a.isEmpty() ? Optional.empty() : Optional.of(valueHash(a.encode())));
        }
        for (Hash id : evidence) {
            changes.put(StateKeys.evidence(id), Optional.of(StateKeys.EVIDENCE_MARK));
        }
        changes.put(StateKeys.CHAIN_KEY, Optional.of(valueHash(chain.commitmentBytes())));
        return SparseMerkleTree.update(pre.stateRoot(), changes, pre.treeNodes());
    }

    /** The hash the tree stores for a value's canonical encoding (an account's, or the chain state's commitment). */
    public static Hash valueHash(byte[] encoding) {
        return NodeHashing.digest(encoding);
    }
}
