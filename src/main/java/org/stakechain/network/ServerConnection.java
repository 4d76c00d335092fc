package org.stakechain.network;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** The server side of a WebSocket: a Jetty session accepted by the Javalin endpoint. */
final class ServerConnection implements Connection {
    private final Session session;

    ServerConnection(Session session) {
        this.session = session;
    }

    @Override
    public CompletableFuture<Void> send(byte[] frame) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            session.sendBinary(ByteBuffer.wrap(frame), Callback.from(() -> done.complete(null), done::completeExceptionally));
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void close(int code, String reason) {
        try {
            session.close(code, closeReason(reason), Callback.NOOP);
        } catch (RuntimeException ignored) {
            // already closed
        }
    }

    @Override
    public void abort() {
        try {
            session.disconnect();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    /** A close frame's reason is at most 123 bytes of UTF-8. */
    static String closeReason(String reason) {
        String r = reason == null ? "" : reason;
        while (r.getBytes(StandardCharsets.UTF_8).length > 123) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }
}
