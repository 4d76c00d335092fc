package org.stakechain.ledger.state;

import java.util.HashMap;
import java.util.Map;
import org.stakechain.crypto.Hash;

/** Every node reachable from a root: what a pruned store must hold, exactly. */
final class TreeWalk {
    private TreeWalk() {
    }

    static Map<Hash, TreeNode> reachable(Hash root, TreeNodeReader nodes) {
        Map<Hash, TreeNode> out = new HashMap<>();
        collect(root, 0, nodes, out);
        return out;
    }

    private static void collect(Hash hash, int depth, TreeNodeReader nodes, Map<Hash, TreeNode> out) {
        if (hash.isZero()) {
            return;
        }
        TreeNode node = SparseMerkleTree.read(nodes, hash, depth);
        if (out.put(hash, node) != null) {
            throw new AssertionError("node " + hash + " is reachable twice from one root");
        }
        if (node instanceof InternalNode internal) {
            collect(internal.left(), depth + 1, nodes, out);
            collect(internal.right(), depth + 1, nodes, out);
        }
    }
}
