package org.stakechain.network;

/** Who opened the WebSocket: the peer (we are its server) or we (we are its client). */
public enum Direction {
    INBOUND,
    OUTBOUND
}
