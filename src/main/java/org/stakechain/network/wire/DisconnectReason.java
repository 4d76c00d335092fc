package org.stakechain.network.wire;

import org.stakechain.codec.CodecException;

/** Why a connection ends, sent in {@code Disconnect} before the WebSocket is closed. Codes are the wire form. */
public enum DisconnectReason {
    REQUESTED(1),
    SHUTTING_DOWN(2),
    WRONG_CHAIN(3),
    WRONG_GENESIS(4),
    INCOMPATIBLE_VERSION(5),
    SELF_CONNECTION(6),
    DUPLICATE_NODE(7),
    TOO_MANY_PEERS(8),
    BAD_HANDSHAKE(9),
    HANDSHAKE_TIMEOUT(10),
    PROTOCOL_ERROR(11),
    LOW_SCORE(12),
    BANNED(13),
    IDLE_TIMEOUT(14),
    TOO_SLOW(15),
    /** The connection dropped without a Disconnect message (never sent on the wire, only reported locally). */
    CONNECTION_LOST(255);

    private final int code;

    DisconnectReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static DisconnectReason fromCode(int code) {
        for (DisconnectReason r : values()) {
            if (r.code == code && r != CONNECTION_LOST) {
                return r;
            }
        }
        throw new CodecException("unknown disconnect reason " + code);
    }
}
