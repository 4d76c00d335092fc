package org.stakechain.codec;

/** Bytes that are not the canonical encoding of the expected value. The message says what and where. */
public final class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }
}
