package org.stakechain.ledger.state;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.stakechain.crypto.Hash;

/**
 * The tree's nodes in a map, for tests and simulated networks. Mutable; concurrent readers are safe
 * (the API may read while a block is applied), one writer at a time.
 */
public final class InMemoryTreeNodeStore implements TreeNodeReader {
    private final Map<Hash, TreeNode> nodes = new ConcurrentHashMap<>();
    private final boolean followsLinks;

    private InMemoryTreeNodeStore(boolean followsLinks) {
        this.followsLinks = followsLinks;
    }

    /** A store the tree reads every node from, checking each: what the tests of a corrupt store need. */
    public static InMemoryTreeNodeStore empty() {
        return new InMemoryTreeNodeStore(false);
    }

    /**
     * A store whose nodes the tree may step between by their links, as the node's own in-memory tree does
     * ({@link TreeNodeReader#followsLinks}): the root is read here, the rest mostly not.
     */
    public static InMemoryTreeNodeStore linked() {
        return new InMemoryTreeNodeStore(true);
    }

    @Override
    public boolean followsLinks() {
        return followsLinks;
    }

    @Override
    public Optional<TreeNode> node(Hash hash) {
        return Optional.ofNullable(nodes.get(hash));
    }

    @Override
    public TreeNode nodeOrNull(Hash hash) {
        return nodes.get(hash);
    }

    /** Writes the new nodes and keeps the stale ones, so every earlier root stays readable. */
    public void write(TreeUpdate update) {
        nodes.putAll(update.newNodes());
    }

    /** Writes the new nodes and deletes the stale ones: only the latest root stays readable. */
    public void writeAndPrune(TreeUpdate update) {
        nodes.putAll(update.newNodes());
        update.staleNodes().forEach(nodes::remove);
    }

    public boolean contains(Hash hash) {
        return nodes.containsKey(hash);
    }

    /** Removes one node; tests use it to simulate a corrupt or over-pruned store. */
    public void delete(Hash hash) {
        nodes.remove(hash);
    }

    /** A snapshot of the hashes held. */
    public Set<Hash> hashes() {
        return Set.copyOf(nodes.keySet());
    }

    public int size() {
        return nodes.size();
    }
}
