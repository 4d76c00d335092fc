package org.stakechain.crypto;

/**
 * Big-endian {@code long}s and {@code int}s in byte arrays, assembled by hand: {@link Hash} and {@link Address}
 * hold their bytes in primitive fields, and the node's JVMs run C1 only, where a byte-array view {@code VarHandle}
 * is a chain of calls with its own guards (measured in {@code HashLayoutBenchmark}). Callers check the range.
 */
final class Words {
    private Words() {
    }

    static long readLong(byte[] b, int at) {
        return (b[at] & 0xffL) << 56 | (b[at + 1] & 0xffL) << 48 | (b[at + 2] & 0xffL) << 40
                | (b[at + 3] & 0xffL) << 32 | (b[at + 4] & 0xffL) << 24 | (b[at + 5] & 0xffL) << 16
                | (b[at + 6] & 0xffL) << 8 | (b[at + 7] & 0xffL);
    }

    static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    static void writeLong(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 56);
        b[at + 1] = (byte) (v >>> 48);
        b[at + 2] = (byte) (v >>> 40);
        b[at + 3] = (byte) (v >>> 32);
        b[at + 4] = (byte) (v >>> 24);
        b[at + 5] = (byte) (v >>> 16);
        b[at + 6] = (byte) (v >>> 8);
        b[at + 7] = (byte) v;
    }

    static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /**
     * What {@code System.arraycopy(source of length, 0, target, offset, length)} throws for an {@code offset} out of
     * range: a copy out of a value's fields fails as the array copy did, before writing anything. Thrown by the
     * caller, whose check stays small.
     */
    static ArrayIndexOutOfBoundsException targetOutOfBounds(byte[] target, int offset, int length) {
        if (offset < 0) {
            return new ArrayIndexOutOfBoundsException("arraycopy: destination index " + offset
                    + " out of bounds for byte[" + target.length + "]");
        }
        return new ArrayIndexOutOfBoundsException("arraycopy: last destination index " + ((long) offset + length)
                + " out of bounds for byte[" + target.length + "]");
    }

    /**
     * {@code Byte.compareUnsigned} of the first byte where the big-endian words {@code a} and {@code b} (not equal)
     * differ: what {@code Arrays.compareUnsigned} returns for the arrays they stand for.
     */
    static int compareFirstDifferingByte(long a, long b) {
        int shift = 56 - (Long.numberOfLeadingZeros(a ^ b) & ~7);
        return (int) (a >>> shift & 0xff) - (int) (b >>> shift & 0xff);
    }

    /** As {@link #compareFirstDifferingByte(long, long)} for big-endian ints. */
    static int compareFirstDifferingByte(int a, int b) {
        int shift = 24 - (Integer.numberOfLeadingZeros(a ^ b) & ~7);
        return (a >>> shift & 0xff) - (b >>> shift & 0xff);
    }
}
