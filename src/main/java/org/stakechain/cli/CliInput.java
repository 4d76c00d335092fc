package org.stakechain.cli;

import org.stakechain.crypto.Address;
import org.stakechain.ledger.Coins;

/** Parses what a person types; every refusal is a usage error (exit 2) that names the option and the fix. */
final class CliInput {
    private CliInput() {
    }

    static Address address(String text, String option) {
        try {
            return Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(option + ": " + e.getMessage() + " (check it with ./stakechain key check ADDRESS)");
        }
    }

    /** Coins as typed ("12", "0.5"), at most 6 decimals, more than zero. */
    static long positiveCoins(String text, String option) {
        long units = coins(text, option);
        if (units == 0) {
            throw CliException.usage(option + " must be more than 0");
        }
        return units;
    }

    static long coins(String text, String option) {
        try {
            return Coins.parse(text);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(option + ": " + e.getMessage() + " (write coins like 12 or 0.5, at most "
                    + Coins.DECIMALS + " decimals)");
        }
    }

    /** A 64-hex-digit hash, with or without 0x. */
    static String hash(String text, String what) {
        String t = text.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        if (!t.matches("[0-9a-fA-F]{64}")) {
            throw CliException.usage("\"" + text + "\" is not a " + what + ": it should be 64 hex digits");
        }
        return t.toLowerCase(java.util.Locale.ROOT);
    }
}
