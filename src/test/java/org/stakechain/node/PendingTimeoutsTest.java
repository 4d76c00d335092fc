package org.stakechain.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PendingTimeoutsTest {
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    private final AtomicInteger ran = new AtomicInteger();

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    private ScheduledFuture<?> far() {
        return timers.schedule(ran::incrementAndGet, 1, TimeUnit.HOURS);
    }

    @Test
    void cancelsTheTimeoutsOfEarlierHeightsAndKeepsTheCurrentOnes() {
        timers.setRemoveOnCancelPolicy(true);
        PendingTimeouts pending = new PendingTimeouts();
        ScheduledFuture<?> propose5 = far();
        ScheduledFuture<?> attest5 = far();
        ScheduledFuture<?> propose6 = far();
        pending.add(5, propose5);
        pending.add(5, attest5);
        pending.add(6, propose6);

        assertThat(pending.cancelBelow(6)).isEqualTo(2);

        assertThat(propose5.isCancelled()).isTrue();
        assertThat(attest5.isCancelled()).isTrue();
        assertThat(propose6.isCancelled()).isFalse();
        assertThat(pending.size()).isEqualTo(1);
        assertThat(timers.getQueue()).as("cancelled tasks leave the timer's queue").hasSize(1);
        assertThat(pending.cancelBelow(6)).as("nothing more below 6").isZero();
        assertThat(propose6.isCancelled()).isFalse();
        assertThat(ran.get()).isZero();
    }

    @Test
    void aTimeoutThatAlreadyRanIsForgottenNotCounted() {
        PendingTimeouts pending = new PendingTimeouts();
        pending.add(3, CompletableFuture.completedFuture(null));
        pending.add(4, CompletableFuture.completedFuture(null));

        assertThat(pending.cancelBelow(5)).isZero();
        assertThat(pending.size()).isZero();
    }

    @Test
    void theNodesTimerRemovesCancelledTasksFromItsQueue() {
        ScheduledThreadPoolExecutor executor = Node.timerExecutor();
        try {
            assertThat(executor.getRemoveOnCancelPolicy()).isTrue();
            ScheduledFuture<?> f = executor.schedule(ran::incrementAndGet, 1, TimeUnit.HOURS);
            f.cancel(false);
            assertThat(executor.getQueue()).isEmpty();
        } finally {
            executor.shutdownNow();
        }
    }
}
