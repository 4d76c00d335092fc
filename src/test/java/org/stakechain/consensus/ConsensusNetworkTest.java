package org.stakechain.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.stakechain.consensus.lottery.ForgerLottery;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.tx.SlashingEvidence;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.ledger.Coins;
import org.stakechain.testing.Seeds;

/** Several engines in one process, wired by {@link LoopbackNetwork}, with a fake clock. */
class ConsensusNetworkTest {
    private static final long MINUTE = 60_000;

    private static List<Hash> hashes(LoopbackNetwork.Node n) {
        return n.blocks.stream().map(Block::hash).toList();
    }

    private static void assertAgreeOnEveryBlock(LoopbackNetwork net) {
        for (LoopbackNetwork.Node n : net.nodes) {
            for (LoopbackNetwork.Node m : net.nodes) {
                int common = Math.min(n.blocks.size(), m.blocks.size());
                assertThat(hashes(n).subList(0, common)).as(n + " vs " + m).isEqualTo(hashes(m).subList(0, common));
            }
            for (int i = 0; i < n.blocks.size(); i++) {
                CommitCertificate c = n.certificates.get(i);
                assertThat(c.blockHash()).isEqualTo(n.blocks.get(i).hash());
            }
        }
    }

    @Test
    void fourDemoValidatorsFinalizeTheSameBlocks() {
        LoopbackNetwork net = new LoopbackNetwork(ConsensusFixtures.demoGenesis(), ConsensusFixtures.demoKeys(),
                TransactionSource.none(), Optional.empty());
        net.start();
        assertThat(net.runUntilAllOnlineReach(6, net.now + MINUTE)).isTrue();
        assertAgreeOnEveryBlock(net);
        for (LoopbackNetwork.Node n : net.nodes) {
            assertThat(n.state.stateRoot()).isEqualTo(net.nodes.get(0).state.stateRoot());
        }
        // one block per slot: the engines wait out the slot after each commit
        List<Block> blocks = net.nodes.get(0).blocks;
        for (int i = 1; i < blocks.size(); i++) {
            assertThat(blocks.get(i).header().timestampMillis() - blocks.get(i - 1).header().timestampMillis())
                    .isGreaterThanOrEqualTo(net.params.slotMillis());
        }
        // every block was forged by the lottery's winner of its round
        assertThat(blocks.get(0).header().forger())
                .isEqualTo(ForgerLottery.forgerOf(ConsensusFixtures.demoGenesis().initialState().chain(), 1,
                        blocks.get(0).header().round()).forger().publicKey());
        assertThat(net.verdicts).doesNotContainKey(Verdict.REJECT);
        assertThat(net.evidence).isEmpty();
    }

    @Test
    void transactionsFromTheSourceEndUpInAFinalBlock() {
        KeyPair treasury = DemoGenesis.key("treasury");
        KeyPair erick = DemoGenesis.key("erick");
        Transaction pay = Transaction.sign(DemoGenesis.CHAIN_ID, treasury, 0, 1_000,
                new TxPayload.Transfer(erick.address(), Coins.of(10)));
        TransactionSource mempool = state -> state.account(treasury.address()).nonce() == 0 ? List.of(pay) : List.of();
        LoopbackNetwork net = new LoopbackNetwork(ConsensusFixtures.demoGenesis(), ConsensusFixtures.demoKeys(),
                mempool, Optional.empty());
        net.start();
        assertThat(net.runUntilAllOnlineReach(2, net.now + MINUTE)).isTrue();
        for (LoopbackNetwork.Node n : net.nodes) {
            assertThat(n.state.account(erick.address()).balance()).isEqualTo(Coins.of(100));
        }
    }

    @Test
    void aSilentForgerIsPassedOverAndRoundOneFinalizes() {
        Genesis genesis = ConsensusFixtures.genesisWithStakes(100, 100, 100, 100);
        LoopbackNetwork net = new LoopbackNetwork(genesis, ConsensusFixtures.keysOf(4), TransactionSource.none(),
                Optional.empty());
        var first = ForgerLottery.forgerOf(genesis.initialState().chain(), 1, 0).forger().publicKey();
        net.dropOutgoing = (node, m) -> node.key.publicKey().equals(first) && m instanceof ConsensusMessage.Proposal p
                && p.proposal().round() == 0;
        net.start();
        assertThat(net.runUntilAllOnlineReach(1, net.now + MINUTE)).isTrue();
        assertAgreeOnEveryBlock(net);
        Block block = net.nodes.get(0).blocks.get(0);
        assertThat(block.header().round()).isGreaterThanOrEqualTo(1);
        assertThat(net.nodes.get(0).certificates.get(0).round()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void withTwentyFourPercentOfTheStakeOfflineBlocksKeepBecomingFinal() {
        Genesis genesis = ConsensusFixtures.genesisWithStakes(2_400, 2_600, 2_500, 2_500);
        LoopbackNetwork net = new LoopbackNetwork(genesis, ConsensusFixtures.keysOf(4), TransactionSource.none(),
                Optional.empty());
        net.setOnline(net.node("v0"), false);
        net.start();
        assertThat(net.runUntilAllOnlineReach(5, net.now + 5 * MINUTE)).isTrue();
        assertThat(net.node("v0").blocks).isEmpty();
        assertAgreeOnEveryBlock(net);
    }

    @Test
    void withTwentySixPercentOfTheStakeOfflineNothingIsFinalUntilItReturns() {
        Genesis genesis = ConsensusFixtures.genesisWithStakes(2_400, 2_600, 2_500, 2_500);
        LoopbackNetwork net = new LoopbackNetwork(genesis, ConsensusFixtures.keysOf(4), TransactionSource.none(),
                Optional.empty());
        net.start();
        assertThat(net.runUntilAllOnlineReach(2, net.now + MINUTE)).isTrue();
        long stuckAt = net.node("v0").height();

        net.setOnline(net.node("v1"), false);
        net.runUntil(() -> false, net.now + 10 * MINUTE);
        for (LoopbackNetwork.Node n : net.nodes) {
            assertThat(n.height()).as(n.toString()).isLessThanOrEqualTo(stuckAt + 1);
        }
        long halted = net.nodes.stream().mapToLong(LoopbackNetwork.Node::height).max().orElseThrow();
        net.runUntil(() -> false, net.now + 10 * MINUTE);
        assertThat(net.nodes.stream().mapToLong(LoopbackNetwork.Node::height).max().orElseThrow()).isEqualTo(halted);

        net.setOnline(net.node("v1"), true);
        assertThat(net.runUntilAllOnlineReach(halted + 3, net.now + 10 * MINUTE)).isTrue();
        assertAgreeOnEveryBlock(net);
    }

    @Test
    void aValidatorThatWasCutOffCatchesUpFromDecidedBlocks() {
        Genesis genesis = ConsensusFixtures.genesisWithStakes(100, 100, 100, 100, 100);
        LoopbackNetwork net = new LoopbackNetwork(genesis, ConsensusFixtures.keysOf(5), TransactionSource.none(),
                Optional.empty());
        net.setOnline(net.node("v4"), false);
        net.start();
        assertThat(net.runUntilAllOnlineReach(4, net.now + 5 * MINUTE)).isTrue();
        assertThat(net.node("v4").blocks).isEmpty();
        net.setOnline(net.node("v4"), true);
        assertThat(net.runUntil(() -> net.node("v4").height() >= 6, net.now + 5 * MINUTE)).isTrue();
        assertAgreeOnEveryBlock(net);
    }

    @Test
    void aSingleValidatorFinalizesOnItsOwn() {
        Genesis genesis = ConsensusFixtures.genesisWithStakes(100);
        LoopbackNetwork net = new LoopbackNetwork(genesis, ConsensusFixtures.keysOf(1), TransactionSource.none(),
                Optional.empty());
        net.start();
        assertThat(net.runUntilAllOnlineReach(5, net.now + MINUTE)).isTrue();
        LoopbackNetwork.Node only = net.nodes.get(0);
        assertThat(only.certificates).allMatch(c -> c.confirmations().size() == 1 && c.round() == 0);
    }

    @Test
    void anyDeliveryOrderFinalizesTheSameBlocksEverywhere() {
        for (long seed : Seeds.of("consensus.seed", 4_000, 6)) {
            System.out.println("anyDeliveryOrderFinalizesTheSameBlocksEverywhere seed " + seed
                    + " (replay with -Dconsensus.seed=" + seed + ")");
            LoopbackNetwork net = new LoopbackNetwork(ConsensusFixtures.demoGenesis(), ConsensusFixtures.demoKeys(),
                    TransactionSource.none(), Optional.of(seed));
            net.start();
            assertThat(net.runUntilAllOnlineReach(4, net.now + 5 * MINUTE)).as("seed " + seed).isTrue();
            assertAgreeOnEveryBlock(net);
            assertThat(net.evidence).as("seed " + seed).isEmpty();
        }
    }

    @Test
    void confirmationsAcrossNodesFormValidCertificates() {
        Genesis genesis = ConsensusFixtures.demoGenesis();
        LoopbackNetwork net = new LoopbackNetwork(genesis, ConsensusFixtures.demoKeys(), TransactionSource.none(),
                Optional.empty());
        net.start();
        assertThat(net.runUntilAllOnlineReach(3, net.now + MINUTE)).isTrue();
        var validators = genesis.initialState().chain().validators();
        List<CommitCertificate.Check> checks = new ArrayList<>();
        for (CommitCertificate c : net.nodes.get(0).certificates) {
            checks.add(c.verify(genesis.params(), validators));
        }
        assertThat(checks).allMatch(c -> c instanceof CommitCertificate.Valid);
    }

    @Test
    void aValidatorThatAttestsTwiceIsReportedByEveryHonestNodeAndTheChainGoesOn() {
        Genesis genesis = ConsensusFixtures.genesisWithStakes(100, 100, 100, 100, 100);
        LoopbackNetwork net = new LoopbackNetwork(genesis, ConsensusFixtures.keysOf(5), TransactionSource.none(),
                Optional.empty());
        LoopbackNetwork.Node cheat = net.node("v2");
        net.extraOutgoing = (node, m) -> {
            if (node == cheat && m instanceof ConsensusMessage.VoteMessage v && v.vote().kind() == VoteKind.ATTEST
                    && v.vote().blockHash().isPresent()) {
                return List.of(ConsensusFixtures.vote(net.params, VoteKind.ATTEST, v.vote().height(), v.vote().round(),
                        Optional.empty(), cheat.key));
            }
            return List.of();
        };
        net.start();
        assertThat(net.runUntilAllOnlineReach(3, net.now + MINUTE)).isTrue();
        assertAgreeOnEveryBlock(net);
        assertThat(net.evidence).isNotEmpty();
        assertThat(net.evidence).allMatch(e -> e.offender().equals(cheat.key.publicKey()) && e.isValid(net.params.chainId()));
        // each honest node reports each offence once
        long offences = net.evidence.stream().map(SlashingEvidence::id).distinct().count();
        assertThat(net.evidence).hasSize((int) offences * 4);
    }

    @Test
    void heightsAcrossSeveralEpochBoundariesFinalizeWithTheEpochsLotterySeeds() {
        Genesis genesis = ConsensusFixtures.genesisWithStakes(
                org.stakechain.ledger.ChainParams.defaults(ConsensusFixtures.CHAIN_ID).withEpochLength(2), 100, 200, 300, 400);
        LoopbackNetwork net = new LoopbackNetwork(genesis, ConsensusFixtures.keysOf(4), TransactionSource.none(),
                Optional.empty());
        net.start();
        assertThat(net.runUntilAllOnlineReach(7, net.now + 2 * MINUTE)).isTrue();
        assertAgreeOnEveryBlock(net);
        assertThat(net.nodes.get(0).state.chain().lotterySeed())
                .isNotEqualTo(genesis.initialState().chain().lotterySeed());
    }
}
