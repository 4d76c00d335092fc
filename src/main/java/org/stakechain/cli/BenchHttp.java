package org.stakechain.cli;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The bench's own HTTP/1.1 client for its hot requests (the binary batches, the event streams): blocking sockets,
 * one request at a time per connection, kept alive and reused. The JDK {@code HttpClient} spent most of the
 * bench's CPU (a selector thread, executor hops and completable futures per request and per read of a stream)
 * on a machine the bench shares with the nodes it measures. Enough of HTTP/1.1 for a Jetty node: a
 * {@code Content-Length} or chunked answer, or one that ends with the connection; {@code Connection: close}.
 */
final class BenchHttp {
    private BenchHttp() {
    }

    /** An answer read whole: its status, body and {@code Retry-After} header (null when absent). */
    record Response(int status, byte[] body, String retryAfter) {
    }

    /** The connections to one node ({@code http://host:port}), taken by one request at a time. */
    static final class Pool implements Closeable {
        private final String host;
        private final int port;
        private final int connectMillis;
        private final int readMillis;
        private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
        private volatile boolean closed;

        Pool(String baseUrl, int connectMillis, int readMillis) {
            URI u = URI.create(baseUrl);
            this.host = u.getHost();
            this.port = u.getPort() < 0 ? 80 : u.getPort();
            this.connectMillis = connectMillis;
            this.readMillis = readMillis;
        }

        /**
         * {@code POST path} with {@code body}. On a reused connection that fails before any answer byte (the node
         * closed it while idle) it is sent once more on a new one: the callers' requests may be repeated (a batch
         * sent again comes back as taken).
         */
        Response post(String path, String contentType, byte[] body) throws IOException {
            return send("POST", path, contentType, body);
        }

        /** {@code GET path}, as {@link #post}. */
        Response get(String path) throws IOException {
            return send("GET", path, null, null);
        }

        private Response send(String method, String path, String contentType, byte[] body) throws IOException {
            Connection c = idle.pollFirst();
            if (c != null) {
                try {
                    return finish(c, c.send(host, port, method, path, contentType, body));
                } catch (StaleConnection e) {
                    c.close(); // and once more on a new connection, below
                } catch (IOException | RuntimeException e) {
                    c.close();
                    throw e;
                }
            }
            c = new Connection(Connection.open(host, port, connectMillis, readMillis));
            try {
                return finish(c, c.send(host, port, method, path, contentType, body));
            } catch (StaleConnection e) {
                c.close();
                throw new IOException("the node closed the connection before answering", e);
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
        }

        private Response finish(Connection c, Response r) {
            if (c.reusable() && !closed) {
                idle.addFirst(c);
            } else {
                c.close();
            }
            return r;
        }

        @Override
        public void close() {
            closed = true;
            Connection c;
            while ((c = idle.pollFirst()) != null) {
                c.close();
            }
        }
    }

    /** A connection failed before any byte of the answer came: the request may not have been seen. */
    private static final class StaleConnection extends IOException {
        StaleConnection(IOException cause) {
            super(cause);
        }
    }

    /** One open connection; one request at a time. */
    static final class Connection implements Closeable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean reusable = true;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new Buffered(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        static Socket open(String host, int port, int connectMillis, int readMillis) throws IOException {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), connectMillis);
                s.setSoTimeout(readMillis);
                return s;
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
        }

        boolean reusable() {
            return reusable;
        }

        /** {@code body}: null for none (a GET). */
        Response send(String host, int port, String method, String path, String contentType, byte[] body)
                throws IOException {
            String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                    + (body == null ? "" : "Content-Type: " + contentType + "\r\nContent-Length: " + body.length
                    + "\r\n") + "\r\n";
            Head h;
            try {
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                reusable = false;
                throw new StaleConnection(e);
            }
            try {
                h = readHead(in, true);
            } catch (IOException | RuntimeException e) {
                reusable = false;
                throw e;
            }
            try {
                byte[] answer;
                if (h.status == 204 || h.status == 304) {
                    answer = new byte[0]; // never a body (RFC 9112 6.3)
                } else if (h.chunked) {
                    answer = new Chunked(in).readAllBytes();
                } else if (h.contentLength >= 0) {
                    answer = in.readNBytes(Math.toIntExact(h.contentLength));
                    if (answer.length != h.contentLength) {
                        throw new EOFException("the answer ended after " + answer.length + " of "
                                + h.contentLength + " bytes");
                    }
                } else {
                    answer = in.readAllBytes(); // ends with the connection
                    reusable = false;
                }
                if (h.close) {
                    reusable = false;
                }
                return new Response(h.status, answer, h.retryAfter);
            } catch (IOException | RuntimeException e) {
                reusable = false;
                throw e;
            }
        }

        @Override
        public void close() {
            reusable = false;
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /**
     * {@code GET path} with {@code Accept: accept} on a new connection, for a stream: its status, and its body as it
     * comes (the caller closes {@code socket} to end it, from any thread).
     */
    record Stream(Socket socket, int status, InputStream body) implements Closeable {
        static Stream open(String baseUrl, String path, String accept, int connectMillis) throws IOException {
            URI u = URI.create(baseUrl);
            int port = u.getPort() < 0 ? 80 : u.getPort();
            Socket s = Connection.open(u.getHost(), port, connectMillis, 0);
            try {
                InputStream in = new Buffered(s.getInputStream());
                OutputStream out = s.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + port + "\r\nAccept: " + accept
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Head h = readHead(in, false);
                InputStream body = h.chunked ? new Chunked(in)
                        : h.contentLength >= 0 ? new Limited(in, h.contentLength) : in;
                return new Stream(s, h.status, body);
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** An answer's status line and the headers the bench needs. */
    private record Head(int status, long contentLength, boolean chunked, boolean close, String retryAfter) {
    }

    /**
     * Reads the status line and headers (1xx answers skipped). {@code staleIfNothing}: an end or failure before the
     * first byte is a {@link StaleConnection}.
     */
    private static Head readHead(InputStream in, boolean staleIfNothing) throws IOException {
        while (true) {
            String status;
            try {
                status = line(in, true);
            } catch (EOFException | java.net.SocketException e) {
                // ended or reset before a byte of the answer: a connection the node had closed
                throw staleIfNothing && !(e instanceof NotEmpty) ? new StaleConnection(e) : e;
            }
            if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' ') {
                throw new IOException("not an HTTP/1.x answer: " + status);
            }
            int code;
            try {
                code = Integer.parseInt(status, 9, 12, 10);
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status: " + status);
            }
            long length = -1;
            boolean chunked = false;
            boolean close = status.startsWith("HTTP/1.0");
            String retryAfter = null;
            String header;
            while (!(header = line(in, false)).isEmpty()) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    try {
                        length = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IOException("bad Content-Length: " + value);
                    }
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    String v = value.toLowerCase(Locale.ROOT);
                    close = v.contains("close") || (close && !v.contains("keep-alive"));
                } else if (name.equalsIgnoreCase("Retry-After")) {
                    retryAfter = value;
                }
            }
            if (code >= 100 && code < 200) {
                continue; // 100 Continue and the like: the real answer follows
            }
            return new Head(code, chunked ? -1 : length, chunked, close, retryAfter);
        }
    }

    /** An end of the stream after the first byte of a line: the answer started. */
    private static final class NotEmpty extends EOFException {
        NotEmpty(String message) {
            super(message);
        }
    }

    /** A header line (ISO-8859-1) without its CRLF; an EOF at its start is an {@link EOFException}. */
    private static String line(InputStream in, boolean first) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int c;
        int read = 0;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                if (read == 0 && first) {
                    throw new EOFException("the connection ended before an answer");
                }
                throw new NotEmpty("the connection ended in the answer's head");
            }
            read++;
            if (sb.length() > 16 * 1024) {
                throw new NotEmpty("an answer's header line over 16 KiB");
            }
            sb.append((char) c);
        }
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') {
            sb.setLength(n - 1);
        }
        return sb.toString();
    }

    /** A chunked body, decoded; ends after the last chunk and its trailers. */
    static final class Chunked extends InputStream {
        private final InputStream in;
        private long remaining;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (remaining == 0) {
                if (done || !nextChunk()) {
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("the connection ended inside a chunk");
            }
            remaining -= n;
            if (remaining == 0) {
                crlf();
            }
            return n;
        }

        /** Reads a chunk's size line; false after the last (size 0) chunk and its trailers. */
        private boolean nextChunk() throws IOException {
            String size = line(in, false);
            int ext = size.indexOf(';');
            String hex = (ext < 0 ? size : size.substring(0, ext)).trim();
            long n;
            try {
                n = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + size);
            }
            if (n < 0) {
                throw new IOException("bad chunk size: " + size);
            }
            if (n == 0) {
                while (!line(in, false).isEmpty()) {
                    // trailers: none the bench needs
                }
                done = true;
                return false;
            }
            remaining = n;
            return true;
        }

        private void crlf() throws IOException {
            String end = line(in, false);
            if (!end.isEmpty()) {
                throw new IOException("a chunk not followed by CRLF");
            }
        }

        /** Reads the whole body (an answer). */
        @Override
        public byte[] readAllBytes() throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream(1024);
            byte[] buf = new byte[8192];
            int n;
            while ((n = read(buf, 0, buf.length)) >= 0) {
                all.write(buf, 0, n);
            }
            return all.toByteArray();
        }
    }

    /** The first {@code limit} bytes of a stream. */
    private static final class Limited extends InputStream {
        private final InputStream in;
        private long left;

        Limited(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int c = in.read();
            if (c >= 0) {
                left--;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /**
     * A socket's input, buffered without a lock per call ({@code BufferedInputStream}'s are synchronized, and the
     * head of every answer is read a byte at a time); one reader at a time.
     */
    static final class Buffered extends InputStream {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int limit;

        Buffered(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (pos == limit && !fill()) {
                return -1;
            }
            return buf[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos == limit) {
                if (len >= buf.length) {
                    return in.read(b, off, len); // a large read goes straight to the caller's array
                }
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }

        @Override
        public int available() throws IOException {
            return limit - pos;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
