package org.stakechain.consensus.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Point-to-point links with a latency drawn per message, loss, duplication and partitions. Reordering is not
 * modelled separately: it falls out of independent latencies. A message is dropped if its link is cut when it
 * is sent or when it would arrive, and if the receiver crashed (or crashed and restarted) in between.
 */
public final class SimulatedNetwork {

    /** The network's character for one run. */
    public record Profile(LatencyModel latency, double lossRate, double duplicateRate) {
        public String describe() {
            return latency.describe() + ", loss " + pct(lossRate) + ", duplication " + pct(duplicateRate);
        }

        private static String pct(double p) {
            return String.format(java.util.Locale.ROOT, "%.1f%%", p * 100);
        }
    }

    /** Receives what the network delivers. */
    public interface Endpoint {
        boolean online();

        /** Bumped at every crash: messages addressed to an older incarnation are lost. */
        int incarnation();

        void receive(int from, Wire message);
    }

    private final EventQueue events;
    private final SplittableRandom random;
    private final Profile profile;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private Optional<Partition> partition = Optional.empty();
    private long sent;
    private long delivered;
    private long dropped;

    public SimulatedNetwork(EventQueue events, SplittableRandom random, Profile profile) {
        this.events = events;
        this.random = random;
        this.profile = profile;
    }

    public int join(Endpoint endpoint) {
        endpoints.add(endpoint);
        return endpoints.size() - 1;
    }

    public int size() {
        return endpoints.size();
    }

    public void partition(Partition p) {
        partition = Optional.of(p);
    }

    public void heal() {
        partition = Optional.empty();
    }

    public Optional<Partition> currentPartition() {
        return partition;
    }

    public boolean connected(int a, int b) {
        return partition.map(p -> p.connected(a, b)).orElse(true);
    }

    public void send(int from, int to, Wire message) {
        sent++;
        Endpoint target = endpoints.get(to);
        if (!target.online() || !connected(from, to) || random.nextDouble() < profile.lossRate()) {
            dropped++;
            return;
        }
        int copies = random.nextDouble() < profile.duplicateRate() ? 2 : 1;
        int incarnation = target.incarnation();
        for (int i = 0; i < copies; i++) {
            events.after(profile.latency().sampleMillis(random), () -> {
                if (target.online() && target.incarnation() == incarnation && connected(from, to)) {
                    delivered++;
                    target.receive(from, message);
                } else {
                    dropped++;
                }
            });
        }
    }

    /** To every other node. */
    public void broadcast(int from, Wire message) {
        for (int to = 0; to < endpoints.size(); to++) {
            if (to != from) {
                send(from, to, message);
            }
        }
    }

    public long sent() {
        return sent;
    }

    public long delivered() {
        return delivered;
    }

    public long dropped() {
        return dropped;
    }
}
