package org.stakechain.network;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
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
    /** The parts of the message being received, each copied once; joined when the last arrives. */
    private final List<byte[]> parts = new ArrayList<>();
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
        int n = data.remaining();
        partsSize += n;
        if (last && parts.isEmpty() && partsSize == n) {
            // the whole message in one part (small messages): handed over in the transport's buffer
            partsSize = 0;
            if (n <= maxFrameBytes) {
                peer.onFrame(data); // copied only if it is not a copy of a frame already handled
            } else {
                peer.onOversizedFrame(n);
            }
            webSocket.request(1);
            return null;
        }
        if (partsSize <= maxFrameBytes) {
            byte[] chunk = new byte[n];
            data.get(chunk);
            parts.add(chunk);
        } else {
            parts.clear(); // over the limit: counted, never held
        }
        if (last) {
            long size = partsSize;
            partsSize = 0;
            if (size <= maxFrameBytes) {
                peer.onFrame(joinParts((int) size));
            } else {
                peer.onOversizedFrame(size);
            }
        }
        webSocket.request(1);
        return null;
    }

    /** The parts joined into one array of exactly the message's size (no doubling buffer, no final trim). */
    private byte[] joinParts(int size) {
        byte[] frame = new byte[size];
        int at = 0;
        for (byte[] chunk : parts) {
            System.arraycopy(chunk, 0, frame, at, chunk.length);
            at += chunk.length;
        }
        parts.clear();
        return frame;
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
