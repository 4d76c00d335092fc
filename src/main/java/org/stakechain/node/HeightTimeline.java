package org.stakechain.node;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one height's wall time went on this node, for the DEBUG logger {@code org.stakechain.node.HeightTimeline}:
 * one line per final block with the milliseconds from the end of the previous height (the engine moved to this
 * one) to each step. Consensus thread only, but {@code arrived} (the network thread; approximate by design); when
 * the logger is off, each mark is a field store of {@link System#nanoTime()} and nothing is formatted.
 *
 * <p>Steps: {@code round} the first round's propose timer was set (after the slot wait, if any; on the forger after
 * it built its block); {@code arrived} the round's proposal reached this node's network callback (or it forged
 * it); {@code proposal} the consensus thread had it checked ({@code check} of that is the engine's block check);
 * on the forger, durations: {@code candidates} (the mempool's answer) and {@code build} (from asking for
 * candidates to the signed proposal); {@code attest} and {@code confirm} this node signed its votes;
 * {@code decided} a quorum of CONFIRMs; {@code stored} the block's batch is on disk ({@code store} of that);
 * {@code next} the engine started the next height.
 */
final class HeightTimeline {
    static final Logger LOG = LoggerFactory.getLogger(HeightTimeline.class);

    private long height = -1;
    private long start;
    private long round;
    private volatile long arrived;
    private long proposal;
    private long check;
    private long candidates;
    private long build;
    private long attest;
    private long confirm;
    private long decided;
    private long stored;
    private int txs;
    private boolean forged;

    static boolean enabled() {
        return LOG.isDebugEnabled();
    }

    /** The engine moved to {@code newHeight}. */
    void begin(long newHeight, long now) {
        height = newHeight;
        start = now;
        round = arrived = proposal = check = candidates = build = attest = confirm = decided = stored = 0;
        txs = 0;
        forged = false;
    }

    void round(long h, long now) {
        if (h == height && round == 0) {
            round = now;
        }
    }

    /** From the network thread: the first proposal for the current height. */
    void arrived(long h, long now) {
        if (h == height && arrived == 0) {
            arrived = now;
        }
    }

    void proposal(long h, int transactions, boolean own, long started, long checked) {
        if (h == height && proposal == 0) {
            proposal = checked;
            check = checked - started;
            txs = transactions;
            forged = own;
            if (own) {
                arrived = started;
            }
        }
    }

    /** This node forged the proposal: the mempool's candidates took {@code candidatesNanos} of {@code buildNanos}. */
    void forged(long h, long candidatesNanos, long buildNanos) {
        if (h == height) {
            candidates = candidatesNanos;
            build = buildNanos;
        }
    }

    void attest(long h, long now) {
        if (h == height && attest == 0) {
            attest = now;
        }
    }

    void confirm(long h, long now) {
        if (h == height && confirm == 0) {
            confirm = now;
        }
    }

    void decided(long h, long now) {
        if (h == height) {
            decided = now;
        }
    }

    void stored(long h, long now) {
        if (h == height) {
            stored = now;
        }
    }

    /** The next height started: logs this one. */
    void next(long h, long now) {
        if (h != height || start == 0 || !LOG.isDebugEnabled()) {
            return;
        }
        LOG.debug("timeline {} txs {} {} round {} arrived {} proposal {} check {} candidates {} build {} attest {} "
                        + "confirm {} decided {} stored {} store {} next {}", h, txs, forged ? "forged" : "received",
                ms(round), ms(arrived), ms(proposal), millis(check), millis(candidates), millis(build), ms(attest),
                ms(confirm), ms(decided), ms(stored), millis(stored - decided), millis(now - start));
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    private String ms(long at) {
        return at == 0 ? "-" : millis(at - start);
    }
}
