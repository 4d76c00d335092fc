package org.stakechain.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stakechain.ledger.Account;
import org.stakechain.ledger.block.Block;

/** Targeted runs: one fault each, on a calm network, with the invariants checked after every one. */
class ScenarioTest {

    private static SimulationResult runAndCheck(Scenario scenario) {
        SimulationResult result = new Simulation(scenario).run();
        try {
            Invariants.check(result);
        } catch (AssertionError e) {
            throw new AssertionError(scenario.describe() + "\n" + e.getMessage() + "\n" + result.summary(), e);
        }
        return result;
    }

    @Test
    void withTwentyFourPercentOfTheStakeOfflineTheChainKeepsFinalizing() {
        Scenario s = Scenario.calm(11, List.of(240L, 250L, 250L, 260L), 20_000).withCrash(0, 10, -1);
        SimulationResult r = runAndCheck(s);
        for (int i = 1; i < 4; i++) {
            assertThat(r.simulation().node(i).height()).as("v" + i).isGreaterThanOrEqualTo(10);
        }
        assertThat(r.simulation().node(0).height()).isZero();
    }

    @Test
    void withTwentySixPercentOfflineTheChainHaltsSafelyAndResumesWhenTheyReturn() {
        Scenario s = Scenario.calm(12, List.of(260L, 250L, 250L, 240L), 30_000).withCrash(0, 10, 15_000);
        SimulationResult r = runAndCheck(s);
        for (SimNode n : r.simulation().nodes()) {
            assertThat(n.commitTimes()).as(n.name() + " finalized nothing while 26% was away")
                    .allMatch(t -> t >= Simulation.GENESIS_TIME + 15_000);
            assertThat(n.height()).as(n.name() + " resumed").isGreaterThanOrEqualTo(8);
        }
    }

    @Test
    void anEquivocatingForgerIsSlashedOnEveryHonestNode() {
        Scenario s = Scenario.calm(13, List.of(100L, 300L, 300L, 300L), 25_000).withRole(0, Role.EQUIVOCATING_FORGER);
        SimulationResult r = runAndCheck(s);
        assertThat(r.simulation().injections()).anyMatch(Simulation.Injection::observed);
        assertOffenderJailedEverywhere(r);
    }

    @Test
    void aDoubleVoterIsSlashedOnEveryHonestNode() {
        Scenario s = Scenario.calm(14, List.of(100L, 300L, 300L, 300L), 20_000).withRole(0, Role.DOUBLE_VOTER);
        SimulationResult r = runAndCheck(s);
        assertThat(r.simulation().injections()).anyMatch(Simulation.Injection::observed);
        assertOffenderJailedEverywhere(r);
    }

    @Test
    void invalidBlocksAreNeverFinalAndTheChainGoesOn() {
        Scenario s = Scenario.calm(15, List.of(100L, 300L, 300L, 300L), 25_000).withRole(0, Role.INVALID_PROPOSER);
        SimulationResult r = runAndCheck(s);
        assertThat(r.simulation().invalidBlocks()).isPositive();
        SimNode honest = r.simulation().node(1);
        assertThat(honest.height()).isGreaterThanOrEqualTo(12);
        assertThat(honest.blocks()).map(Block::header)
                .noneMatch(h -> h.forger().equals(r.simulation().node(0).key().publicKey()));
    }

    @Test
    void aCrashedAndRestartedValidatorCatchesUpAndAgrees() {
        Scenario s = Scenario.calm(16, List.of(250L, 250L, 250L, 250L), 25_000).withCrash(2, 5_000, 12_000);
        SimulationResult r = runAndCheck(s);
        SimNode restarted = r.simulation().node(2);
        assertThat(restarted.restarts()).isEqualTo(1);
        long heightAtCrash = restarted.commitTimes().stream().filter(t -> t < Simulation.GENESIS_TIME + 5_000).count();
        assertThat(restarted.height()).isGreaterThan(heightAtCrash + 8).isGreaterThanOrEqualTo(r.maxHonestHeight() - 1);
        for (int h = 0; h < restarted.blocks().size(); h++) {
            assertThat(restarted.blocks().get(h).hash()).isEqualTo(r.simulation().node(0).blocks().get(h).hash());
        }
    }

    private static void assertOffenderJailedEverywhere(SimulationResult r) {
        SimNode offender = r.simulation().node(0);
        for (SimNode n : r.honestNodes()) {
            Account a = n.state().account(offender.key().address());
            assertThat(a.jailed()).as("offender jailed on " + n.name()).isTrue();
            assertThat(a.slashed()).as("offender slashed on " + n.name()).isPositive();
            assertThat(n.state().chain().validators().contains(offender.key().publicKey()))
                    .as("offender out of the active set on " + n.name() + " after the epoch ends").isFalse();
        }
    }
}
