package org.stakechain.fuzz;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.stakechain.api.ApiConfig;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.network.Await;
import org.stakechain.node.Node;
import org.stakechain.testing.RawHttp;
import org.stakechain.testing.RawHttp.Response;
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
    static SoloValidator.Running solo;
    static Node node;
    static int port;

    @BeforeAll
    static void startNode() throws IOException {
        dir = Files.createTempDirectory("api-fuzz");
        Genesis genesis = SoloValidator.genesis(ChainParams.defaults("api-fuzz").withSlotMillis(200), VALIDATOR,
                SoloValidator.funded("user", USER, Coins.of(1000)));
        solo = SoloValidator.startWithApi(dir, genesis, VALIDATOR, ApiConfig.defaults().withBearerToken(TOKEN));
        node = solo.node();
        port = solo.port();
    }

    @AfterAll
    static void nodeStillFinalizes() throws IOException {
        try {
            long before = node.store().finalHeight();
            Await.until("a final block after the fuzzing", () -> node.store().finalHeight() > before + 1,
                    Duration.ofSeconds(20));
        } finally {
            solo.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    void request(FuzzedDataProvider in) throws IOException {
        // the harness itself talks to the node on loopback; Jazzer's SSRF detector would flag that
        BugDetectors.allowNetworkConnections((host, p) -> "127.0.0.1".equals(host) || "localhost".equals(host));
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
        Response r;
        try {
            r = RawHttp.exchange(port, head.toString().getBytes(StandardCharsets.UTF_8), body, "HEAD".equals(method));
        } catch (java.net.SocketException e) {
            // a request line that is not HTTP (a method outside RFC 9110's token characters, control characters
            // or spaces in the target) may be answered 400 and closed before the rest is read; the kernel then
            // resets the connection and the 400 can be lost on our side. Anything that is HTTP must be answered.
            if (isHttpRequestLine(method, path + query)) {
                throw e;
            }
            return;
        }
        check(r, method + " " + path + query);
    }

    private static boolean isHttpRequestLine(String method, String target) {
        return method.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)
                && target.chars().allMatch(c -> c > 32 && c < 127);
    }

    /** The API's promises about any answer, whatever was asked. */
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
        if (r.status() >= 400) {
            for (String internal : List.of("Exception", "\tat ", "org.stakechain.", "java.", "org.eclipse.",
                    "io.javalin.")) {
                // a detail may quote the request back (the path, the method); only what it did not send is a leak
                if (body.contains(internal) && !request.contains(internal)) {
                    throw new AssertionError(request + " -> " + r.status() + " leaks internals: " + body);
                }
            }
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
