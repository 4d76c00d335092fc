package org.stakechain.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.stakechain.api.ApiConfig;
import org.stakechain.api.ApiServer;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.network.Await;
import org.stakechain.node.Node;
import org.stakechain.testing.SoloValidator;

/**
 * Fuzzes the HTTP API of an in-process validator over raw sockets, so method, path, query, headers and body can
 * be anything a client could send. Every answer must be a well-formed HTTP response; no 5xx except the documented
 * backpressure 503; an error is a JSON {@code {"error","detail"}}; no body names a Java class or carries a stack
 * trace; and the node still finalizes blocks afterwards.
 */
class ApiFuzzTest {
    static final String TOKEN = "fuzz-token-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    static final KeyPair VALIDATOR = KeyPair.deterministic("api-fuzz/validator");
    static final KeyPair USER = KeyPair.deterministic("api-fuzz/user");
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE");
    static final List<String> PATHS = List.of("/", "/api/v1/status", "/api/v1/health", "/api/v1/blocks",
            "/api/v1/blocks/1", "/api/v1/blocks/", "/api/v1/transactions", "/api/v1/transactions/",
            "/api/v1/accounts/", "/api/v1/accounts/" + USER.address().text(), "/api/v1/validators", "/api/v1/lottery",
            "/api/v1/peers", "/api/v1/events", "/openapi.json", "/metrics", "/blocks", "/transactions", "/transact",
            "/public-key", "/balance", "/explorer.js", "/api/v2/x");
    static final List<String> HEADERS = List.of("Content-Type", "Accept", "Authorization", "Origin", "Host",
            "Content-Length", "Transfer-Encoding", "Content-Encoding", "Range", "X-Forwarded-For", "Cookie");

    static Path dir;
    static Node node;
    static ApiServer api;
    static int port;

    @BeforeAll
    static void startNode() throws IOException {
        dir = Files.createTempDirectory("api-fuzz");
        ChainParams params = ChainParams.defaults("api-fuzz").withSlotMillis(200);
        Genesis genesis = new Genesis(params, System.currentTimeMillis(),
                List.of(new Genesis.GenesisAccount("v", VALIDATOR.address(), Coins.of(10)),
                        new Genesis.GenesisAccount("user", USER.address(), Coins.of(1000))),
                List.of(new Genesis.GenesisValidator("v", VALIDATOR.publicKey(), Coins.of(500))));
        node = SoloValidator.start(dir, genesis, VALIDATOR);
        api = new ApiServer(node, ApiConfig.defaults().withBearerToken(TOKEN));
        port = api.start("127.0.0.1", 0);
    }

    @AfterAll
    static void nodeStillFinalizes() throws IOException {
        try {
            long before = node.store().finalHeight();
            Await.until("a final block after the fuzzing", () -> node.store().finalHeight() > before + 1,
                    Duration.ofSeconds(20));
        } finally {
            api.close();
            node.stop();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    void request(FuzzedDataProvider in) throws IOException {
        String method = in.consumeBoolean() ? in.pickValue(METHODS) : token(in.consumeAsciiString(12));
        String path = in.consumeBoolean() ? in.pickValue(PATHS) + in.consumeAsciiString(40)
                : in.pickValue(PATHS);
        String query = in.consumeBoolean() ? "?" + in.consumeAsciiString(60) : "";
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(oneLine(path + query)).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1\r\n");
        int headers = in.consumeInt(0, 4);
        for (int i = 0; i < headers; i++) {
            String name = in.consumeBoolean() ? in.pickValue(HEADERS) : token(in.consumeAsciiString(16));
            head.append(name).append(": ").append(oneLine(in.consumeString(80))).append("\r\n");
        }
        byte[] body = in.consumeRemainingAsBytes();
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        Response r = exchange(head.toString().getBytes(StandardCharsets.UTF_8), body, method);
        check(r, method + " " + path + query);
    }

    record Response(int status, String headers, byte[] body) {
    }

    static Response exchange(byte[] head, byte[] body, String method) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            s.shutdownOutput();
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
                    continue; // an interim response (Expect: 100-continue); the real one follows
                }
                String lower = headers.toLowerCase(Locale.ROOT);
                if (lower.contains("content-type: text/event-stream")) {
                    return new Response(status, headers, new byte[0]); // an event stream: never ends by itself
                }
                byte[] content = "HEAD".equals(method) || status == 204 || status == 304 ? new byte[0]
                        : in.readAllBytes();
                return new Response(status, headers, content);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no complete answer within 15 s");
        }
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

    static void check(Response r, String request) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        String lower = r.headers().toLowerCase(Locale.ROOT);
        if (r.status() >= 500 && r.status() != 503) {
            throw new AssertionError(request + " -> " + r.status() + ": " + body);
        }
        if (r.status() >= 400 && r.body().length > 0) {
            if (!lower.contains("content-type: application/json")) {
                throw new AssertionError(request + " -> " + r.status() + " without a JSON body: " + r.headers() + body);
            }
            JsonNode error;
            try {
                error = JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(request + " -> " + r.status() + " with a body that is not JSON: " + body);
            }
            if (!error.path("error").isTextual() || !error.path("detail").isTextual()) {
                throw new AssertionError(request + " -> " + r.status() + " without error and detail: " + body);
            }
        }
        if (r.status() >= 400 && (body.contains("Exception") || body.contains("\tat ") || body.contains("org.stakechain.")
                || body.contains("java.") || body.contains("org.eclipse.") || body.contains("io.javalin."))) {
            throw new AssertionError(request + " -> " + r.status() + " leaks internals: " + body);
        }
    }

    /** A header name or method: the request must stay one request, so no separators that end a line. */
    private static String token(String s) {
        String t = oneLine(s).replace(" ", "").replace(":", "");
        return t.isEmpty() ? "X" : t;
    }

    private static String oneLine(String s) {
        return s.replace("\r", "").replace("\n", "");
    }
}
