package org.stakechain.api;

import java.util.List;
import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CodecException;
import org.stakechain.ledger.tx.Transaction;

/**
 * The binary body of {@code POST /api/v1/transactions/batch} ({@code Content-Type: application/octet-stream}):
 * {@code count u32 | count × (length u32 | length bytes)}, big-endian, each entry one transaction's canonical
 * encoding. {@code count} is 1 to {@value TransactionSubmission#MAX_BATCH}, each {@code length} 1 to
 * {@value Transaction#MAX_ENCODED_BYTES}; the body ends after the last entry. The framing is checked whole before
 * any entry is decoded, so a malformed body admits nothing; an entry whose bytes are not a canonical transaction
 * is that entry's own error, as in the JSON form. Why binary: the JSON form costs the node a hex string per
 * transaction and a Jackson tree per request, decoded on the API's threads.
 */
public final class TransactionBatchBody {
    public static final String MEDIA_TYPE = "application/octet-stream";
    /** The count and an entry's length. */
    private static final int HEADER = 4;

    private TransactionBatchBody() {
    }

    /** The body of these canonical encodings, in order. */
    public static byte[] encode(List<byte[]> encodings) {
        long size = HEADER;
        for (byte[] e : encodings) {
            size += HEADER + e.length;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a batch body above 2 GiB");
        }
        byte[] out = new byte[(int) size];
        int p = putU32(out, 0, encodings.size());
        for (byte[] e : encodings) {
            p = putU32(out, p, e.length);
            System.arraycopy(e, 0, out, p, e.length);
            p += e.length;
        }
        return out;
    }

    private static int putU32(byte[] out, int p, int v) {
        out[p] = (byte) (v >>> 24);
        out[p + 1] = (byte) (v >>> 16);
        out[p + 2] = (byte) (v >>> 8);
        out[p + 3] = (byte) v;
        return p + 4;
    }

    /** What a body holds: its entries' places, or why it is refused as a whole. */
    public sealed interface Parsed permits Entries, Refused {
    }

    /**
     * A well-framed body: entry {@code i} is {@code lengths[i]} bytes of {@code body} from {@code offsets[i]}
     * (the arrays are the parser's own, not copied).
     */
    public record Entries(byte[] body, int[] offsets, int[] lengths) implements Parsed {
        public int size() {
            return offsets.length;
        }

        /** Entry {@code i} as a transaction; a {@link CodecException} when it is not a canonical one. */
        public Transaction transaction(int i) {
            CanonicalReader in = new CanonicalReader(body, offsets[i], lengths[i]);
            Transaction tx = Transaction.readFrom(in);
            in.expectEnd();
            return tx;
        }
    }

    /**
     * Refused with the API's error code: {@code bad_batch_size} (a count of 0 or above the limit) or
     * {@code bad_batch_body} (truncated, an entry length out of range, trailing bytes).
     */
    public record Refused(String error, String detail) implements Parsed {
    }

    /** Checks the framing of {@code body}; no entry is decoded here. */
    public static Parsed parse(byte[] body, int maxCount) {
        if (body.length < HEADER) {
            return bad("the body is " + body.length + " bytes: it starts with a 4-byte count");
        }
        long count = u32(body, 0);
        if (count == 0 || count > maxCount) {
            return new Refused("bad_batch_size", "a batch holds 1 to " + maxCount + " transactions, this one "
                    + count);
        }
        int n = (int) count;
        int[] offsets = new int[n];
        int[] lengths = new int[n];
        int p = HEADER;
        for (int i = 0; i < n; i++) {
            if (body.length - p < HEADER) {
                return bad("truncated: entry " + i + " of " + n + " has no length (the body ends at byte " + p + ")");
            }
            long length = u32(body, p);
            p += HEADER;
            if (length == 0 || length > Transaction.MAX_ENCODED_BYTES) {
                return bad("entry " + i + ": length " + length + " is outside 1.." + Transaction.MAX_ENCODED_BYTES);
            }
            if (body.length - p < length) {
                return bad("truncated: entry " + i + " of " + n + " needs " + length + " bytes, " + (body.length - p)
                        + " left");
            }
            offsets[i] = p;
            lengths[i] = (int) length;
            p += (int) length;
        }
        if (p != body.length) {
            return bad((body.length - p) + " trailing bytes after the last of " + n + " entries");
        }
        return new Entries(body, offsets, lengths);
    }

    private static long u32(byte[] b, int p) {
        return (b[p] & 0xffL) << 24 | (b[p + 1] & 0xffL) << 16 | (b[p + 2] & 0xffL) << 8 | (b[p + 3] & 0xffL);
    }

    private static Refused bad(String detail) {
        return new Refused("bad_batch_body", detail + " (the binary batch is count u32, then per transaction "
                + "length u32 and its canonical bytes)");
    }
}
