package org.stakechain.ledger.state;

import java.util.Optional;
import org.stakechain.crypto.Hash;

/**
 * Where the tree's nodes live: RocksDB in a node, memory in tests. The tree only ever asks for nodes by
 * hash, so a store is a plain key-value map and the tree itself stays free of I/O.
 */
@FunctionalInterface
public interface TreeNodeReader {
    /** The node whose hash is {@code hash}, or empty when the store does not have it. */
    Optional<TreeNode> node(Hash hash);

    /** As {@link #node}, null when absent: the tree's walk reads thousands of nodes a block, each an Optional. */
    default TreeNode nodeOrNull(Hash hash) {
        return node(hash).orElse(null);
    }

    /**
     * Whether the tree may step from a node it read here to the children that node links to (nodes the tree built
     * over the children it held) instead of asking this reader for each: true for a store whose nodes all come from
     * the tree itself and stay whole while reachable (the node's in-memory tree). False by default: then every node
     * is read here and checked against its hash, as for a store that may be corrupt or over-pruned.
     */
    default boolean followsLinks() {
        return false;
    }
}
