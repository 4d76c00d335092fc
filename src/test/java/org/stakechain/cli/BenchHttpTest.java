package org.stakechain.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stakechain.testing.Seeds;

/**
 * The bench's own HTTP/1.1 client against a scripted server on a socket: answers by length, chunked, or ended by
 * the connection; connections kept alive and reused; one the server closed while idle replaced without the
 * caller seeing it; a stream's chunked body decoded across any split. Seeds replay with {@code -Dbenchhttp.seed=N}.
 */
class BenchHttpTest {
    /** What the server got: one per request, with the connection it came on. */
    record Request(int connection, String head, byte[] body) {
    }

    /** The answer to request number {@code i} (all connections), and whether to close the connection after it. */
    record Answer(byte[] bytes, boolean close) {
        static Answer of(String text, boolean close) {
            return new Answer(text.getBytes(StandardCharsets.ISO_8859_1), close);
        }
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private String serve(IntFunction<Answer> script) throws IOException {
        // the accept thread keeps its own socket: the field is replaced when a test serves again, and an earlier
        // thread reading the field would accept the new server's connections with the old script
        ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server = listening;
        AtomicInteger connections = new AtomicInteger();
        AtomicInteger count = new AtomicInteger();
        Thread accept = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket s = listening.accept();
                    int c = connections.getAndIncrement();
                    Thread t = new Thread(() -> handle(s, c, count, script));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        accept.setDaemon(true);
        accept.start();
        return "http://127.0.0.1:" + listening.getLocalPort();
    }

    private void handle(Socket s, int connection, AtomicInteger count, IntFunction<Answer> script) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                int c;
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    if ((c = in.read()) < 0) {
                        return;
                    }
                    head.write(c);
                }
                String h = head.toString(StandardCharsets.ISO_8859_1);
                int length = 0;
                for (String line : h.split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                byte[] body = in.readNBytes(length);
                requests.add(new Request(connection, h, body));
                Answer a = script.apply(count.getAndIncrement());
                out.write(a.bytes());
                out.flush();
                if (a.close()) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String byLength(int status, String body, String... headers) {
        return "HTTP/1.1 " + status + " X\r\n" + String.join("", headers) + "Content-Length: " + body.length()
                + "\r\n\r\n" + body;
    }

    @Test
    void answersByLengthChunkedOrToTheEndAndKeepsConnectionsAlive() throws Exception {
        String url = serve(i -> switch (i) {
            case 0 -> Answer.of(byLength(202, "{\"accepted\":2}"), false);
            case 1 -> Answer.of("HTTP/1.1 503 Busy\r\nRetry-After: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4;ext=1\r\n{\"a\"\r\n6\r\n:1,\"b\"\r\n3\r\n:2}\r\n0\r\nTrailer: x\r\n\r\n", false);
            case 2 -> Answer.of(byLength(200, "ok", "Connection: close\r\n"), true);
            case 3 -> Answer.of("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nto the end", true);
            case 4 -> Answer.of("HTTP/1.1 204 No Content\r\n\r\n", false); // no body, no length: not to the end
            default -> Answer.of(byLength(200, "again"), false);
        });
        try (BenchHttp.Pool pool = new BenchHttp.Pool(url, 5_000, 5_000)) {
            byte[] payload = {0, 1, 2, (byte) 0xff};
            BenchHttp.Response r = pool.post("/api/v1/transactions/batch", "application/x", payload);
            assertThat(r.status()).isEqualTo(202);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"accepted\":2}");
            assertThat(r.retryAfter()).isNull();
            r = pool.get("/a");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.retryAfter()).isEqualTo("3");
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1,\"b\":2}");
            assertThat(new String(pool.get("/b").body(), StandardCharsets.UTF_8)).isEqualTo("ok");
            assertThat(new String(pool.get("/c").body(), StandardCharsets.UTF_8)).isEqualTo("to the end");
            assertThat(pool.get("/d").body()).isEmpty();
            assertThat(new String(pool.get("/e").body(), StandardCharsets.UTF_8)).isEqualTo("again");
        }
        assertThat(requests).hasSize(6);
        assertThat(requests.get(0).head()).startsWith("POST /api/v1/transactions/batch HTTP/1.1\r\n")
                .contains("Content-Type: application/x\r\n", "Content-Length: 4\r\n");
        assertThat(requests.get(0).body()).containsExactly(0, 1, 2, 0xff);
        assertThat(requests.get(1).head()).startsWith("GET /a HTTP/1.1\r\n").doesNotContain("Content-Length");
        // the first three on one connection (kept alive), then a new one after each "close"
        assertThat(requests.stream().map(Request::connection).toList()).containsExactly(0, 0, 0, 1, 2, 2);
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplaced() throws Exception {
        // the server closes after each answer without saying so: the next request finds the connection dead
        String url = serve(i -> Answer.of(byLength(200, "n" + i), true));
        try (BenchHttp.Pool pool = new BenchHttp.Pool(url, 5_000, 5_000)) {
            for (int i = 0; i < 4; i++) {
                BenchHttp.Response r = pool.post("/p", "application/x", new byte[] {(byte) i});
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("n" + i);
            }
        }
        assertThat(requests.stream().map(r -> r.body()[0]).toList()).containsExactly((byte) 0, (byte) 1, (byte) 2,
                (byte) 3);
    }

    @Test
    void anAnswerCutShortIsAnError() throws Exception {
        String url = serve(i -> Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", true));
        try (BenchHttp.Pool pool = new BenchHttp.Pool(url, 5_000, 5_000)) {
            assertThatThrownBy(() -> pool.get("/x")).isInstanceOf(IOException.class);
        }
        String garbage = serve(i -> Answer.of("SSH-2.0-OpenSSH\r\n\r\n", true));
        try (BenchHttp.Pool pool = new BenchHttp.Pool(garbage, 5_000, 5_000)) {
            assertThatThrownBy(() -> pool.get("/x")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aStreamsChunkedBodyIsDecodedAcrossAnySplit() throws Exception {
        for (long seed : Seeds.of("benchhttp.seed", 8800, 10)) {
            Random random = new Random(seed);
            StringBuilder text = new StringBuilder();
            StringBuilder wire = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            for (int k = 0; k < 20; k++) {
                String chunk = ("event: tx\ndata: {\"n\":" + random.nextInt(1000) + "}\n\n").repeat(
                        1 + random.nextInt(300));
                text.append(chunk);
                wire.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
            }
            wire.append("0\r\n\r\n");
            stopQuietly();
            String url = serve(i -> Answer.of(wire.toString(), true));
            try (BenchHttp.Stream s = BenchHttp.Stream.open(url, "/api/v1/events?types=tx", "text/event-stream",
                    5_000)) {
                assertThat(s.status()).isEqualTo(200);
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                byte[] buf = new byte[1 + random.nextInt(5000)];
                int n;
                while ((n = s.body().read(buf, 0, 1 + random.nextInt(buf.length))) >= 0) {
                    got.write(buf, 0, n);
                }
                assertThat(got.toString(StandardCharsets.UTF_8)).as("seed " + seed).isEqualTo(text.toString());
            }
            assertThat(requests.get(requests.size() - 1).head()).startsWith("GET /api/v1/events?types=tx HTTP/1.1\r\n")
                    .contains("Accept: text/event-stream\r\n");
        }
    }

    private void stopQuietly() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
