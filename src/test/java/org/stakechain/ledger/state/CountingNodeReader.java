package org.stakechain.ledger.state;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.stakechain.crypto.Hash;

/** Counts the reads that reach a store, and how often each node was read. */
final class CountingNodeReader implements TreeNodeReader {
    private final TreeNodeReader delegate;
    private final Map<Hash, Integer> readsByNode = new HashMap<>();
    private int reads;

    CountingNodeReader(TreeNodeReader delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<TreeNode> node(Hash hash) {
        reads++;
        readsByNode.merge(hash, 1, Integer::sum);
        return delegate.node(hash);
    }

    int reads() {
        return reads;
    }

    int mostReadsOfOneNode() {
        return readsByNode.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
