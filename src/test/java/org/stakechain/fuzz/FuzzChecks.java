package org.stakechain.fuzz;

import java.util.Arrays;
import java.util.function.Function;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Hex;

/** The properties the fuzz targets check, in one place. */
final class FuzzChecks {
    private FuzzChecks() {
    }

    /**
     * {@code decode} either rejects {@code bytes} with a {@link CodecException} or yields a value whose encoding is
     * {@code bytes} again. Any other exception escapes and is a finding.
     */
    static <T> void roundTrips(byte[] bytes, Function<byte[], T> decode, Function<T, byte[]> encode) {
        T value;
        try {
            value = decode.apply(bytes);
        } catch (CodecException expected) {
            return;
        }
        byte[] again = encode.apply(value);
        if (!Arrays.equals(bytes, again)) {
            throw new AssertionError("not canonical: " + Hex.encode(bytes) + " decodes to " + value
                    + " which encodes to " + Hex.encode(again));
        }
    }

    /** Text parsers (JSON, PEM) reject with IllegalArgumentException and nothing else. */
    static <T> T parsesOrRejects(String text, Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException expected) {
            return null;
        }
    }
}
