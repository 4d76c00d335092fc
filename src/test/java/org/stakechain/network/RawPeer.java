package org.stakechain.network;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.network.wire.HostPort;
import org.stakechain.network.wire.MessageCodec;
import org.stakechain.network.wire.PeerMessage;

/** A hand-driven peer on a bare JDK WebSocket: it can do the handshake right and then misbehave. */
final class RawPeer implements WebSocket.Listener, AutoCloseable {
    final List<PeerMessage> received = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private final java.io.ByteArrayOutputStream parts = new java.io.ByteArrayOutputStream();

    RawPeer(HostPort address) {
        try {
            socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://" + address + "/p2p"), this).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Challenge, then a Hello signed over the server's challenge; returns once the server's Hello arrived. */
    RawPeer handshake(KeyPair key, String chainId, Hash genesis) {
        send(new PeerMessage.Challenge(Hash.of(new byte[] {1})));
        PeerMessage.Challenge theirs = Await.value("server challenge", () -> first(PeerMessage.Challenge.class));
        send(PeerMessage.Hello.sign(MessageCodec.PROTOCOL_VERSION, chainId, genesis, key, 0, 0, theirs.nonce()));
        Await.value("server hello", () -> first(PeerMessage.Hello.class));
        return this;
    }

    <T extends PeerMessage> T first(Class<T> type) {
        for (PeerMessage m : received) {
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
        return null;
    }

    <T extends PeerMessage> java.util.List<T> all(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }

    long count(Class<? extends PeerMessage> type) {
        return received.stream().filter(type::isInstance).count();
    }

    void send(PeerMessage message) {
        sendRaw(MessageCodec.encode(message));
    }

    /** False once the server has closed the socket. */
    boolean sendRaw(byte[] frame) {
        try {
            socket.sendBinary(ByteBuffer.wrap(frame), true).get(5, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        parts.writeBytes(chunk);
        if (last) {
            try {
                received.add(MessageCodec.decode(parts.toByteArray(), Integer.MAX_VALUE));
            } catch (CodecException ignored) {
                // not our concern here
            }
            parts.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(1006);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
