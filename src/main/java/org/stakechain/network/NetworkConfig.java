package org.stakechain.network;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.network.wire.HostPort;
import org.stakechain.network.wire.MessageCodec;

/**
 * Everything the network layer is told, immutable. Build with {@link #builder}; defaults suit a real node, tests
 * shorten the intervals.
 *
 * @param host                 interface the WebSocket server binds to (127.0.0.1 unless told otherwise)
 * @param port                 0 picks a free port; {@link Network#port()} reports it
 * @param maxPeers             connected peers in both directions together
 * @param maxFrameBytes        a larger WebSocket message is dropped unread and costs the sender its connection
 * @param messagesPerSecond    per-peer token bucket on messages, with {@code messageBurst} tokens
 * @param bytesPerSecond       per-peer token bucket on bytes, with {@code byteBurst} (at least one full frame)
 * @param banThreshold         a peer whose score falls to this is disconnected and banned for {@code banDuration}
 * @param maxDialAttempts      consecutive failures after which a discovered (not boot) address is forgotten
 * @param maxSyncBlocks        most decided blocks served per SyncRequest (and never more than fit one frame)
 * @param maxOutboundQueueBytes a peer that lets more than this pile up unsent is too slow and is dropped
 * @param fetchTimeout         a batch asked for after its announcement and not served within this costs the
 *                             announcer score, and is asked of another peer that announced it
 * @param relayCacheBytes      the batches this node announced are kept, up to this many bytes, to serve requests
 */
public record NetworkConfig(String chainId, Hash genesisHash, KeyPair nodeKey, String host, int port, String path,
                            List<HostPort> bootnodes, int maxPeers, int maxFrameBytes, boolean peerExchange,
                            Duration peerExchangeInterval, Duration tickInterval, Duration handshakeTimeout,
                            Duration pingInterval, Duration idleTimeout, Duration reconnectBase, Duration reconnectMax,
                            int maxDialAttempts, double messagesPerSecond, int messageBurst, long bytesPerSecond,
                            long byteBurst, int banThreshold, Duration banDuration, int seenCacheSize,
                            int maxSyncBlocks, long maxOutboundQueueBytes, Duration fetchTimeout,
                            long relayCacheBytes) {

    public NetworkConfig {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(genesisHash, "genesisHash");
        Objects.requireNonNull(nodeKey, "nodeKey");
        Objects.requireNonNull(host, "host");
        bootnodes = List.copyOf(bootnodes);
        if (port < 0 || port > 65_535 || maxPeers < 1 || maxFrameBytes < 1024 || messageBurst < 1
                || messagesPerSecond <= 0 || bytesPerSecond <= 0 || banThreshold >= 0 || seenCacheSize < 1
                || maxSyncBlocks < 1 || maxSyncBlocks > MessageCodec.MAX_SYNC_BLOCKS || maxDialAttempts < 1) {
            throw new IllegalArgumentException("network config out of range");
        }
        if (byteBurst < maxFrameBytes) {
            throw new IllegalArgumentException("byteBurst must allow at least one frame of maxFrameBytes");
        }
        if (maxOutboundQueueBytes < maxFrameBytes) {
            throw new IllegalArgumentException("maxOutboundQueueBytes must hold at least one frame");
        }
        if (fetchTimeout.isNegative() || fetchTimeout.isZero() || relayCacheBytes < maxFrameBytes) {
            throw new IllegalArgumentException("fetchTimeout must be positive, relayCacheBytes hold at least one frame");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /");
        }
    }

    public static Builder builder(String chainId, Hash genesisHash, KeyPair nodeKey) {
        return new Builder(chainId, genesisHash, nodeKey);
    }

    public Builder toBuilder() {
        return new Builder(chainId, genesisHash, nodeKey).host(host).port(port).path(path).bootnodes(bootnodes)
                .maxPeers(maxPeers).maxFrameBytes(maxFrameBytes).peerExchange(peerExchange)
                .peerExchangeInterval(peerExchangeInterval).tickInterval(tickInterval)
                .handshakeTimeout(handshakeTimeout).pingInterval(pingInterval).idleTimeout(idleTimeout)
                .reconnect(reconnectBase, reconnectMax).maxDialAttempts(maxDialAttempts)
                .messageRate(messagesPerSecond, messageBurst).byteRate(bytesPerSecond, byteBurst)
                .ban(banThreshold, banDuration).seenCacheSize(seenCacheSize).maxSyncBlocks(maxSyncBlocks)
                .maxOutboundQueueBytes(maxOutboundQueueBytes).fetchTimeout(fetchTimeout)
                .relayCacheBytes(relayCacheBytes);
    }

    /** Fluent builder; every setter has a default suited to a real node. */
    public static final class Builder {
        private final String chainId;
        private final Hash genesisHash;
        private final KeyPair nodeKey;
        private String host = "127.0.0.1";
        private int port = 0;
        private String path = "/p2p";
        private List<HostPort> bootnodes = List.of();
        private int maxPeers = 25;
        private int maxFrameBytes = MessageCodec.DEFAULT_MAX_FRAME_BYTES;
        private boolean peerExchange = true;
        private Duration peerExchangeInterval = Duration.ofSeconds(30);
        private Duration tickInterval = Duration.ofMillis(250);
        private Duration handshakeTimeout = Duration.ofSeconds(5);
        private Duration pingInterval = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(35);
        private Duration reconnectBase = Duration.ofMillis(500);
        private Duration reconnectMax = Duration.ofSeconds(60);
        private int maxDialAttempts = 8;
        private double messagesPerSecond = 1_000;
        private int messageBurst = 2_000;
        private long bytesPerSecond = 16L * 1024 * 1024;
        private long byteBurst = 2L * MessageCodec.DEFAULT_MAX_FRAME_BYTES;
        private int banThreshold = -100;
        private Duration banDuration = Duration.ofMinutes(10);
        private int seenCacheSize = 50_000;
        private int maxSyncBlocks = 64;
        private long maxOutboundQueueBytes = 64L * 1024 * 1024;
        private Duration fetchTimeout = Duration.ofSeconds(3);
        // one largest frame; at 2,500 tx/s ~20 s of batches, where peers ask within a round trip. Held on the heap
        // and long-lived, so more would only add to what every full collection must mark and move
        private long relayCacheBytes = 8L * 1024 * 1024;

        private Builder(String chainId, Hash genesisHash, KeyPair nodeKey) {
            this.chainId = chainId;
            this.genesisHash = genesisHash;
            this.nodeKey = nodeKey;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder path(String value) {
            path = value;
            return this;
        }

        public Builder bootnodes(List<HostPort> value) {
            bootnodes = List.copyOf(value);
            return this;
        }

        public Builder maxPeers(int value) {
            maxPeers = value;
            return this;
        }

        /** Also raises the byte burst and outbound queue to hold at least two frames. */
        public Builder maxFrameBytes(int value) {
            maxFrameBytes = value;
            byteBurst = Math.max(byteBurst, 2L * value);
            maxOutboundQueueBytes = Math.max(maxOutboundQueueBytes, 2L * value);
            relayCacheBytes = Math.max(relayCacheBytes, value);
            return this;
        }

        public Builder peerExchange(boolean value) {
            peerExchange = value;
            return this;
        }

        public Builder peerExchangeInterval(Duration value) {
            peerExchangeInterval = value;
            return this;
        }

        public Builder tickInterval(Duration value) {
            tickInterval = value;
            return this;
        }

        public Builder handshakeTimeout(Duration value) {
            handshakeTimeout = value;
            return this;
        }

        public Builder pingInterval(Duration value) {
            pingInterval = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Builder reconnect(Duration base, Duration max) {
            reconnectBase = base;
            reconnectMax = max;
            return this;
        }

        public Builder maxDialAttempts(int value) {
            maxDialAttempts = value;
            return this;
        }

        public Builder messageRate(double perSecond, int burst) {
            messagesPerSecond = perSecond;
            messageBurst = burst;
            return this;
        }

        public Builder byteRate(long perSecond, long burst) {
            bytesPerSecond = perSecond;
            byteBurst = burst;
            return this;
        }

        public Builder ban(int threshold, Duration duration) {
            banThreshold = threshold;
            banDuration = duration;
            return this;
        }

        public Builder seenCacheSize(int value) {
            seenCacheSize = value;
            return this;
        }

        public Builder maxSyncBlocks(int value) {
            maxSyncBlocks = value;
            return this;
        }

        public Builder maxOutboundQueueBytes(long value) {
            maxOutboundQueueBytes = value;
            return this;
        }

        public Builder fetchTimeout(Duration value) {
            fetchTimeout = value;
            return this;
        }

        public Builder relayCacheBytes(long value) {
            relayCacheBytes = value;
            return this;
        }

        public NetworkConfig build() {
            return new NetworkConfig(chainId, genesisHash, nodeKey, host, port, path, bootnodes, maxPeers,
                    maxFrameBytes, peerExchange, peerExchangeInterval, tickInterval, handshakeTimeout, pingInterval,
                    idleTimeout, reconnectBase, reconnectMax, maxDialAttempts, messagesPerSecond, messageBurst,
                    bytesPerSecond, byteBurst, banThreshold, banDuration, seenCacheSize, maxSyncBlocks,
                    maxOutboundQueueBytes, fetchTimeout, relayCacheBytes);
        }
    }
}
