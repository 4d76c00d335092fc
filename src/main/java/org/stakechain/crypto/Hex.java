package org.stakechain.crypto;

import java.util.HexFormat;

/** Lower-case hex without prefix; parsing rejects odd lengths and non-hex characters with a readable reason. */
public final class Hex {
    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }

    /** Accepts upper or lower case, an optional "0x" prefix. */
    public static byte[] decode(String text) {
        String t = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if ((t.length() & 1) != 0) {
            throw new IllegalArgumentException("hex text has an odd number of characters (" + t.length() + ")");
        }
        for (int i = 0; i < t.length(); i++) {
            if (Character.digit(t.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("not a hex character at position " + i + ": '" + t.charAt(i) + "'");
            }
        }
        return FORMAT.parseHex(t);
    }
}
