package org.stakechain.ledger.state;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hash;

/** A store that lost or garbled a node must stop the node with a clear error, never yield a wrong root. */
class SparseMerkleTreeCorruptStoreTest {
    private final TreeTestData data = new TreeTestData(42);
    private InMemoryTreeNodeStore store;
    private Hash root;
    private Hash key;
    private List<Hash> path;

    @BeforeEach
    void buildTree() {
        SortedMap<Hash, Hash> entries = data.entries(200);
        store = InMemoryTreeNodeStore.empty();
        TreeUpdate update = SparseMerkleTree.update(Hash.ZERO, TreeTestData.inserts(entries), store);
        store.write(update);
        root = update.root();
        key = entries.firstKey();
        path = pathTo(key);
    }

    @Test
    void aMissingNodeOnThePathFailsUpdateGetAndProveWithIllegalState() {
        store.delete(path.get(path.size() / 2));
        SortedMap<Hash, Optional<Hash>> change = new TreeMap<>();
        change.put(key, Optional.of(data.value()));

        assertThatThrownBy(() -> SparseMerkleTree.update(root, change, store))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> SparseMerkleTree.get(root, key, store))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> SparseMerkleTree.prove(root, key, store))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
    }

    @Test
    void aMissingRootFailsWithIllegalState() {
        store.delete(root);

        assertThatThrownBy(() -> SparseMerkleTree.get(root, key, store))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(root.hex());
    }

    @Test
    void aMissingSiblingNeededAfterADeleteFailsWithIllegalState() {
        // Deleting the key's leaf empties its side; the sibling must then be read to learn if it floats up.
        InternalNode parent = (InternalNode) store.node(path.get(path.size() - 2)).orElseThrow();
        Hash sibling = parent.child(!key.bit(path.size() - 2));
        store.delete(sibling);
        SortedMap<Hash, Optional<Hash>> delete = new TreeMap<>();
        delete.put(key, Optional.empty());

        assertThatThrownBy(() -> SparseMerkleTree.update(root, delete, store))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
    }

    @Test
    void aStoreReturningTheWrongNodeFailsWithIllegalState() {
        Hash target = path.get(1);
        TreeNode impostor = LeafNode.of(key, data.value());
        TreeNodeReader lying = hash -> hash.equals(target) ? Optional.of(impostor) : store.node(hash);

        assertThatThrownBy(() -> SparseMerkleTree.get(root, key, lying))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt");
    }

    /** Hashes from the root down to the key's leaf. */
    private List<Hash> pathTo(Hash target) {
        List<Hash> out = new ArrayList<>();
        Hash current = root;
        for (int depth = 0; ; depth++) {
            out.add(current);
            TreeNode node = store.node(current).orElseThrow();
            if (node instanceof LeafNode) {
                return out;
            }
            current = ((InternalNode) node).child(target.bit(depth));
        }
    }
}
