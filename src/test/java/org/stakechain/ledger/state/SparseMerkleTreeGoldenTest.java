package org.stakechain.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hash;

/**
 * Fixed roots, checked in as hex (computed independently, with Python's hashlib), so that any change to the
 * node format, the hashing or the tree's shape fails here before it splits a network.
 */
class SparseMerkleTreeGoldenTest {
    // Paths 010..., 011... and 1...: a and b share two bits, so they hang under a one-child internal node.
    private static final Hash A = Hash.parse("40" + "00".repeat(31));
    private static final Hash B = Hash.parse("60" + "00".repeat(31));
    private static final Hash C = Hash.parse("80" + "00".repeat(31));
    private static final Hash VALUE_A = Hash.parse("11".repeat(32));
    private static final Hash VALUE_B = Hash.parse("22".repeat(32));
    private static final Hash VALUE_C = Hash.parse("33".repeat(32));

    private static final String SINGLE_LEAF_ROOT = "dd997374ac2ffa92f92c026b43d53c7fe121e411da9e4f75b8205f9d0538f91c";
    private static final String THREE_KEY_ROOT = "2fcc48838f7c34a9b01c4a912610c0bce47d7e2cc188138edfb44375df924c02";
    private static final String A_AND_C_ROOT = "672a2125d50e90389d5234e1f349dd68849707f2d713be774a80014bce259026";

    private final InMemoryTreeNodeStore store = InMemoryTreeNodeStore.empty();

    @Test
    void theEmptyTreeHasTheZeroRoot() {
        assertThat(NaiveStateRoot.of(new TreeMap<>())).isEqualTo(Hash.ZERO);
        assertThat(SparseMerkleTree.update(Hash.ZERO, new TreeMap<>(), store).root()).isEqualTo(Hash.ZERO);
    }

    @Test
    void aSingleLeafIsTheRootItself() {
        Hash root = apply(Hash.ZERO, changes(A, VALUE_A));

        assertThat(root.hex()).isEqualTo(SINGLE_LEAF_ROOT);
        assertThat(root).isEqualTo(LeafNode.of(A, VALUE_A).hash());
    }

    @Test
    void threeKeysGiveTheCheckedInRoot() {
        Hash root = apply(Hash.ZERO, changes(A, VALUE_A, B, VALUE_B, C, VALUE_C));

        assertThat(root.hex()).isEqualTo(THREE_KEY_ROOT);
        // root = I(I(empty, I(leaf a, leaf b)), leaf c)
        Hash ab = InternalNode.of(LeafNode.of(A, VALUE_A).hash(), LeafNode.of(B, VALUE_B).hash()).hash();
        Hash left = InternalNode.of(Hash.ZERO, ab).hash();
        assertThat(root).isEqualTo(InternalNode.of(left, LeafNode.of(C, VALUE_C).hash()).hash());
    }

    @Test
    void threeKeysInsertedOneByOneGiveTheSameRoot() {
        Hash root = apply(Hash.ZERO, changes(C, VALUE_C));
        root = apply(root, changes(B, VALUE_B));
        root = apply(root, changes(A, VALUE_A));

        assertThat(root.hex()).isEqualTo(THREE_KEY_ROOT);
    }

    @Test
    void deletingAKeyLetsItsLoneNeighbourFloatUp() {
        Hash root = apply(Hash.ZERO, changes(A, VALUE_A, B, VALUE_B, C, VALUE_C));

        SortedMap<Hash, Optional<Hash>> deleteB = new TreeMap<>();
        deleteB.put(B, Optional.empty());
        Hash after = apply(root, deleteB);

        // a moves from depth 3 to depth 1, and the one-child node above it disappears.
        assertThat(after.hex()).isEqualTo(A_AND_C_ROOT);
        assertThat(store.hashes()).containsExactlyInAnyOrder(after, LeafNode.of(A, VALUE_A).hash(),
                LeafNode.of(C, VALUE_C).hash());
    }

    private Hash apply(Hash root, SortedMap<Hash, Optional<Hash>> changes) {
        TreeUpdate update = SparseMerkleTree.update(root, changes, store);
        store.writeAndPrune(update);
        return update.root();
    }

    private static SortedMap<Hash, Optional<Hash>> changes(Hash... keysAndValues) {
        SortedMap<Hash, Optional<Hash>> out = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put(keysAndValues[i], Optional.of(keysAndValues[i + 1]));
        }
        return out;
    }
}
