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

    /** Longer text is no amount a long can hold (19 digits, a point, 6 decimals, room for zeros): refused unread. */
    static final int MAX_TEXT_LENGTH = 64;
    /** Digits before the point a long of units can hold at most (Long.MAX_VALUE / 10^6 has 13; 19 is generous). */
    private static final int MAX_INTEGER_DIGITS = 19;

    /** Parses "12", "12.5" or "0.000001" coins into units; more than 6 decimals is an error, not a rounding. */
    public static long parse(String text) {
        BigDecimal value;
        String trimmed = text.trim();
        if (trimmed.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("not an amount of coins: " + trimmed.length() + " characters");
        }
        try {
            value = new BigDecimal(trimmed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an amount of coins: \"" + text + "\"");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("an amount cannot be negative: " + text);
        }
        if (value.stripTrailingZeros().scale() > DECIMALS) {
            throw new IllegalArgumentException("at most " + DECIMALS + " decimals: " + text);
        }
        // checked before any arithmetic: "1e999999999" is a valid BigDecimal whose exact value has a billion digits
        if (value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
            throw new IllegalArgumentException("amount too large: " + text);
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
