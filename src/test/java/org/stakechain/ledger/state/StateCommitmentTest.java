package org.stakechain.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.Account;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.Unbonding;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.genesis.Genesis;

/**
 * {@link StateCommitment#update} builds the tree batch as sorted arrays; before, it built a {@code TreeMap} of
 * optionals and called the sorted-map entry of the tree. Seeded runs of random blocks (new, changed and emptied
 * accounts, evidence, the chain key) check that both paths give the same root and the same node sets, in the
 * same order, and that the root is the one recomputed from the whole key set by definition.
 */
class StateCommitmentTest {

    @Test
    void theArrayBatchAgreesWithTheSortedMapBatchAndTheDefinition() {
        SeededRuns.forEach("theArrayBatchAgreesWithTheSortedMapBatchAndTheDefinition", 40, this::runBlocks);
    }

    private void runBlocks(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ChainState chain = DemoGenesis.create(0).initialChanges().chain();
        InMemoryTreeNodeStore store = InMemoryTreeNodeStore.empty();
        TreeMap<Hash, Hash> model = new TreeMap<>();
        List<Address> known = new ArrayList<>();
        Hash root = Hash.ZERO;
        int blocks = 3 + random.nextInt(8);
        for (int b = 0; b < blocks; b++) {
            Map<Address, Account> accounts = new LinkedHashMap<>();
            int touched = random.nextInt(4) == 0 ? random.nextInt(400) : random.nextInt(20);
            for (int i = 0; i < touched; i++) {
                Address address = !known.isEmpty() && random.nextBoolean()
                        ? known.get(random.nextInt(known.size())) : randomAddress(random);
                accounts.put(address, randomAccount(random));
                known.add(address);
            }
            Set<Hash> evidence = new LinkedHashSet<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                evidence.add(randomHash(random));
            }
            chain = chain.withSupply(chain.minted() + 1, chain.burned());
            LedgerState pre = new StubState(root, store);

            TreeUpdate arrays = StateCommitment.update(pre, accounts, evidence, chain);
            SortedMap<Hash, Optional<Hash>> batch = sortedMapBatch(accounts, evidence, chain);
            TreeUpdate sortedMap = SparseMerkleTree.update(root, batch, store);

            assertThat(arrays.root()).as("block %d", b).isEqualTo(sortedMap.root());
            assertThat(List.copyOf(arrays.newNodes().keySet())).isEqualTo(List.copyOf(sortedMap.newNodes().keySet()));
            assertThat(List.copyOf(arrays.staleNodes())).isEqualTo(List.copyOf(sortedMap.staleNodes()));
            batch.forEach((key, value) -> {
                if (value.isPresent()) {
                    model.put(key, value.get());
                } else {
                    model.remove(key);
                }
            });
            assertThat(arrays.root()).as("block %d against the definition", b).isEqualTo(NaiveStateRoot.of(model));
            store.write(arrays);
            root = arrays.root();
        }
    }

    /** What StateCommitment did before the arrays: a TreeMap of optionals, emptied accounts as deletes. */
    private static SortedMap<Hash, Optional<Hash>> sortedMapBatch(Map<Address, Account> accounts, Set<Hash> evidence,
                                                                  ChainState chain) {
        SortedMap<Hash, Optional<Hash>> changes = new TreeMap<>();
        accounts.forEach((address, a) -> changes.put(StateKeys.account(address),
                a.equals(Account.EMPTY) ? Optional.empty() : Optional.of(Hash.of(a.encode()))));
        evidence.forEach(id -> changes.put(StateKeys.evidence(id), Optional.of(StateKeys.EVIDENCE_MARK)));
        changes.put(StateKeys.CHAIN_KEY, Optional.of(Hash.of(chain.commitmentBytes())));
        return changes;
    }

    @Test
    void theArrayEntryRejectsKeysOutOfOrderOrRepeatedAndMismatchedLengths() {
        Hash a = Hash.parse("01".repeat(32));
        Hash b = Hash.parse("02".repeat(32));
        InMemoryTreeNodeStore store = InMemoryTreeNodeStore.empty();
        assertThatThrownBy(() -> SparseMerkleTree.update(Hash.ZERO, new Hash[] {b, a}, new Hash[] {a, a}, store))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly ascending");
        assertThatThrownBy(() -> SparseMerkleTree.update(Hash.ZERO, new Hash[] {a, a}, new Hash[] {a, a}, store))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly ascending");
        assertThatThrownBy(() -> SparseMerkleTree.update(Hash.ZERO, new Hash[] {a}, new Hash[] {}, store))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SparseMerkleTree.update(Hash.ZERO, new Hash[] {a, b}, new Hash[] {b, null}, store).root())
                .isEqualTo(LeafNode.of(a, b).hash());
    }

    /** Roots computed before the batch became arrays (and before the tree's collections stopped being copied). */
    @Test
    void genesisRootsStayTheSame() {
        assertThat(DemoGenesis.create(0).initialChanges().stateRoot().hex())
                .isEqualTo("8a833aaa1d5c7ae6e1d9a8acd6c4cbce356efa4c06abc6d152702b54170a4b80");
        List<Genesis.GenesisAccount> accounts = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            byte[] raw = Arrays.copyOf(Hash.of(("golden/" + i).getBytes(StandardCharsets.US_ASCII)).bytes(), Address.LENGTH);
            accounts.add(new Genesis.GenesisAccount("", Address.wrap(raw), i + 1));
        }
        KeyPair validator = KeyPair.deterministic("golden/validator");
        Genesis genesis = new Genesis(ChainParams.defaults("golden"), 0, accounts,
                List.of(new Genesis.GenesisValidator("v", validator.publicKey(), Coins.of(100))));
        assertThat(genesis.initialChanges().stateRoot().hex())
                .isEqualTo("589e72a44648dcd78324cc4d14d128548865b4992cdb18a9d17c29599b91745b");
    }

    private static Account randomAccount(SplittableRandom random) {
        if (random.nextInt(6) == 0) {
            return Account.EMPTY; // a delete (an account emptied, or one that never existed)
        }
        List<Unbonding> unbonding = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            unbonding.add(new Unbonding(1 + random.nextInt(1000), 10L * (unbonding.size() + 1)));
        }
        return new Account(random.nextInt(1_000_000), random.nextInt(100), random.nextInt(3) == 0 ? 0 : random.nextInt(500),
                unbonding, random.nextInt(10) == 0, false, 0);
    }

    private static Address randomAddress(SplittableRandom random) {
        byte[] raw = new byte[Address.LENGTH];
        random.nextBytes(raw);
        return Address.wrap(raw);
    }

    private static Hash randomHash(SplittableRandom random) {
        byte[] raw = new byte[Hash.LENGTH];
        random.nextBytes(raw);
        return Hash.wrap(raw);
    }

    /** Only what StateCommitment reads: the root and the nodes. */
    private record StubState(Hash stateRoot, TreeNodeReader treeNodes) implements LedgerState {
        @Override
        public ChainState chain() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Account account(Address address) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean hasEvidence(Hash evidenceId) {
            throw new UnsupportedOperationException();
        }
    }
}
