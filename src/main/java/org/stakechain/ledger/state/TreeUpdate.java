package org.stakechain.ledger.state;

import java.util.Map;
import java.util.Set;
import org.stakechain.crypto.Hash;

/**
 * What applying one batch produced: the new root, the nodes a store must write for it, and the nodes of the
 * old tree that the new tree no longer reaches (a store keeping only the latest state may delete them; one
 * keeping history deletes them once the old root is no longer needed).
 *
 * <p>Both collections are exact and disjoint, and iterate in a fixed order (the order the update met them),
 * so two nodes writing the same block issue the same writes. Collections the tree built are taken as they are;
 * any others are copied.
 */
public record TreeUpdate(Hash root, Map<Hash, TreeNode> newNodes, Set<Hash> staleNodes) {
    public TreeUpdate {
        newNodes = Frozen.map(newNodes);
        staleNodes = Frozen.set(staleNodes);
    }
}
