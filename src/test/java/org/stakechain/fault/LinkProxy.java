package org.stakechain.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * One direction of one link between two nodes: a TCP proxy on 127.0.0.1 that forwards whatever {@code from} dials
 * to {@code to}'s P2P port, and can cut the link. {@link Mode#DROP} closes every connection and refuses new ones
 * (the peer sees a reset at once); {@link Mode#BLACKHOLE} keeps connections open but throws every byte away (the
 * peer sees silence until its timeouts). Healing to {@link Mode#PASS} closes blackholed connections, whose
 * WebSocket streams lost bytes mid-frame, so that the nodes reconnect cleanly.
 */
final class LinkProxy implements AutoCloseable {
    enum Mode { PASS, DROP, BLACKHOLE }

    final String from;
    final String to;
    /** {@code to}'s P2P port now, 0 while unknown ({@link #target}): a restarted node binds another free port. */
    private volatile IntSupplier targetPort = () -> 0;
    private final ServerSocket server;
    private final Set<Pipe> pipes = ConcurrentHashMap.newKeySet();
    private final AtomicLong forwardedBytes = new AtomicLong();
    private volatile Mode mode = Mode.PASS;
    private volatile boolean open = true;

    LinkProxy(String from, String to) throws IOException {
        this.from = from;
        this.to = to;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(this::acceptLoop, "proxy-" + from + "-" + to);
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Where to forward: {@code to}'s P2P port, asked at each connection. */
    void target(IntSupplier port) {
        targetPort = port;
    }

    Mode mode() {
        return mode;
    }

    long forwardedBytes() {
        return forwardedBytes.get();
    }

    synchronized void mode(Mode next) {
        Mode previous = mode;
        mode = next;
        if (next == Mode.DROP || (previous == Mode.BLACKHOLE && next == Mode.PASS)) {
            for (Pipe p : pipes) {
                p.close();
            }
        }
    }

    private void acceptLoop() {
        while (open) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (mode == Mode.DROP) {
                closeQuietly(client);
                continue;
            }
            Thread t = new Thread(() -> connect(client), "proxy-conn-" + from + "-" + to);
            t.setDaemon(true);
            t.start();
        }
    }

    private void connect(Socket client) {
        int port = targetPort.getAsInt();
        if (port <= 0) {
            closeQuietly(client); // the node has not bound its port yet: the dialer retries
            return;
        }
        Socket target = new Socket();
        try {
            target.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
            target.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(target);
            return;
        }
        Pipe pipe = new Pipe(client, target);
        pipes.add(pipe);
        if (mode == Mode.DROP) {
            pipe.close();
            return;
        }
        pipe.start();
    }

    @Override
    public void close() {
        open = false;
        closeQuietly(server);
        for (Pipe p : pipes) {
            p.close();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    /** A client connection and its connection to the target, pumped both ways. */
    private final class Pipe {
        private final Socket client;
        private final Socket target;

        Pipe(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        void start() {
            pump(client, target, "up");
            pump(target, client, "down");
        }

        private void pump(Socket in, Socket out, String direction) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[64 * 1024];
                try (InputStream is = in.getInputStream(); OutputStream os = out.getOutputStream()) {
                    int n;
                    while ((n = is.read(buffer)) >= 0) {
                        if (mode == Mode.PASS) {
                            os.write(buffer, 0, n);
                            os.flush();
                            forwardedBytes.addAndGet(n);
                        } // BLACKHOLE: read and forget, so the sender's buffers never fill
                    }
                } catch (IOException ignored) {
                    // either side closed
                } finally {
                    close();
                }
            }, "proxy-" + direction + "-" + from + "-" + to);
            t.setDaemon(true);
            t.start();
        }

        void close() {
            pipes.remove(this);
            closeQuietly(client);
            closeQuietly(target);
        }
    }
}
