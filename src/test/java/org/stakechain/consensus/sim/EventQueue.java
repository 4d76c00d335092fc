package org.stakechain.consensus.sim;

import java.util.PriorityQueue;

/**
 * Everything that will happen, in time order. Ties are broken by the order of scheduling (a sequence number),
 * never by hash codes or identity, so one seed always replays the same history.
 */
public final class EventQueue {
    private record Event(long atMillis, long seq, Runnable action) {
    }

    private final SimulatedClock clock;
    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            (a, b) -> a.atMillis != b.atMillis ? Long.compare(a.atMillis, b.atMillis) : Long.compare(a.seq, b.seq));
    private long nextSeq;
    private long processed;

    public EventQueue(SimulatedClock clock) {
        this.clock = clock;
    }

    public SimulatedClock clock() {
        return clock;
    }

    /** Runs {@code action} at {@code atMillis}, or now if that is already past. */
    public void schedule(long atMillis, Runnable action) {
        queue.add(new Event(Math.max(atMillis, clock.now()), nextSeq++, action));
    }

    public void after(long delayMillis, Runnable action) {
        schedule(clock.now() + delayMillis, action);
    }

    /** Runs events until the queue is empty or the next one is after {@code endMillis}; the clock ends there. */
    public void runUntil(long endMillis, long maxEvents) {
        while (!queue.isEmpty() && queue.peek().atMillis <= endMillis) {
            if (++processed > maxEvents) {
                throw new IllegalStateException("more than " + maxEvents + " events: a message storm?");
            }
            Event e = queue.poll();
            clock.advanceTo(e.atMillis);
            e.action.run();
        }
        clock.advanceTo(Math.max(clock.now(), endMillis));
    }

    public long processed() {
        return processed;
    }

    public int pending() {
        return queue.size();
    }
}
