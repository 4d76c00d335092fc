package org.stakechain.ledger.state;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
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
        // Sorted arrays rather than a TreeMap of Optionals: a block touches a few thousand keys, and the map's
        // nodes, boxes and rebalancing cost more than the sort.
        Change[] changes = new Change[accounts.size() + evidence.size() + 1];
        int n = 0;
        for (Map.Entry<Address, Account> e : accounts.entrySet()) {
            Account a = e.getValue();
            changes[n++] = new Change(StateKeys.account(e.getKey()), a.isEmpty() ? null : valueHash(a.encode()));
        }
        for (Hash id : evidence) {
            changes[n++] = new Change(StateKeys.evidence(id), StateKeys.EVIDENCE_MARK);
        }
        changes[n++] = new Change(StateKeys.CHAIN_KEY, valueHash(chain.commitmentBytes()));
        Arrays.sort(changes, 0, n);
        Hash[] keys = new Hash[n];
        Hash[] values = new Hash[n];
        for (int i = 0; i < n; i++) {
            keys[i] = changes[i].key;
            values[i] = changes[i].value;
        }
        // distinct addresses and ids under distinct prefixes give distinct keys; the tree checks they are
        return SparseMerkleTree.update(pre.stateRoot(), keys, values, pre.treeNodes());
    }

    /** The hash the tree stores for a value's canonical encoding (an account's, or the chain state's commitment). */
    public static Hash valueHash(byte[] encoding) {
        return NodeHashing.digest(encoding);
    }

    /**
     * One key's new value hash, or null to delete it; ordered by key. The key's first 8 bytes, kept as a long,
     * decide nearly every comparison of the sort without a call into the byte arrays.
     */
    private static final class Change implements Comparable<Change> {
        final Hash key;
        final Hash value;
        final long prefix;

        Change(Hash key, Hash value) {
            this.key = key;
            this.value = value;
            long p = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                p = p << 8 | (key.byteAt(i) & 0xff);
            }
            this.prefix = p;
        }

        @Override
        public int compareTo(Change other) {
            int c = Long.compareUnsigned(prefix, other.prefix);
            return c != 0 ? c : key.compareTo(other.key);
        }
    }
}
