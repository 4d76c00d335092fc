package org.stakechain.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.PublicKey;
import org.stakechain.crypto.Signature;

/**
 * Reads the canonical encoding and rejects everything else: truncated input, lengths above the caller's
 * limit, booleans other than 0/1, malformed UTF-8, and (through {@link #expectEnd()}) trailing bytes.
 */
public final class CanonicalReader {
    private final byte[] data;
    private int position;
    private final int end;

    public CanonicalReader(byte[] data) {
        this(data, 0, data.length);
    }

    public CanonicalReader(byte[] data, int offset, int length) {
        this.data = data;
        this.position = offset;
        this.end = offset + length;
    }

    /** Decodes all of {@code bytes} with {@code decoder}; trailing bytes are an error. */
    public static <T> T decodeAll(byte[] bytes, Function<CanonicalReader, T> decoder) {
        CanonicalReader reader = new CanonicalReader(bytes);
        T value = decoder.apply(reader);
        reader.expectEnd();
        return value;
    }

    private void need(int n, String what) {
        if (n < 0 || end - position < n) {
            throw new CodecException("truncated: " + what + " needs " + n + " bytes at offset " + position
                    + ", " + (end - position) + " left");
        }
    }

    public int u8(String what) {
        need(1, what);
        return data[position++] & 0xff;
    }

    public boolean bool(String what) {
        int b = u8(what);
        if (b > 1) {
            throw new CodecException(what + ": a boolean is 0 or 1, got " + b);
        }
        return b == 1;
    }

    public int u16(String what) {
        need(2, what);
        int v = (data[position] & 0xff) << 8 | (data[position + 1] & 0xff);
        position += 2;
        return v;
    }

    public long u32(String what) {
        need(4, what);
        long v = (data[position] & 0xffL) << 24 | (data[position + 1] & 0xffL) << 16
                | (data[position + 2] & 0xffL) << 8 | (data[position + 3] & 0xffL);
        position += 4;
        return v;
    }

    public long u64(String what) {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (data[position + i] & 0xffL);
        }
        position += 8;
        if (v < 0) {
            throw new CodecException(what + ": value above 2^63-1");
        }
        return v;
    }

    public byte[] fixed(int length, String what) {
        need(length, what);
        byte[] out = new byte[length];
        System.arraycopy(data, position, out, 0, length);
        position += length;
        return out;
    }

    /** Moves past {@code length} bytes without copying them (a decoder that reads them back from its encoding). */
    public void skip(int length, String what) {
        if (length < 0) {
            throw new IllegalArgumentException("cannot skip " + length + " bytes");
        }
        need(length, what);
        position += length;
    }

    public Hash hash(String what) {
        need(Hash.LENGTH, what);
        Hash hash = Hash.copyOf(data, position);
        position += Hash.LENGTH;
        return hash;
    }

    public PublicKey publicKey(String what) {
        need(PublicKey.LENGTH, what);
        PublicKey key = PublicKey.read(data, position); // possibly an equal key decoded before: no copy
        position += PublicKey.LENGTH;
        return key;
    }

    public Signature signature(String what) {
        need(Signature.LENGTH, what);
        Signature signature = Signature.copyOf(data, position);
        position += Signature.LENGTH;
        return signature;
    }

    public Address address(String what) {
        need(Address.LENGTH, what);
        Address address = Address.copyOf(data, position);
        position += Address.LENGTH;
        return address;
    }

    public byte[] bytes(int maxLength, String what) {
        long length = lengthPrefix(what, " length");
        if (length > maxLength) {
            throw new CodecException(what + ": length " + length + " above the limit " + maxLength);
        }
        return fixed((int) length, what);
    }

    public String string(int maxBytes, String what) {
        return string(maxBytes, what, null);
    }

    /**
     * {@link #string(int, String)}, returning {@code likely} itself when the bytes are its ASCII encoding: a
     * decoder that reads the same string in every value (a chain id) then makes no new String each time.
     */
    public String string(int maxBytes, String what, String likely) {
        long length = lengthPrefix(what, " length");
        if (length > maxBytes) {
            throw new CodecException(what + ": length " + length + " above the limit " + maxBytes);
        }
        int n = (int) length;
        need(n, what);
        int from = position;
        position += n;
        if (likely != null && likely.length() == n && sameAscii(likely, from)) {
            return likely;
        }
        if (isAscii(from, n)) {
            // the common case (chain ids, reasons): ASCII is valid UTF-8 as it is, decoded without a copy
            return new String(data, from, n, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, from, n)).toString();
        } catch (CharacterCodingException e) {
            throw new CodecException(what + ": not valid UTF-8");
        }
    }

    private boolean sameAscii(String s, int from) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0x7f || data[from + i] != (byte) c) {
                return false;
            }
        }
        return true;
    }

    private boolean isAscii(int from, int n) {
        for (int i = from; i < from + n; i++) {
            if (data[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A u32 length or count prefix; the name for the error is joined only when it is thrown (a decoder reads one for
     * every string and list, a block's transactions thousands).
     */
    private long lengthPrefix(String what, String suffix) {
        return end - position >= 4 ? u32(what) : u32(what + suffix);
    }

    public <T> List<T> list(int maxCount, String what, Function<CanonicalReader, T> element) {
        long count = lengthPrefix(what, " count");
        if (count > maxCount) {
            throw new CodecException(what + ": " + count + " elements, above the limit " + maxCount);
        }
        // sized for the count when the input can hold it (an element takes at least a byte in every list here),
        // so a block's thousands of transactions do not regrow the list
        List<T> out = new ArrayList<>((int) Math.min(count, Math.max(16, remaining())));
        for (long i = 0; i < count; i++) {
            out.add(element.apply(this));
        }
        return List.copyOf(out);
    }

    public int position() {
        return position;
    }

    /**
     * A copy of the bytes already read from {@code start} (a {@link #position()}) up to here: a decoder that
     * keeps its value's canonical encoding takes it from the input instead of encoding the value again.
     */
    public byte[] readSince(int start) {
        if (start < 0 || start > position) {
            throw new IllegalArgumentException("start " + start + " is not a position already read (at " + position + ")");
        }
        return java.util.Arrays.copyOfRange(data, start, position);
    }

    public int remaining() {
        return end - position;
    }

    public void expectEnd() {
        if (position != end) {
            throw new CodecException("trailing bytes: " + (end - position) + " after the value");
        }
    }
}
