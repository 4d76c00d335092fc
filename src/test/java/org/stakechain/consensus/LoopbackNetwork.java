package org.stakechain.consensus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import org.stakechain.consensus.protection.InMemorySlashingProtection;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.tx.SlashingEvidence;

/**
 * A tiny synchronous host for several engines in one test: every Broadcast goes to the other online nodes,
 * every Commit is applied and stored, and time is fake: it jumps to the next timer only when no message is in
 * flight. "Offline" means cut off from the network: the node's clock and timers run on, but nothing it sends
 * arrives and nothing reaches it. Delivery order is FIFO, or random from a seed.
 */
final class LoopbackNetwork {

    final class Node {
        final int index;
        final String name;
        final KeyPair key;
        final ConsensusEngine engine;
        final InMemorySlashingProtection protection = new InMemorySlashingProtection();
        MemoryLedgerState state;
        final List<Block> blocks = new ArrayList<>();
        final List<CommitCertificate> certificates = new ArrayList<>();
        boolean online = true;

        Node(int index, String name, KeyPair key, MemoryLedgerState genesisState, TransactionSource txs) {
            this.index = index;
            this.name = name;
            this.key = key;
            this.state = genesisState;
            this.engine = new ConsensusEngine(params, Optional.of(key), genesisState, protection, txs);
        }

        long height() {
            return state.chain().height();
        }

        @Override
        public String toString() {
            return name + "@" + engine.height() + "/" + engine.round() + "/" + engine.step();
        }
    }

    private record Delivery(Node to, ConsensusMessage message) {
    }

    private record Timer(long at, long seq, Node node, Timeout timeout) {
    }

    final ChainParams params;
    final List<Node> nodes = new ArrayList<>();
    final List<SlashingEvidence> evidence = new ArrayList<>();
    final Map<Verdict, Integer> verdicts = new HashMap<>();
    private final List<Delivery> inFlight = new ArrayList<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            Comparator.comparingLong(Timer::at).thenComparingLong(Timer::seq));
    private final SplittableRandom random;
    private long seq;
    long now;
    /** Drops a broadcast when it answers true: (sender, message). */
    BiPredicate<Node, ConsensusMessage> dropOutgoing = (n, m) -> false;
    /** Extra messages a node sends along with one of its broadcasts: how a test makes a node byzantine. */
    java.util.function.BiFunction<Node, ConsensusMessage, List<ConsensusMessage>> extraOutgoing = (n, m) -> List.of();

    LoopbackNetwork(Genesis genesis, Map<String, KeyPair> validatorKeys, TransactionSource txs, Optional<Long> shuffleSeed) {
        this.params = genesis.params();
        this.now = genesis.genesisTimeMillis();
        this.random = shuffleSeed.map(SplittableRandom::new).orElse(null);
        MemoryLedgerState initial = genesis.initialState();
        int i = 0;
        for (Map.Entry<String, KeyPair> e : validatorKeys.entrySet()) {
            nodes.add(new Node(i++, e.getKey(), e.getValue(), initial, txs));
        }
    }

    Node node(String name) {
        return nodes.stream().filter(n -> n.name.equals(name)).findFirst().orElseThrow();
    }

    void start() {
        for (Node n : nodes) {
            perform(n, n.engine.start(now));
        }
    }

    void setOnline(Node node, boolean online) {
        node.online = online;
        if (online) {
            // reconnecting peers exchange what they hold for their current heights
            for (Node other : nodes) {
                if (other != node && other.online) {
                    other.engine.messagesToGossip().forEach(m -> inFlight.add(new Delivery(node, m)));
                    node.engine.messagesToGossip().forEach(m -> inFlight.add(new Delivery(other, m)));
                }
            }
        }
    }

    /** Runs until {@code done} holds or the clock passes {@code deadline}; returns whether {@code done} held. */
    boolean runUntil(BooleanSupplier done, long deadline) {
        while (!done.getAsBoolean()) {
            if (!inFlight.isEmpty()) {
                Delivery d = inFlight.remove(random == null ? 0 : random.nextInt(inFlight.size()));
                if (d.to.online) {
                    Reaction r = d.to.engine.onMessage(d.message, now);
                    verdicts.merge(r.verdict(), 1, Integer::sum);
                    perform(d.to, r.actions());
                }
                continue;
            }
            Timer t = timers.peek();
            if (t == null || t.at > deadline) {
                return false;
            }
            timers.poll();
            now = Math.max(now, t.at);
            perform(t.node, t.node.engine.onTimeout(t.timeout, now));
        }
        return true;
    }

    boolean runUntilAllOnlineReach(long height, long deadline) {
        return runUntil(() -> nodes.stream().filter(n -> n.online).allMatch(n -> n.height() >= height), deadline);
    }

    void perform(Node node, List<Action> actions) {
        for (Action a : actions) {
            if (a instanceof Action.Broadcast b) {
                if (node.online && !dropOutgoing.test(node, b.message())) {
                    List<ConsensusMessage> sent = new ArrayList<>();
                    sent.add(b.message());
                    sent.addAll(extraOutgoing.apply(node, b.message()));
                    for (ConsensusMessage m : sent) {
                        for (Node other : nodes) {
                            if (other != node) {
                                inFlight.add(new Delivery(other, m));
                            }
                        }
                    }
                }
            } else if (a instanceof Action.ScheduleTimeout s) {
                timers.add(new Timer(s.atMillis(), seq++, node, s.timeout()));
            } else if (a instanceof Action.Commit c) {
                node.state = node.state.apply(c.outcome().changes());
                node.blocks.add(c.block());
                node.certificates.add(c.certificate());
                perform(node, node.engine.onCommitted(node.state, now));
            } else if (a instanceof Action.EvidenceFound e) {
                evidence.add(e.evidence());
            } else if (a instanceof Action.NeedSync s) {
                sync(node, s.fromHeight());
            }
        }
    }

    /** Serves a node that fell behind the decided blocks it misses, from the best online peer's store. */
    private void sync(Node node, long fromHeight) {
        if (!node.online) {
            return;
        }
        Node best = null;
        for (Node other : nodes) {
            if (other != node && other.online && (best == null || other.blocks.size() > best.blocks.size())) {
                best = other;
            }
        }
        if (best == null) {
            return;
        }
        for (long h = fromHeight; h <= best.blocks.size(); h++) {
            int i = (int) (h - 1);
            inFlight.add(new Delivery(node, new ConsensusMessage.Decided(best.blocks.get(i), best.certificates.get(i))));
        }
    }
}
