package org.stakechain.consensus.sim;

import java.util.ArrayList;
import java.util.List;
import org.stakechain.ledger.BlockOutcome;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.StateTransition;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.state.MemoryLedgerState;

/**
 * What must hold after every run, whatever the faults:
 * <ol>
 *   <li>no violation was recorded while running (an honest node signing two conflicting messages, a commit out of order);</li>
 *   <li>agreement: no two honest nodes hold different final blocks at one height;</li>
 *   <li>validity: the chain re-applies from genesis under {@link StateTransition}, each block's certificate verifies
 *       against its height's validators, and each honest node's state root is the replayed one at its height;</li>
 *   <li>supply: in every replayed state and every node's state, holdings equal genesis + minted - burned;</li>
 *   <li>accountability: every injected equivocation that some honest node received both sides of has its
 *       offender jailed within 10 heights, and no honest validator is ever jailed;</li>
 *   <li>liveness: when honest validators that are up hold the quorum, every honest node gains at least
 *       {@code minNewHeights} heights in the last {@code livenessWindowMillis} of the run.</li>
 * </ol>
 */
public final class Invariants {
    public static final int SLASHING_DEADLINE_HEIGHTS = 10;

    /** How much of the run the checks could look at. */
    public record Report(long replayedHeight, int equivocationsChecked, int equivocationsTooLate,
                         int equivocationsUnobserved) {
    }

    private Invariants() {
    }

    public static Report check(SimulationResult result) {
        Simulation sim = result.simulation();
        ChainParams params = sim.params();
        List<String> problems = new ArrayList<>(sim.violations());
        List<SimNode> honest = result.honestNodes();

        SimNode longest = honest.stream().max((a, b) -> Long.compare(a.height(), b.height())).orElseThrow();
        for (SimNode n : honest) {
            for (int i = 0; i < n.blocks().size(); i++) {
                Block mine = n.blocks().get(i);
                Block theirs = longest.blocks().get(i);
                if (!mine.hash().equals(theirs.hash())) {
                    problems.add("agreement: at height " + (i + 1) + " " + n.name() + " has " + mine.hash().shortHex()
                            + " but " + longest.name() + " has " + theirs.hash().shortHex());
                    break;
                }
            }
        }

        List<MemoryLedgerState> states = new ArrayList<>();
        MemoryLedgerState s = sim.genesis().initialState();
        states.add(s);
        checkSupply(s, "genesis", problems);
        for (int i = 0; i < longest.blocks().size() && problems.isEmpty(); i++) {
            Block b = longest.blocks().get(i);
            CommitCertificate cert = longest.certificates().get(i);
            if (cert.verify(params, s.chain().validatorsAt(params, b.height())) instanceof CommitCertificate.Invalid bad) {
                problems.add("validity: certificate of block " + b.height() + ": " + bad.reason());
            }
            if (!cert.blockHash().equals(b.hash())) {
                problems.add("validity: certificate of block " + b.height() + " is for another block");
            }
            BlockOutcome outcome = StateTransition.apply(params, s, b);
            if (outcome instanceof BlockOutcome.Rejected rejected) {
                problems.add("validity: final block " + b.height() + " does not apply: " + rejected.reason());
                break;
            }
            s = s.apply(((BlockOutcome.Applied) outcome).changes());
            states.add(s);
            checkSupply(s, "height " + b.height(), problems);
        }
        for (SimNode n : honest) {
            if (n.height() < states.size() && !n.state().stateRoot().equals(states.get((int) n.height()).stateRoot())) {
                problems.add("validity: " + n.name() + "'s state at height " + n.height() + " differs from the replay");
            }
            checkSupply(n.state(), n.name(), problems);
        }

        int checked = 0;
        int tooLate = 0;
        int unobserved = 0;
        for (Simulation.Injection inj : sim.injections()) {
            if (!inj.observed()) {
                unobserved++;
                continue;
            }
            long deadline = inj.height() + SLASHING_DEADLINE_HEIGHTS;
            if (deadline >= states.size()) {
                tooLate++;
                continue;
            }
            checked++;
            if (!states.get((int) deadline).account(inj.offender().address()).jailed()) {
                problems.add("accountability: " + inj.node() + " equivocated at height " + inj.height() + " ("
                        + inj.atMillis() + " ms) but is not jailed at height " + deadline);
            }
        }
        MemoryLedgerState last = states.get(states.size() - 1);
        for (SimNode n : honest) {
            if (last.account(n.key().address()).jailed()) {
                problems.add("accountability: honest " + n.name() + " was jailed");
            }
        }

        Scenario scenario = sim.scenario();
        if (scenario.expectsLiveness(params)) {
            long windowStart = Simulation.GENESIS_TIME + scenario.endMillis() - scenario.livenessWindowMillis();
            for (SimNode n : honest) {
                if (!n.online()) {
                    continue;
                }
                long gained = n.commitTimes().stream().filter(t -> t >= windowStart).count();
                if (gained < scenario.minNewHeights()) {
                    problems.add("liveness: " + n.name() + " gained " + gained + " heights in the last "
                            + scenario.livenessWindowMillis() + " ms, expected at least " + scenario.minNewHeights());
                }
            }
        }

        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
        return new Report(states.size() - 1, checked, tooLate, unobserved);
    }

    private static void checkSupply(MemoryLedgerState s, String where, List<String> problems) {
        if (s.totalHoldings() != s.chain().expectedHoldings()) {
            problems.add("supply at " + where + ": accounts hold " + s.totalHoldings() + ", expected "
                    + s.chain().expectedHoldings());
        }
    }
}
