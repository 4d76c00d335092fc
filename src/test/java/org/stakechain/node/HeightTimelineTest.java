package org.stakechain.node;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HeightTimelineTest {
    private static final long MS = 1_000_000;
    private final Logger logger = (Logger) LoggerFactory.getLogger(HeightTimeline.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level before;

    @BeforeEach
    void capture() {
        before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(before);
    }

    @Test
    void oneLinePerHeightWithEachStepFromTheHeightsStart() {
        HeightTimeline t = new HeightTimeline();
        long s = 1_000 * MS;
        t.begin(7, s);
        t.round(7, s + MS);
        t.arrived(7, s + 2 * MS);
        t.arrived(7, s + 50 * MS); // a later proposal (another round) does not move the first arrival
        t.proposal(7, 120, false, s + 3 * MS, s + 4 * MS);
        t.attest(7, s + 5 * MS);
        t.confirm(7, s + 6 * MS);
        t.confirm(8, s + 60 * MS); // another height's mark is ignored
        t.decided(7, s + 7 * MS);
        t.stored(7, s + 9 * MS);
        t.next(7, s + 10 * MS);

        assertThat(appender.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage()).isEqualTo(
                "timeline 7 txs 120 received round 1.00 arrived 2.00 proposal 4.00 check 1.00 candidates 0.00 "
                        + "build 0.00 attest 5.00 confirm 6.00 decided 7.00 stored 9.00 store 2.00 next 10.00"));
    }

    @Test
    void aStepThatDidNotHappenShowsAsADashAndAnotherHeightsEndLogsNothing() {
        HeightTimeline t = new HeightTimeline();
        t.begin(3, 5 * MS);
        t.proposal(3, 0, true, 6 * MS, 6 * MS);
        t.forged(3, 2 * MS, 3 * MS);
        t.next(2, 9 * MS);
        assertThat(appender.list).isEmpty();
        t.next(3, 9 * MS);
        assertThat(appender.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .startsWith("timeline 3 txs 0 forged round - arrived 1.00 proposal 1.00 check 0.00 candidates 2.00 "
                        + "build 3.00 attest -"));
    }
}
