package org.stakechain.consensus.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.stakechain.ledger.ChainParams;

/**
 * Everything one run will do, decided up front from its seed: the validators and their stakes, who is byzantine
 * and how, the network's character, when partitions start and heal, when nodes crash and restart. Times are
 * milliseconds after genesis.
 */
public record Scenario(long seed, List<Long> stakeCoins, List<Role> roles, SimulatedNetwork.Profile network,
                       List<ScheduledPartition> partitions, List<Crash> crashes, long faultEndMillis, long endMillis,
                       long livenessWindowMillis, int minNewHeights, long slotMillis, long epochLength,
                       long txIntervalMillis) {

    /** A partition from {@code atMillis} until it heals at {@code healMillis}. */
    public record ScheduledPartition(long atMillis, long healMillis, Partition partition) {
    }

    /** A node goes down at {@code atMillis}, losing its memory, and comes back at {@code restartMillis} (-1: never). */
    public record Crash(int node, long atMillis, long restartMillis) {
    }

    public Scenario {
        stakeCoins = List.copyOf(stakeCoins);
        roles = List.copyOf(roles);
        partitions = List.copyOf(partitions);
        crashes = List.copyOf(crashes);
    }

    public int nodeCount() {
        return stakeCoins.size();
    }

    /** A calm network of honest validators with these stakes: the base of the targeted scenarios. */
    public static Scenario calm(long seed, List<Long> stakeCoins, long endMillis) {
        return new Scenario(seed, stakeCoins, Collections.nCopies(stakeCoins.size(), Role.HONEST),
                new SimulatedNetwork.Profile(new LatencyModel.Uniform(5, 60), 0, 0), List.of(), List.of(),
                0, endMillis, 10_000, 3, 1_000, 10, 400);
    }

    public Scenario withRole(int node, Role role) {
        List<Role> r = new ArrayList<>(roles);
        r.set(node, role);
        return new Scenario(seed, stakeCoins, r, network, partitions, crashes, faultEndMillis, endMillis,
                livenessWindowMillis, minNewHeights, slotMillis, epochLength, txIntervalMillis);
    }

    public Scenario withCrash(int node, long atMillis, long restartMillis) {
        List<Crash> c = new ArrayList<>(crashes);
        c.add(new Crash(node, atMillis, restartMillis));
        long faultEnd = Math.max(faultEndMillis, Math.max(atMillis, restartMillis));
        return new Scenario(seed, stakeCoins, roles, network, partitions, c, faultEnd, endMillis,
                livenessWindowMillis, minNewHeights, slotMillis, epochLength, txIntervalMillis);
    }

    public Scenario withNetwork(SimulatedNetwork.Profile profile) {
        return new Scenario(seed, stakeCoins, roles, profile, partitions, crashes, faultEndMillis, endMillis,
                livenessWindowMillis, minNewHeights, slotMillis, epochLength, txIntervalMillis);
    }

    /**
     * The mixed-fault scenario of a seed: 4-5 validators; in 3 of 5 runs one byzantine validator of the minimum
     * stake (under a quarter of the total); a latency model, loss and duplication; up to two partitions and up to
     * two crashes of honest nodes, all healed by {@code faultEndMillis}; then a calm tail in which the chain must
     * keep growing.
     */
    public static Scenario random(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 4 + r.nextInt(2);
        List<Long> stakes = new ArrayList<>();
        List<Role> roles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            stakes.add(150L + r.nextInt(251));
            roles.add(Role.HONEST);
        }
        if (r.nextInt(5) < 3) {
            Role[] byzantine = {Role.SILENT, Role.EQUIVOCATING_FORGER, Role.DOUBLE_VOTER, Role.INVALID_PROPOSER};
            int who = r.nextInt(n);
            roles.set(who, byzantine[r.nextInt(byzantine.length)]);
            stakes.set(who, 100L);
        }
        LatencyModel latency = switch (r.nextInt(3)) {
            case 0 -> new LatencyModel.Uniform(5, 60 + r.nextInt(100));
            case 1 -> new LatencyModel.Exponential(5, 20 + r.nextInt(60));
            default -> new LatencyModel.LongTail(new LatencyModel.Uniform(5, 80), 0.02 + r.nextDouble() * 0.08, 200, 3_000);
        };
        double loss = r.nextInt(4) == 0 ? 0 : r.nextDouble() * 0.05;
        double duplication = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 0.05;

        long faultEnd = 12_000;
        List<ScheduledPartition> partitions = new ArrayList<>();
        int partitionCount = r.nextInt(3);
        for (int i = 0; i < partitionCount; i++) {
            long windowStart = 1_000 + i * (faultEnd - 1_000) / partitionCount;
            long windowEnd = 1_000 + (i + 1) * (faultEnd - 1_000) / partitionCount;
            long duration = 1_000 + r.nextLong(Math.min(5_000, windowEnd - windowStart - 1_500));
            long at = windowStart + r.nextLong(windowEnd - windowStart - duration);
            List<Integer> shuffled = shuffled(n, r);
            Partition p = switch (r.nextInt(3)) {
                case 0 -> Partition.halves(shuffled);
                case 1 -> Partition.minority(shuffled, 1 + r.nextInt((n - 1) / 2));
                default -> Partition.isolate(r.nextInt(n), n);
            };
            partitions.add(new ScheduledPartition(at, at + duration, p));
        }
        List<Crash> crashes = new ArrayList<>();
        int crashCount = r.nextInt(3);
        List<Integer> candidates = shuffled(n, r);
        for (int i = 0; i < crashCount && i < candidates.size(); i++) {
            int node = candidates.get(i);
            if (!roles.get(node).honest()) {
                continue;
            }
            long at = 1_000 + r.nextLong(faultEnd - 3_000);
            long restart = Math.min(faultEnd, at + 1_000 + r.nextLong(6_000));
            crashes.add(new Crash(node, at, restart));
        }
        return new Scenario(seed, stakes, roles, new SimulatedNetwork.Profile(latency, loss, duplication), partitions,
                crashes, faultEnd, faultEnd + 10_000, 10_000, 2, 1_000, 10, 300 + r.nextInt(400));
    }

    private static List<Integer> shuffled(int n, SplittableRandom r) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        for (int i = n - 1; i > 0; i--) {
            Collections.swap(list, i, r.nextInt(i + 1));
        }
        return list;
    }

    /** Whether the chain must be live at the end: honest validators that are up hold at least the 75% quorum. */
    public boolean expectsLiveness(ChainParams params) {
        long total = 0;
        long honestUp = 0;
        for (int i = 0; i < nodeCount(); i++) {
            total += stakeCoins.get(i);
            int node = i;
            boolean downForGood = crashes.stream().anyMatch(c -> c.node() == node && c.restartMillis() < 0);
            if (roles.get(i).honest() && !downForGood) {
                honestUp += stakeCoins.get(i);
            }
        }
        return params.isQuorum(honestUp, total);
    }

    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(nodeCount()).append(" validators, stakes ").append(stakeCoins).append(", roles ").append(roles)
                .append("\n  network: ").append(network.describe());
        for (ScheduledPartition p : partitions) {
            s.append("\n  partition ").append(p.partition()).append(" from ").append(p.atMillis()).append(" to ")
                    .append(p.healMillis()).append(" ms");
        }
        for (Crash c : crashes) {
            s.append("\n  crash of v").append(c.node()).append(" at ").append(c.atMillis()).append(" ms, ")
                    .append(c.restartMillis() < 0 ? "never restarts" : "restart at " + c.restartMillis() + " ms");
        }
        s.append("\n  faults end at ").append(faultEndMillis).append(" ms, run ends at ").append(endMillis).append(" ms");
        return s.toString();
    }
}
