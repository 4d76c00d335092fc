package org.stakechain.ledger.tx;

import org.stakechain.codec.CodecException;

/** The five kinds of transaction; the code is the first byte of the encoding. */
public enum TxType {
    TRANSFER(1),
    STAKE(2),
    UNSTAKE(3),
    REGISTER_VALIDATOR(4),
    SLASH_EVIDENCE(5);

    private final int code;

    TxType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** values() clones its array on every call; this runs for every transaction decoded. */
    private static final TxType[] VALUES = values();

    public static TxType fromCode(int code) {
        for (TxType t : VALUES) {
            if (t.code == code) {
                return t;
            }
        }
        throw new CodecException("unknown transaction type " + code);
    }
}
