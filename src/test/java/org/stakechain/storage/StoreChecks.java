package org.stakechain.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.Account;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.state.ChainState;
import org.stakechain.ledger.state.InMemoryTreeNodeStore;
import org.stakechain.ledger.state.SparseMerkleTree;
import org.stakechain.ledger.state.StateKeys;
import org.stakechain.ledger.state.TreeNode;
import org.stakechain.ledger.state.TreeNodeReader;

/** Whole-store checks: what must hold of a store after any sequence of commits, crashes included. */
final class StoreChecks {
    private StoreChecks() {
    }

    /** The state root recomputed from scratch from the stored accounts, evidence and chain state. */
    static Hash recomputedRoot(KeyValueReader kv) {
        SortedMap<Hash, Optional<Hash>> all = new TreeMap<>();
        for (KeyValue e : kv.scan(Column.ACCOUNTS, new byte[0], null, Integer.MAX_VALUE)) {
            all.put(StateKeys.account(Address.wrap(e.key())), Optional.of(Hash.of(Account.decode(e.value()).encode())));
        }
        for (KeyValue e : kv.scan(Column.EVIDENCE, new byte[0], null, Integer.MAX_VALUE)) {
            all.put(StateKeys.evidence(Hash.wrap(e.key())), Optional.of(StateKeys.EVIDENCE_MARK));
        }
        ChainState chain = ChainState.decode(kv.get(Column.META, ChainStore.META_CHAIN).orElseThrow());
        all.put(StateKeys.CHAIN_KEY, Optional.of(Hash.of(chain.commitmentBytes())));
        return SparseMerkleTree.update(Hash.ZERO, all, InMemoryTreeNodeStore.empty()).root();
    }

    /**
     * Hashes of every tree node reachable from {@code root} through a view's reader: the root read from it, the rest
     * through the nodes' links (all a store that holds trees by their roots has), each node's hash recomputed from its
     * encoding and each link checked against the hash its parent names.
     */
    static Set<Hash> reachable(TreeNodeReader nodes, Hash root) {
        Set<Hash> out = new HashSet<>();
        if (root.isZero()) {
            return out;
        }
        TreeNode top = nodes.node(root).orElseThrow(() -> new AssertionError("the root " + root + " is not held"));
        SparseMerkleTree.walkLinked(top, node -> {
            assertThat(Hash.of(node.encode())).as("held node hashes to its key").isEqualTo(node.hash());
            assertThat(out.add(node.hash())).as("node %s met once", node.hash()).isTrue();
        });
        return out;
    }

    /**
     * Every final block up to the head is present, decodable, linked to its parent, indexed by hash and certified;
     * the head state's root equals the head header's and the root recomputed from the stored state; the in-memory
     * tree under it is whole and every node in it hashes right, no other root is held, and no tree node is persisted.
     */
    static void verifyWholeStore(ChainStore store, KeyValueReader kv) {
        Head head = store.head();
        Hash previous = store.genesisHash().orElseThrow();
        for (long h = 1; h <= head.height(); h++) {
            Block block = store.block(h).orElseThrow(() -> new AssertionError("final block missing"));
            assertThat(block.height()).isEqualTo(h);
            assertThat(block.header().previousHash()).as("block %d links to its parent", h).isEqualTo(previous);
            assertThat(store.heightOf(block.hash())).contains(h);
            CommitCertificate cert = store.certificate(h).orElseThrow();
            assertThat(cert.blockHash()).isEqualTo(block.hash());
            for (int i = 0; i < block.transactions().size(); i++) {
                TransactionLocation at = store.transaction(block.transactions().get(i).hash()).orElseThrow();
                assertThat(at.height()).isEqualTo(h);
                assertThat(at.index()).isEqualTo(i);
            }
            previous = block.hash();
        }
        assertThat(head.blockHash()).isEqualTo(previous);
        assertThat(store.block(head.height() + 1)).as("nothing past the head").isEmpty();
        Hash headerRoot = head.height() == 0 ? head.stateRoot() : store.block(head.height()).orElseThrow().header().stateRoot();
        assertThat(head.stateRoot()).isEqualTo(headerRoot);
        assertThat(recomputedRoot(kv)).as("root recomputed from the stored state").isEqualTo(headerRoot);
        try (HeadState state = store.headState()) {
            assertThat(state.stateRoot()).isEqualTo(headerRoot);
            assertThat(state.chain().height()).isEqualTo(head.height());
            Set<Hash> live = reachable(state.treeNodes(), headerRoot);
            assertThat(store.treeNodeCount()).as("nodes of the head's tree").isEqualTo(live.size());
            assertThat(store.treeHasPendingRoot()).as("a root held besides the head's").isFalse();
        }
        assertThat(kv.scan(Column.TREE_NODES, new byte[0], null, 1)).as("tree nodes persisted").isEmpty();
    }
}
