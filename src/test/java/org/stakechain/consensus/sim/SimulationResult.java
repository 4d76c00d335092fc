package org.stakechain.consensus.sim;

import java.nio.ByteBuffer;
import java.util.List;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.block.Block;

/** What one run did, for the invariants, the report line and the reproducibility check. */
public record SimulationResult(Simulation simulation, long wallMillis) {

    public List<SimNode> honestNodes() {
        return simulation.nodes().stream().filter(n -> n.role().honest()).toList();
    }

    public long maxHonestHeight() {
        return honestNodes().stream().mapToLong(SimNode::height).max().orElse(0);
    }

    public long minHonestHeight() {
        return honestNodes().stream().mapToLong(SimNode::height).min().orElse(0);
    }

    /** A digest of everything observable: every node's blocks and the network's counters. Equal for equal seeds. */
    public Hash fingerprint() {
        ByteBuffer counters = ByteBuffer.allocate(32);
        SimulatedNetwork net = simulation.network();
        counters.putLong(net.sent()).putLong(net.delivered()).putLong(net.dropped())
                .putLong(simulation.events().processed());
        Hash h = Hash.of(counters.array());
        for (SimNode n : simulation.nodes()) {
            for (Block b : n.blocks()) {
                h = Hash.of(h.bytes(), b.hash().bytes());
            }
            for (Long t : n.commitTimes()) {
                h = Hash.of(h.bytes(), ByteBuffer.allocate(8).putLong(t).array());
            }
        }
        return h;
    }

    public String summary() {
        SimulatedNetwork net = simulation.network();
        return "heights " + simulation.nodes().stream().map(n -> n.name() + "=" + n.height()).toList()
                + ", messages sent " + net.sent() + " delivered " + net.delivered() + " dropped " + net.dropped()
                + ", events " + simulation.events().processed() + ", txs " + simulation.transactionsSubmitted()
                + ", equivocations " + simulation.injections().size() + ", evidence reports " + simulation.evidenceReports()
                + ", invalid blocks " + simulation.invalidBlocks() + ", " + wallMillis + " ms wall";
    }
}
