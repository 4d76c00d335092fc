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
}
