package org.stakechain.network;

import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket, whichever side opened it: the server side (Jetty, through Javalin) and the client side (the JDK's
 * HttpClient) look the same to {@link Peer}. {@link #send} is called with at most one frame outstanding.
 */
interface Connection {

    CompletableFuture<Void> send(byte[] frame);

    /** Closes the socket with a WebSocket close code; safe to call more than once. */
    void close(int code, String reason);

    /** Drops the socket without the closing handshake (a peer that stopped reading). */
    void abort();
}
