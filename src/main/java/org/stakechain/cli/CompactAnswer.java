package org.stakechain.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's compact answer to a binary batch ({@code {"accepted","rejected","retry","retryAfterMs"?,"refused":
 * [{"index","error","detail"?,"feeToBeat"?}]}}, docs/api.md "Binary batches"), read with Jackson's streaming
 * parser: the bench reads one per request and shares the machine with the nodes it measures, and a tree of a
 * full pool's answer (an object per refused entry) cost it more than the request. Reads what the bench's tree
 * reading read: {@code accepted} (-1 unless a number), {@code retryAfterMs} (0 unless a number), {@code refused}
 * (null unless an array), and per refused entry {@code index} (-1 unless a number), {@code error} ("" unless a
 * string) and {@code detail} ("" when absent); anything else is skipped.
 */
record CompactAnswer(int accepted, long retryAfterMs, List<Refusal> refused) {
    private static final JsonFactory JSON = new JsonFactory();

    /** One entry not taken: its index in the batch, the error code, and the detail if any. */
    record Refusal(int index, String error, String detail) {
    }

    /** Parses {@code body}; an {@link IOException} when it is not JSON (the caller counts an error and resends). */
    static CompactAnswer parse(byte[] body) throws IOException {
        int accepted = -1;
        long retryAfterMs = 0;
        List<Refusal> refused = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new CompactAnswer(-1, 0, null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "accepted" -> accepted = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                    case "retryAfterMs" -> retryAfterMs = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
                    case "refused" -> refused = value == JsonToken.START_ARRAY ? refusals(p) : skip(p);
                    default -> p.skipChildren();
                }
            }
        }
        return new CompactAnswer(accepted, retryAfterMs, refused);
    }

    private static List<Refusal> refusals(JsonParser p) throws IOException {
        List<Refusal> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                out.add(new Refusal(-1, "", "")); // not an entry: an index the caller refuses
                continue;
            }
            int index = -1;
            String error = "";
            String detail = "";
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "index" -> index = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                    case "error" -> error = value == JsonToken.VALUE_STRING ? p.getText() : "";
                    case "detail" -> detail = value.isScalarValue() ? p.getText() : skipText(p);
                    default -> p.skipChildren();
                }
            }
            out.add(new Refusal(index, error, detail));
        }
        return out;
    }

    private static <T> T skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    private static String skipText(JsonParser p) throws IOException {
        p.skipChildren();
        return "";
    }
}
