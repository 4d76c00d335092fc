package org.stakechain.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Hash;

class SparseMerkleProofTest {

    @Test
    void everyPresentKeyHasAVerifyingMembershipProofAndNothingElseVerifies() {
        SeededRuns.forEach("everyPresentKeyHasAVerifyingMembershipProofAndNothingElseVerifies", 30, seed -> {
            Tree tree = Tree.random(new TreeTestData(seed));
            tree.entries.forEach((key, value) -> {
                SparseMerkleProof proof = SparseMerkleTree.prove(tree.root, key, tree.store);

                assertThat(SparseMerkleTree.verify(tree.root, key, Optional.of(value), proof)).isTrue();
                assertThat(SparseMerkleTree.verify(tree.root, key, Optional.of(flip(value, 0)), proof)).isFalse();
                assertThat(SparseMerkleTree.verify(tree.root, key, Optional.empty(), proof)).isFalse();
                assertThat(SparseMerkleTree.verify(flip(tree.root, 5), key, Optional.of(value), proof)).isFalse();
            });
        });
    }

    @Test
    void absentKeysHaveVerifyingNonMembershipProofs() {
        SeededRuns.forEach("absentKeysHaveVerifyingNonMembershipProofs", 30, seed -> {
            TreeTestData data = new TreeTestData(seed);
            Tree tree = Tree.random(data);
            List<Hash> present = new ArrayList<>(tree.entries.keySet());
            for (int i = 0; i < 100; i++) {
                Hash absent = i % 2 == 0 ? data.key() : data.neighbour(present.get(i % present.size()));
                if (tree.entries.containsKey(absent)) {
                    continue;
                }
                SparseMerkleProof proof = SparseMerkleTree.prove(tree.root, absent, tree.store);

                assertThat(SparseMerkleTree.verify(tree.root, absent, Optional.empty(), proof)).isTrue();
                assertThat(SparseMerkleTree.verify(tree.root, absent, Optional.of(data.value()), proof)).isFalse();
            }
        });
    }

    @Test
    void aNonMembershipProofEndsInAnEmptySubtreeOrInAnotherKeysLeaf() {
        // The golden three-key tree: root = I(I(empty, I(leaf 010.., leaf 011..)), leaf 1..).
        Hash a = Hash.parse("40" + "00".repeat(31));
        Hash b = Hash.parse("60" + "00".repeat(31));
        Hash c = Hash.parse("80" + "00".repeat(31));
        SortedMap<Hash, Hash> entries = new TreeMap<>();
        entries.put(a, Hash.parse("11".repeat(32)));
        entries.put(b, Hash.parse("22".repeat(32)));
        entries.put(c, Hash.parse("33".repeat(32)));
        InMemoryTreeNodeStore store = InMemoryTreeNodeStore.empty();
        TreeUpdate update = SparseMerkleTree.update(Hash.ZERO, TreeTestData.inserts(entries), store);
        store.write(update);
        Hash underEmpty = Hash.parse("20" + "00".repeat(31)); // 001..: the empty left child at depth 1
        Hash underLeafC = Hash.parse("ff".repeat(32)); // 1..: where leaf c sits alone

        SparseMerkleProof emptyEnd = SparseMerkleTree.prove(update.root(), underEmpty, store);
        SparseMerkleProof leafEnd = SparseMerkleTree.prove(update.root(), underLeafC, store);

        assertThat(emptyEnd.leaf()).isEmpty();
        assertThat(emptyEnd.siblings()).hasSize(2);
        assertThat(leafEnd.leaf()).map(LeafNode::key).contains(c);
        assertThat(leafEnd.siblings()).hasSize(1);
        assertThat(SparseMerkleTree.verify(update.root(), underEmpty, Optional.empty(), emptyEnd)).isTrue();
        assertThat(SparseMerkleTree.verify(update.root(), underLeafC, Optional.empty(), leafEnd)).isTrue();
        // Leaf c's proof, claimed for a key off c's path, proves nothing.
        assertThat(SparseMerkleTree.verify(update.root(), underEmpty, Optional.empty(), leafEnd)).isFalse();
    }

    @Test
    void aTamperedSiblingOrPathLengthFailsVerification() {
        SeededRuns.forEach("aTamperedSiblingOrPathLengthFailsVerification", 20, seed -> {
            TreeTestData data = new TreeTestData(seed);
            Tree tree = Tree.random(data);
            List<Hash> keys = new ArrayList<>(tree.entries.keySet());
            for (int i = 0; i < 20; i++) {
                Hash key = keys.get(data.random().nextInt(keys.size()));
                Optional<Hash> value = Optional.of(tree.entries.get(key));
                SparseMerkleProof proof = SparseMerkleTree.prove(tree.root, key, tree.store);
                List<Hash> siblings = proof.siblings();

                for (int s = 0; s < siblings.size(); s++) {
                    List<Hash> tampered = new ArrayList<>(siblings);
                    tampered.set(s, flip(siblings.get(s), data.random().nextInt(256)));
                    assertThat(verify(tree.root, key, value, tampered, proof.leaf())).isFalse();
                }
                if (!siblings.isEmpty()) {
                    assertThat(verify(tree.root, key, value, siblings.subList(0, siblings.size() - 1), proof.leaf()))
                            .isFalse();
                    assertThat(verify(tree.root, key, value, siblings.subList(1, siblings.size()), proof.leaf()))
                            .isFalse();
                }
                if (siblings.size() < SparseMerkleProof.MAX_SIBLINGS) { // a leaf at depth 256 has the longest path
                    List<Hash> longer = new ArrayList<>(siblings);
                    longer.add(Hash.ZERO);
                    assertThat(verify(tree.root, key, value, longer, proof.leaf())).isFalse();
                }
            }
        });
    }

    @Test
    void anotherKeysProofDoesNotProveAbsenceOrPresence() {
        TreeTestData data = new TreeTestData(7);
        Tree tree = Tree.random(data);
        List<Hash> keys = new ArrayList<>(tree.entries.keySet());
        Hash key = keys.get(0);
        Hash other = keys.get(keys.size() - 1); // differs from key in its first bits: a different path
        SparseMerkleProof otherProof = SparseMerkleTree.prove(tree.root, other, tree.store);

        assertThat(SparseMerkleTree.verify(tree.root, key, Optional.empty(), otherProof)).isFalse();
        assertThat(SparseMerkleTree.verify(tree.root, key, Optional.of(tree.entries.get(key)), otherProof)).isFalse();
        assertThat(SparseMerkleTree.verify(tree.root, key, Optional.of(tree.entries.get(other)), otherProof)).isFalse();
    }

    @Test
    void aLeafMovedOffItsKeysPathDoesNotProveAbsence() {
        TreeTestData data = new TreeTestData(11);
        Tree tree = Tree.random(data);
        Hash present = tree.entries.firstKey();
        SparseMerkleProof proof = SparseMerkleTree.prove(tree.root, present, tree.store);
        // A key that agrees with `present` on every bit the proof walks except the first.
        Hash elsewhere = flip(present, 0);

        assertThat(SparseMerkleTree.verify(tree.root, elsewhere, Optional.empty(), proof)).isFalse();
    }

    @Test
    void theEmptyTreeProvesEveryKeyAbsent() {
        InMemoryTreeNodeStore store = InMemoryTreeNodeStore.empty();
        Hash key = new TreeTestData(1).key();
        SparseMerkleProof proof = SparseMerkleTree.prove(Hash.ZERO, key, store);

        assertThat(proof.siblings()).isEmpty();
        assertThat(proof.leaf()).isEmpty();
        assertThat(SparseMerkleTree.verify(Hash.ZERO, key, Optional.empty(), proof)).isTrue();
        assertThat(SparseMerkleTree.verify(Hash.ZERO, key, Optional.of(key), proof)).isFalse();
    }

    @Test
    void aProofSurvivesAnEncodeDecodeRoundTrip() {
        Tree tree = Tree.random(new TreeTestData(3));
        Hash key = tree.entries.firstKey();
        SparseMerkleProof membership = SparseMerkleTree.prove(tree.root, key, tree.store);
        SparseMerkleProof absence = SparseMerkleTree.prove(tree.root, flip(key, 255), tree.store);

        assertThat(SparseMerkleProof.decode(membership.encode())).isEqualTo(membership);
        assertThat(SparseMerkleProof.decode(absence.encode())).isEqualTo(absence);
    }

    @Test
    void decodingAProofRejectsTrailingBytesTooManySiblingsAndABadLeafFlag() {
        byte[] valid = SparseMerkleProof.of(List.of(Hash.ZERO), Optional.empty()).encode();
        byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
        byte[] badFlag = valid.clone();
        badFlag[badFlag.length - 1] = 2;
        CanonicalWriter tooLong = new CanonicalWriter().u16(257);
        for (int i = 0; i < 257; i++) {
            tooLong.hash(Hash.ZERO);
        }
        tooLong.bool(false);

        assertThatThrownBy(() -> SparseMerkleProof.decode(trailing)).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> SparseMerkleProof.decode(badFlag)).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> SparseMerkleProof.decode(tooLong.toByteArray())).isInstanceOf(CodecException.class)
                .hasMessageContaining("257");
    }

    private static boolean verify(Hash root, Hash key, Optional<Hash> value, List<Hash> siblings,
            Optional<LeafNode> leaf) {
        return SparseMerkleTree.verify(root, key, value, SparseMerkleProof.of(siblings, leaf));
    }

    static Hash flip(Hash hash, int bit) {
        byte[] bytes = hash.bytes();
        bytes[bit >>> 3] ^= (byte) (1 << (7 - (bit & 7)));
        return Hash.wrap(bytes);
    }

    /** A random tree of up to a few hundred keys, some of them deep neighbours of others. */
    private record Tree(Hash root, SortedMap<Hash, Hash> entries, InMemoryTreeNodeStore store) {
        static Tree random(TreeTestData data) {
            SortedMap<Hash, Hash> entries = data.entries(2 + data.random().nextInt(300));
            for (Hash key : new ArrayList<>(entries.keySet())) {
                if (data.random().nextInt(4) == 0) {
                    entries.put(data.neighbour(key), data.value());
                }
            }
            InMemoryTreeNodeStore store = InMemoryTreeNodeStore.empty();
            TreeUpdate update = SparseMerkleTree.update(Hash.ZERO, TreeTestData.inserts(entries), store);
            store.write(update);
            return new Tree(update.root(), entries, store);
        }
    }
}
