package org.stakechain.ledger;

import java.math.BigDecimal;

/** Money is a {@code long} count of base units; one coin is 10^6 units. Only this class converts. */
public final class Coins {
    public static final long UNITS_PER_COIN = 1_000_000L;
    public static final int DECIMALS = 6;

    private Coins() {
    }

    public static long of(long coins) {
        return Math.multiplyExact(coins, UNITS_PER_COIN);
    }

    /** Parses "12", "12.5" or "0.000001" coins into units; more than 6 decimals is an error, not a rounding. */
    public static long parse(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an amount of coins: \"" + text + "\"");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("an amount cannot be negative: " + text);
        }
        if (value.stripTrailingZeros().scale() > DECIMALS) {
            throw new IllegalArgumentException("at most " + DECIMALS + " decimals: " + text);
        }
        try {
            return value.movePointRight(DECIMALS).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("amount too large: " + text);
        }
    }

    /** "350", "12.5", "0.000001": coins with only the decimals that matter. */
    public static String format(long units) {
        return BigDecimal.valueOf(units, DECIMALS).stripTrailingZeros().toPlainString();
    }
}
