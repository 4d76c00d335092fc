package org.stakechain.network;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The client side of a WebSocket, opened with the JDK's {@code HttpClient}. The JDK hands a message over in
 * parts; they are joined here up to the frame limit, and a larger message is counted but never held.
 */
final class ClientConnection implements Connection, WebSocket.Listener {
    private final int maxFrameBytes;
    private volatile WebSocket socket;
    private volatile Peer peer;
    private ByteArrayOutputStream parts = new ByteArrayOutputStream();
    private long partsSize;

    ClientConnection(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    void attach(Peer owner) {
        this.peer = owner;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        peer.network().onOpened(peer);
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        partsSize += data.remaining();
        if (partsSize <= maxFrameBytes) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            parts.writeBytes(chunk);
        }
        if (last) {
            long size = partsSize;
            byte[] frame = size <= maxFrameBytes ? parts.toByteArray() : null;
            parts = new ByteArrayOutputStream();
            partsSize = 0;
            if (frame != null) {
                peer.onFrame(frame);
            } else {
                peer.onOversizedFrame(size);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (last) {
            peer.onTextFrame();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        peer.onTransportClosed(statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        peer.onTransportClosed(1006, String.valueOf(error.getMessage()));
    }

    @Override
    public CompletableFuture<Void> send(byte[] frame) {
        WebSocket ws = socket;
        if (ws == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not open"));
        }
        return ws.sendBinary(ByteBuffer.wrap(frame), true).thenApply(w -> null);
    }

    @Override
    public void close(int code, String reason) {
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(code, ServerConnection.closeReason(reason)).exceptionally(e -> null);
        }
    }

    @Override
    public void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }
}
