package org.stakechain.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for requests no HTTP client would send (any method, raw bytes in the request line,
 * huge headers, lying lengths). Reads one response; an event stream's body is not read.
 */
public final class RawHttp {
    private RawHttp() {
    }

    public record Response(int status, String headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public boolean isJson() {
            return headers.toLowerCase(Locale.ROOT).contains("content-type: application/json");
        }
    }

    /** Sends {@code head} (request line and headers, ending in an empty line) and {@code body}, then half-closes. */
    public static Response exchange(int port, byte[] head, byte[] body, boolean headRequest) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(head);
                out.write(body);
                out.flush();
                s.shutdownOutput();
            } catch (IOException refusedMidway) {
                // the server may answer and close before reading everything (413, 431): read what it said
            }
            InputStream in = s.getInputStream();
            while (true) {
                String headers = readHead(in);
                if (headers.isEmpty()) {
                    throw new AssertionError("the connection closed without a response");
                }
                if (!headers.matches("(?s)HTTP/1\\.1 \\d{3} .*")) {
                    throw new AssertionError("not an HTTP response: " + headers);
                }
                int status = Integer.parseInt(headers.substring(9, 12));
                if (status >= 100 && status < 200) {
                    continue; // an interim response; the real one follows
                }
                if (headers.toLowerCase(Locale.ROOT).contains("content-type: text/event-stream")) {
                    return new Response(status, headers, new byte[0]);
                }
                byte[] content = headRequest || status == 204 || status == 304 ? new byte[0] : in.readAllBytes();
                return new Response(status, headers, content);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no complete answer within 15 s");
        }
    }

    /** A request with the given request line and extra header lines, Content-Length set, the connection closed. */
    public static Response request(int port, String requestLine, String headers, byte[] body) throws IOException {
        String head = requestLine + "\r\nHost: 127.0.0.1\r\n" + headers + "Content-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        return exchange(port, head.getBytes(StandardCharsets.ISO_8859_1), body, requestLine.startsWith("HEAD "));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        int c;
        while (state < 4 && (c = in.read()) >= 0) {
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : (c == '\r' ? 1 : 0);
            if (b.size() > 64 * 1024) {
                throw new AssertionError("response headers above 64 KiB");
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
