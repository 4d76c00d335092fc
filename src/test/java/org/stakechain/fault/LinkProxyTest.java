package org.stakechain.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy's three modes against an echo server. */
class LinkProxyTest {
    ServerSocket echo;
    LinkProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread c = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream()) {
                            in.transferTo(s.getOutputStream());
                        } catch (IOException ignored) {
                            // closed
                        }
                    });
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        proxy = new LinkProxy("a", "b");
        int echoPort = echo.getLocalPort();
        proxy.target(() -> echoPort);
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    Socket dial() throws IOException {
        Socket s = new Socket("127.0.0.1", proxy.port());
        s.setSoTimeout(5_000);
        return s;
    }

    static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes());
        byte[] got = s.getInputStream().readNBytes(text.length());
        return new String(got);
    }

    @Test
    void passForwardsBothWays() throws IOException {
        try (Socket s = dial()) {
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");
        }
        // the proxy counts a chunk after writing it on, so the echo can reach us before its count does
        org.stakechain.network.Await.until("both directions counted", () -> proxy.forwardedBytes() >= 10);
        assertThat(proxy.forwardedBytes()).isEqualTo(10);
    }

    @Test
    void dropClosesOpenConnectionsAndRefusesNewOnesUntilHealed() throws IOException {
        try (Socket s = dial()) {
            assertThat(roundTrip(s, "x")).isEqualTo("x");
            proxy.mode(LinkProxy.Mode.DROP);
            assertThat(readOrClosed(s)).isEqualTo(-1);
        }
        try (Socket s = dial()) {
            assertThat(readOrClosed(s)).isEqualTo(-1);
        }
        proxy.mode(LinkProxy.Mode.PASS);
        try (Socket s = dial()) {
            assertThat(roundTrip(s, "back")).isEqualTo("back");
        }
    }

    @Test
    void blackholeSwallowsBytesAndHealingClosesTheDamagedConnection() throws IOException {
        try (Socket s = dial()) {
            assertThat(roundTrip(s, "x")).isEqualTo("x");
            proxy.mode(LinkProxy.Mode.BLACKHOLE);
            s.setSoTimeout(300);
            s.getOutputStream().write("lost".getBytes());
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            proxy.mode(LinkProxy.Mode.PASS);
            s.setSoTimeout(5_000);
            assertThat(readOrClosed(s)).isEqualTo(-1);
        }
        try (Socket s = dial()) {
            assertThat(roundTrip(s, "again")).isEqualTo("again");
        }
    }

    /** -1 for a closed or reset connection. */
    static int readOrClosed(Socket s) {
        try {
            return s.getInputStream().read();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("still open after 5 s");
        } catch (IOException reset) {
            return -1;
        }
    }
}
