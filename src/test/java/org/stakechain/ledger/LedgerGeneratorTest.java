package org.stakechain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.testing.Seeds;
import org.stakechain.testing.TestChain;
import org.stakechain.testing.TestData;

/**
 * Random chains of random transactions (valid, failing and unincludable), from seeds. Replay one with
 * {@code -Dledger.seed=N}; run more with {@code -Dledger.seeds=N}.
 */
class LedgerGeneratorTest {

    private static List<KeyPair> people(TestData data) {
        List<KeyPair> people = new ArrayList<>();
        for (String name : List.of("charles", "edwin", "oliver", "erick", "sonia", "treasury")) {
            people.add(DemoGenesis.key(name));
        }
        return people;
    }

    @Test
    void randomChainsConserveSupplyKeepBalancesNonNegativeAndReplayIdentically() {
        for (long seed : Seeds.of("ledger.seed", 1_000, 25)) {
            try {
                runChain(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("ledger generator failed for seed " + seed + " (replay: -Dledger.seed=" + seed + ")", e);
            }
        }
    }

    private void runChain(long seed) {
        TestData data = new TestData(seed);
        ChainParams params = ChainParams.defaults(DemoGenesis.CHAIN_ID).withEpochLength(1 + data.random().nextInt(6));
        TestChain chain = TestChain.demo(params);
        TestChain replica = TestChain.demo(params);
        List<KeyPair> people = people(data);
        people.forEach(k -> {
            chain.addKey(k);
            replica.addKey(k);
        });
        int heights = 8 + data.random().nextInt(8);
        for (int h = 0; h < heights; h++) {
            List<Transaction> candidates = data.transactions(params, chain.state(), people, data.random().nextInt(12));
            BlockBuilder.Built built = chain.build(data.pick(activeKeys(chain)), candidates);
            Block block = built.block();
            // the builder chooses and executes in one pass: what choosing alone picks, and what applying gives
            assertThat(block.transactions())
                    .isEqualTo(StateTransition.selectIncludable(params, chain.state(), candidates));
            BlockOutcome applied = StateTransition.apply(params, chain.state(), block);
            assertThat(applied).isInstanceOf(BlockOutcome.Applied.class);
            assertThat(built.outcome().changes().stateRoot())
                    .isEqualTo(((BlockOutcome.Applied) applied).changes().stateRoot());
            assertThat(built.outcome().changes().chain()).isEqualTo(((BlockOutcome.Applied) applied).changes().chain());
            assertThat(built.outcome().changes().accounts())
                    .isEqualTo(((BlockOutcome.Applied) applied).changes().accounts());
            assertThat(built.outcome().receipts()).isEqualTo(((BlockOutcome.Applied) applied).receipts());
            BlockOutcome outcome = chain.apply(block);
            assertThat(outcome).isInstanceOf(BlockOutcome.Applied.class);
            assertThat(replica.apply(block)).isInstanceOf(BlockOutcome.Applied.class);
            assertThat(replica.state().stateRoot()).isEqualTo(chain.state().stateRoot());

            MemoryLedgerState s = chain.state();
            assertThat(s.totalHoldings()).as("supply conserved at height %d", h + 1)
                    .isEqualTo(s.chain().expectedHoldings());
            s.accounts().values().forEach(a -> {
                assertThat(a.balance()).isNotNegative();
                assertThat(a.staked()).isNotNegative();
            });
            assertThat(s.chain().validators().isEmpty()).isFalse();

            // every included transaction, offered again, makes the next block invalid
            if (!block.transactions().isEmpty()) {
                Transaction replayed = data.pick(block.transactions());
                Block next = chain.forge(data.pick(activeKeys(chain)), List.of());
                Block withReplay = withTransactions(next, List.of(replayed));
                assertThat(chain.apply(withReplay)).isInstanceOf(BlockOutcome.Rejected.class);
            }
        }
    }

    private static List<KeyPair> activeKeys(TestChain chain) {
        List<KeyPair> keys = new ArrayList<>();
        for (String name : List.of("charles", "edwin", "oliver", "erick", "sonia", "treasury")) {
            KeyPair k = DemoGenesis.key(name);
            if (chain.state().chain().validators().contains(k.publicKey())) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static Block withTransactions(Block template, List<Transaction> txs) {
        var h = template.header();
        return Block.of(new org.stakechain.ledger.block.BlockHeader(h.chainId(), h.height(), h.round(), h.previousHash(),
                h.timestampMillis(), h.forger(), h.beaconReveal(), Block.txRootOf(txs), h.stateRoot(), h.lastCommitHash()),
                txs, template.lastCommit());
    }
}
