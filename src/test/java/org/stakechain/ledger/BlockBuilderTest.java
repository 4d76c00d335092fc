package org.stakechain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.testing.TestChain;

class BlockBuilderTest {

    /** Found by the simulator: a forger that applied the builder's outcome rejected every next block. */
    @Test
    void builtOutcomeIsWhatApplyingTheSealedBlockGives() {
        TestChain chain = TestChain.demo();
        MemoryLedgerState pre = chain.state();
        BlockBuilder.Built built = BlockBuilder.build(chain.params(), pre, DemoGenesis.key("charles"), 0,
                pre.chain().lastTimestampMillis() + 1_000, List.of(), Optional.empty());
        BlockOutcome.Applied applied = (BlockOutcome.Applied) StateTransition.apply(chain.params(), pre, built.block());

        assertThat(built.outcome().changes().chain().lastBlockHash()).isEqualTo(built.block().hash());
        assertThat(built.outcome().changes().chain()).isEqualTo(applied.changes().chain());
        assertThat(built.outcome().changes().stateRoot()).isEqualTo(applied.changes().stateRoot());
    }
}
