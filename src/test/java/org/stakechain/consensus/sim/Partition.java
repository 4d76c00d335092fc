package org.stakechain.consensus.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Nodes split into groups that cannot reach each other; nodes in no group are alone. */
public record Partition(List<Set<Integer>> groups, String kind) {

    public Partition {
        groups = List.copyOf(groups.stream().map(g -> (Set<Integer>) new TreeSet<>(g)).toList());
    }

    public boolean connected(int a, int b) {
        for (Set<Integer> g : groups) {
            if (g.contains(a)) {
                return g.contains(b);
            }
        }
        return a == b;
    }

    /** Two halves (the first gets the extra node when the count is odd). */
    public static Partition halves(List<Integer> shuffledNodes) {
        int cut = (shuffledNodes.size() + 1) / 2;
        return new Partition(List.of(Set.copyOf(shuffledNodes.subList(0, cut)),
                Set.copyOf(shuffledNodes.subList(cut, shuffledNodes.size()))), "halves");
    }

    /** A minority of {@code size} cut off from the rest. */
    public static Partition minority(List<Integer> shuffledNodes, int size) {
        return new Partition(List.of(Set.copyOf(shuffledNodes.subList(0, size)),
                Set.copyOf(shuffledNodes.subList(size, shuffledNodes.size()))), "minority of " + size);
    }

    /** One node alone. */
    public static Partition isolate(int node, int nodeCount) {
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            if (i != node) {
                rest.add(i);
            }
        }
        return new Partition(List.of(Set.of(node), Set.copyOf(rest)), "isolate node " + node);
    }

    @Override
    public String toString() {
        return kind + " " + groups;
    }
}
