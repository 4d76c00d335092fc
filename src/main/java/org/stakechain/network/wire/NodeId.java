package org.stakechain.network.wire;

import org.stakechain.crypto.PublicKey;

/**
 * A node's identity on the network: the public half of its node key (not its validator key, which may live
 * elsewhere). A peer proves it holds the key in the handshake, so an id cannot be claimed by someone else.
 */
public record NodeId(PublicKey key) implements Comparable<NodeId> {

    public NodeId {
        java.util.Objects.requireNonNull(key, "key");
    }

    public static NodeId of(PublicKey key) {
        return new NodeId(key);
    }

    public String shortHex() {
        return key.hex().substring(0, 8);
    }

    @Override
    public int compareTo(NodeId other) {
        return key.compareTo(other.key);
    }

    @Override
    public String toString() {
        return "node:" + shortHex();
    }
}
