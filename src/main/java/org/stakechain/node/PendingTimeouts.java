package org.stakechain.node;

import java.util.ArrayDeque;
import java.util.concurrent.Future;

/**
 * The consensus timeouts a node has scheduled, by height. When the engine moves to a new height, the timeouts of
 * the heights it left are cancelled: the engine ignores a timeout of another height, so letting one fire only
 * wakes the timer thread and then the consensus thread for nothing. At a 100 ms slot a height's propose, attest
 * and confirm timeouts (0.5-1 s) all outlive it: three wake-ups of each thread a height, with ~30 tasks queued.
 * The timer executor must remove cancelled tasks from its queue ({@code setRemoveOnCancelPolicy(true)}), or a
 * cancelled task still wakes it at its time.
 *
 * <p>Used on one thread (the consensus thread). Heights are added in non-decreasing order (the engine's height
 * never goes back), so the ones to cancel are always at the front.
 */
final class PendingTimeouts {
    private record Pending(long height, Future<?> future) {
    }

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    /** Remembers a timeout of {@code height}, scheduled as {@code future}. */
    void add(long height, Future<?> future) {
        pending.addLast(new Pending(height, future));
    }

    /**
     * Cancels (without interrupting) every remembered timeout of a height below {@code height}, run or not, and
     * forgets it. Returns how many had not run yet.
     */
    int cancelBelow(long height) {
        int cancelled = 0;
        while (!pending.isEmpty() && pending.peekFirst().height() < height) {
            if (pending.pollFirst().future().cancel(false)) {
                cancelled++;
            }
        }
        return cancelled;
    }

    /** Timeouts remembered (run or not): at most those of the current height. */
    int size() {
        return pending.size();
    }
}
