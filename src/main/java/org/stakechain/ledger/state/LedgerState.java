package org.stakechain.ledger.state;

import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;

/**
 * Read access to the state after some final block: what the state transition needs, nothing more. The node
 * implements it over RocksDB; tests and the simulator use {@link MemoryLedgerState}.
 */
public interface LedgerState {

    ChainState chain();

    /** The account at {@code address}; {@link org.stakechain.ledger.Account#EMPTY} if it never received anything. */
    org.stakechain.ledger.Account account(Address address);

    /** Whether evidence with this id was already used to slash (duplicates are rejected). */
    boolean hasEvidence(Hash evidenceId);

    /** The root of the state tree committing to all of the above. */
    Hash stateRoot();

    /** The nodes of the state tree, for incremental root updates and proofs. */
    TreeNodeReader treeNodes();
}
