package org.stakechain.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hash;

/**
 * The records of a block's changes take the tree's collections without copying them; anything else they still
 * copy, so a caller changing its map afterwards changes nothing, and nobody can change them through the records.
 */
class FrozenTest {
    private static final Hash A = Hash.parse("0a".repeat(32));
    private static final Hash B = Hash.parse("0b".repeat(32));
    private static final Hash C = Hash.parse("0c".repeat(32));

    @Test
    void aForeignMapIsCopiedInItsOrderAndCannotBeChangedThroughTheCopy() {
        Map<Hash, TreeNode> mine = new LinkedHashMap<>();
        mine.put(C, LeafNode.of(C, A));
        mine.put(A, LeafNode.of(A, A));
        Set<Hash> stale = new LinkedHashSet<>(List.of(B, A));
        TreeUpdate update = new TreeUpdate(C, mine, stale);
        mine.put(B, LeafNode.of(B, A));
        stale.add(C);

        assertThat(List.copyOf(update.newNodes().keySet())).containsExactly(C, A);
        assertThat(List.copyOf(update.staleNodes())).containsExactly(B, A);
        assertThatThrownBy(() -> update.newNodes().put(B, LeafNode.of(B, A)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> update.newNodes().keySet().remove(A)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> update.newNodes().entrySet().iterator().next().setValue(LeafNode.of(B, B)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> update.staleNodes().remove(A)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> update.staleNodes().removeIf(h -> true)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theTreesOwnCollectionsArePassedOnAsTheyAre() {
        Map<Hash, TreeNode> built = Frozen.owning(new LinkedHashMap<>(Map.of(A, LeafNode.of(A, B))));
        Set<Hash> stale = Frozen.owning(new LinkedHashSet<>(List.of(C)));
        TreeUpdate update = new TreeUpdate(A, built, stale);
        StateChanges changes = new StateChanges(Map.of(), Set.of(), null, A, update.newNodes(), update.staleNodes());

        assertThat(update.newNodes()).isSameAs(built);
        assertThat(changes.newTreeNodes()).isSameAs(built);
        assertThat(changes.staleTreeNodes()).isSameAs(stale);
        assertThat(changes.newTreeNodes()).isEqualTo(new HashMap<>(Map.of(A, LeafNode.of(A, B))));
        assertThat(changes.staleTreeNodes()).isEqualTo(Set.of(C)).hasSameHashCodeAs(Set.of(C));
    }

    @Test
    void nullsAreRejectedAsMapCopyOfDid() {
        Map<Hash, TreeNode> withNull = new HashMap<>();
        withNull.put(A, null);
        assertThatThrownBy(() -> new TreeUpdate(A, withNull, Set.of())).isInstanceOf(NullPointerException.class);
        Set<Hash> nullSet = new LinkedHashSet<>();
        nullSet.add(null);
        assertThatThrownBy(() -> new TreeUpdate(A, Map.of(), nullSet)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theTreesListsReadAsAMapAndASetInTheirOrderAndArePassedOnAsTheyAre() {
        LeafNode c = LeafNode.of(C, A);
        InternalNode ab = InternalNode.of(A, B);
        Map<Hash, TreeNode> built = Frozen.nodesByHash(new ArrayList<>(List.of(c, ab)), ab);
        Set<Hash> stale = Frozen.distinctHashes(new ArrayList<>(List.of(B, A)));
        TreeUpdate update = new TreeUpdate(A, built, stale);
        StateChanges changes = new StateChanges(Map.of(), Set.of(), null, A, update.newNodes(), update.staleNodes());

        assertThat(changes.newTreeNodes()).isSameAs(built);
        assertThat(changes.staleTreeNodes()).isSameAs(stale);
        assertThat(List.copyOf(built.keySet())).containsExactly(c.hash(), ab.hash());
        assertThat(List.copyOf(built.values())).containsExactly(c, ab);
        List<Hash> visited = new ArrayList<>();
        built.forEach((hash, node) -> {
            assertThat(node.hash()).isEqualTo(hash);
            visited.add(hash);
        });
        assertThat(visited).containsExactly(c.hash(), ab.hash());
        assertThat(built).hasSize(2).containsEntry(ab.hash(), ab).doesNotContainKey(A)
                .isEqualTo(Map.of(c.hash(), c, ab.hash(), ab)).hasSameHashCodeAs(Map.of(c.hash(), c, ab.hash(), ab));
        assertThat(built.get(c.hash())).isSameAs(c);
        assertThat(List.copyOf(stale)).containsExactly(B, A);
        assertThat(stale).contains(A).doesNotContain(C).isEqualTo(Set.of(A, B)).hasSameHashCodeAs(Set.of(A, B));
        assertThatThrownBy(() -> built.put(A, c)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> built.entrySet().iterator().next().setValue(ab))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> built.remove(c.hash())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> stale.remove(A)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> stale.iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
    }
}
