package org.stakechain.consensus.lottery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.state.ChainState;
import org.stakechain.ledger.validators.Validator;
import org.stakechain.ledger.validators.ValidatorSet;

/**
 * The notebook's token raffle without materialising the tokens: every unit of stake is one ticket, numbered
 * along the validator set's canonical order (charles holds tickets 0..349, then the next validator's follow,
 * and so on). A uniform ticket in {@code [0, totalStake)} is drawn from a seed and its owner is found by binary
 * search over the cumulative stake table: O(log n) per draw, deterministic on every node.
 *
 * <p>The ticket comes from a SHA-256 counter stream by rejection sampling, so no ticket is likelier than another
 * (a plain {@code x mod total} would favour the low tickets). The seed of (height, round) is
 * {@code SHA-256("stakechain/lottery" || lotterySeed || height || round)} over the ledger's
 * {@link ChainState#lotterySeed()}, a beacon value fixed at least one epoch before the draw.
 */
public final class ForgerLottery {
    private static final byte[] SEED_TAG = "stakechain/lottery".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAM_TAG = "stakechain/lottery-ticket".getBytes(StandardCharsets.US_ASCII);

    /**
     * The winner of one draw: the forger and the ticket that won, out of {@code totalTickets}. Tickets are base
     * units of stake, so fractional stakes count exactly; the notebook's one-ticket-per-coin view is
     * {@link #coinTicket()} of {@link #totalCoinTickets()} ("drawn with ticket 712 of 1325").
     */
    public record Draw(Validator forger, long ticket, long totalTickets) {
        public long coinTicket() {
            return ticket / Coins.UNITS_PER_COIN;
        }

        public long totalCoinTickets() {
            return totalTickets / Coins.UNITS_PER_COIN;
        }
    }

    private final List<Validator> validators;
    private final long[] cumulative;

    private ForgerLottery(ValidatorSet set) {
        if (set.isEmpty()) {
            throw new IllegalArgumentException("a lottery needs at least one validator");
        }
        this.validators = set.validators();
        this.cumulative = new long[validators.size()];
        long sum = 0;
        for (int i = 0; i < cumulative.length; i++) {
            sum = Math.addExact(sum, validators.get(i).stake());
            cumulative[i] = sum;
        }
    }

    /** A lottery over {@code set}: its tickets are its stake, in canonical order. */
    public static ForgerLottery of(ValidatorSet set) {
        return new ForgerLottery(set);
    }

    /** The forger of block {@code height} in {@code round}, on the chain state that precedes that block. */
    public static Draw forgerOf(ChainState chainBefore, long height, int round) {
        return of(chainBefore.validators()).draw(seedFor(chainBefore.lotterySeed(), height, round));
    }

    /** {@code SHA-256("stakechain/lottery" || lotterySeed || u64 height || u32 round)}, big-endian. */
    public static Hash seedFor(Hash lotterySeed, long height, int round) {
        ByteBuffer b = ByteBuffer.allocate(Hash.LENGTH + Long.BYTES + Integer.BYTES);
        b.put(lotterySeed.bytes()).putLong(height).putInt(round);
        return Hash.of(SEED_TAG, b.array());
    }

    public long totalTickets() {
        return cumulative[cumulative.length - 1];
    }

    public Draw draw(long height, int round, Hash lotterySeed) {
        return draw(seedFor(lotterySeed, height, round));
    }

    public Draw draw(Hash seed) {
        long total = totalTickets();
        long ticket = uniformTicket(seed, total);
        return new Draw(validators.get(ownerOf(ticket)), ticket, total);
    }

    /** Index (in canonical order) of the validator holding {@code ticket}: the first whose cumulative stake exceeds it. */
    int ownerOf(long ticket) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ticket < cumulative[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * A uniform number in {@code [0, bound)}: 63-bit words from {@code SHA-256(tag || seed || counter)}, a word
     * accepted only below the largest multiple of {@code bound} that fits, then reduced modulo {@code bound}.
     */
    public static long uniformTicket(Hash seed, long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        // 2^63 mod bound: the words at the top of the range that would make low tickets likelier
        long excess = Long.remainderUnsigned(Long.MIN_VALUE, bound);
        long limit = Long.MAX_VALUE - excess + 1; // 2^63 - excess; overflows only when excess is 0
        // the thread's digest (Hash.of): a new MessageDigest per draw walked the provider's lookup every time
        byte[] seedBytes = seed.bytes();
        for (long counter = 0; ; counter++) {
            byte[] counterBytes = ByteBuffer.allocate(Long.BYTES).putLong(counter).array();
            ByteBuffer block = ByteBuffer.wrap(Hash.of(STREAM_TAG, seedBytes, counterBytes).bytes());
            while (block.remaining() >= Long.BYTES) {
                long word = block.getLong() & Long.MAX_VALUE;
                if (excess == 0 || word < limit) {
                    return word % bound;
                }
            }
        }
    }
}
