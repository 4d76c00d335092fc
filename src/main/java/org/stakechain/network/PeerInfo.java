package org.stakechain.network;

import org.stakechain.network.wire.HostPort;
import org.stakechain.network.wire.NodeId;

/**
 * A snapshot of one connected peer.
 *
 * @param address    where the peer listens (for an inbound peer that listens nowhere: its remote socket address)
 * @param score      starts at 0, drops for bad data (see {@link Misbehaviour}); at the ban threshold the peer is dropped
 * @param bestHeight its best final height as it last told us (Hello, Ping/Pong, Decided, SyncResponse)
 */
public record PeerInfo(NodeId id, HostPort address, Direction direction, int score, long bestHeight) {
}
