package org.stakechain.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The {@code retryAfterMs} of a refusal for room: the time until the next final block is expected (plus a margin),
 * never under one slot, never over two intervals or {@link RetryHint#MAX_MILLIS}; one slot until the node has seen
 * an interval, and again once nothing has been final for long.
 */
class RetryHintTest {
    private static final long MS = 1_000_000L;
    private static final long SLOT = 100;

    @Test
    void oneSlotUntilTwoFinalBlocksWereSeen() {
        RetryHint hint = new RetryHint(SLOT);
        assertThat(hint.millisUntilRoom(0)).isEqualTo(SLOT);
        hint.onFinal(1_000 * MS);
        assertThat(hint.millisUntilRoom(1_001 * MS)).isEqualTo(SLOT);
    }

    @Test
    void theTimeUntilTheNextBlockIsExpectedPlusTheMargin() {
        RetryHint hint = new RetryHint(SLOT);
        hint.onFinal(0);
        hint.onFinal(400 * MS); // interval 400 ms
        assertThat(hint.millisUntilRoom(400 * MS)).isEqualTo(400 + RetryHint.MARGIN_MILLIS);
        assertThat(hint.millisUntilRoom(550 * MS)).isEqualTo(250 + RetryHint.MARGIN_MILLIS);
        // less than a slot left, or the block overdue: one slot, as before
        assertThat(hint.millisUntilRoom(750 * MS)).isEqualTo(SLOT);
        assertThat(hint.millisUntilRoom(1_000 * MS)).isEqualTo(SLOT);
    }

    @Test
    void theIntervalIsSmoothedSoOneSlowHeightMovesItOnlyPartly() {
        RetryHint hint = new RetryHint(SLOT);
        hint.onFinal(0);
        hint.onFinal(400 * MS); // 400
        hint.onFinal(2_000 * MS); // a 1,600 ms height: 400 + 0.25 * 1,200 = 700
        assertThat(hint.millisUntilRoom(2_000 * MS)).isEqualTo(700 + RetryHint.MARGIN_MILLIS);
        hint.onFinal(2_100 * MS); // 700 + 0.25 * (100 - 700) = 550
        assertThat(hint.millisUntilRoom(2_100 * MS)).isEqualTo(550 + RetryHint.MARGIN_MILLIS);
    }

    @Test
    void neverMoreThanTwoIntervalsNorTheCap() {
        RetryHint slow = new RetryHint(SLOT);
        slow.onFinal(0);
        slow.onFinal(5_000 * MS); // a chain at 5 s a block
        assertThat(slow.millisUntilRoom(5_000 * MS)).isEqualTo(RetryHint.MAX_MILLIS);
        RetryHint tight = new RetryHint(SLOT);
        tight.onFinal(0);
        tight.onFinal(60 * MS); // 60 ms blocks: under the slot, so the slot
        assertThat(tight.millisUntilRoom(60 * MS)).isEqualTo(SLOT);
        RetryHint slowSlot = new RetryHint(1_000);
        slowSlot.onFinal(0);
        slowSlot.onFinal(1_000 * MS);
        // 1,010 ms to the next block, within two intervals
        assertThat(slowSlot.millisUntilRoom(1_000 * MS)).isEqualTo(1_000 + RetryHint.MARGIN_MILLIS);
    }

    @Test
    void oneSlotAgainWhenNothingWasFinalForLong() {
        RetryHint hint = new RetryHint(SLOT);
        hint.onFinal(0);
        hint.onFinal(300 * MS);
        assertThat(hint.millisUntilRoom((300 + 2 * 300 + RetryHint.MAX_MILLIS + 1) * MS)).isEqualTo(SLOT);
    }
}
