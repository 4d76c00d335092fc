package org.stakechain.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.node.Node;
import org.stakechain.testing.RawHttp;
import org.stakechain.testing.SoloValidator;

/**
 * Requests no well-behaved client sends, answered before or outside the API's handlers (by Jetty's parser, by the
 * body limit, by a failing handler): each still gets a JSON {@code {"error","detail"}} and no Java internals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiHardeningTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final KeyPair VALIDATOR = KeyPair.deterministic("api-hardening/validator");

    @TempDir
    static Path dir;
    SoloValidator.Running solo;
    Node node;
    int port;

    @BeforeAll
    void startNode() throws Exception {
        Genesis genesis = SoloValidator.genesis(ChainParams.defaults("api-hardening").withSlotMillis(200), VALIDATOR);
        solo = SoloValidator.startWithApi(dir, genesis, VALIDATOR, ApiConfig.defaults().withBearerToken("t0ken"));
        node = solo.node();
        port = solo.port();
    }

    @AfterAll
    void stop() {
        if (solo != null) {
            solo.close();
        }
    }

    RawHttp.Response send(String requestLine, String headers, String body) throws IOException {
        return RawHttp.request(port, requestLine, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    static void assertJsonError(RawHttp.Response r, int status) throws IOException {
        assertThat(r.status()).as(r.headers() + r.text()).isEqualTo(status);
        assertThat(r.isJson()).as(r.headers() + r.text()).isTrue();
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("error").isTextual()).as(r.text()).isTrue();
        assertThat(body.path("detail").isTextual()).as(r.text()).isTrue();
        assertThat(r.text()).doesNotContain("Exception", "org.eclipse", "io.javalin", "org.stakechain", "\tat ");
    }

    @Test
    void headersAboveJettysLimitGetAJson431() throws Exception {
        assertJsonError(send("GET /api/v1/status HTTP/1.1", "X-Big: " + "a".repeat(40_000) + "\r\n", ""), 431);
    }

    @Test
    void aUriAboveJettysLimitGetsAJsonError() throws Exception {
        RawHttp.Response r = send("GET /api/v1/status?x=" + "a".repeat(40_000) + " HTTP/1.1", "", "");
        assertThat(r.status()).isIn(414, 431);
        assertJsonError(r, r.status());
    }

    @Test
    void aMalformedRequestLineGetsAJson400() throws Exception {
        assertJsonError(send("GET /api/v1/st\u0001atus HTTP/1.1", "", ""), 400);
        assertJsonError(send("GET /api/v1/status HTTP/1.1", "Bad Header Name: x\r\n", ""), 400);
    }

    @Test
    void aChunkedBodyAboveTheLimitIsRefusedWithoutBeingRead() throws Exception {
        byte[] chunk = "a".repeat(32 * 1024).getBytes(StandardCharsets.US_ASCII);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            body.append(Integer.toHexString(chunk.length)).append("\r\n").append(new String(chunk,
                    StandardCharsets.US_ASCII)).append("\r\n");
        }
        body.append("0\r\n\r\n");
        String head = "POST /api/v1/transactions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        RawHttp.Response r = RawHttp.exchange(port, head.getBytes(StandardCharsets.US_ASCII),
                body.toString().getBytes(StandardCharsets.US_ASCII), false);
        assertJsonError(r, 413);
    }

    @Test
    void bodiesThatAreNotJsonAndQueriesThatAreNotNumbersGet400() throws Exception {
        assertJsonError(send("POST /api/v1/transactions HTTP/1.1", "Content-Type: application/json\r\n", "{\"tx\":"),
                400);
        assertJsonError(send("POST /api/v1/transactions HTTP/1.1", "", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]"), 400);
        assertJsonError(send("GET /api/v1/blocks?limit=abc HTTP/1.1", "", ""), 400);
        assertJsonError(send("GET /api/v1/blocks?limit=99999999999999999999999 HTTP/1.1", "", ""), 400);
        assertJsonError(send("GET /api/v1/blocks?from=-1 HTTP/1.1", "", ""), 400);
        assertJsonError(send("GET /api/v1/accounts/%ff%fe HTTP/1.1", "", ""), 400);
    }

    @Test
    void unknownMethodsAndPathsGetJsonErrors() throws Exception {
        RawHttp.Response r = send("BREW /api/v1/status HTTP/1.1", "", "");
        assertThat(r.status()).isIn(400, 404, 405);
        assertJsonError(r, r.status());
        RawHttp.Response escape = send("GET /../../etc/passwd HTTP/1.1", "", "");
        assertThat(escape.status()).isIn(400, 404);
        assertJsonError(escape, escape.status());
        RawHttp.Response delete = send("DELETE /api/v1/status HTTP/1.1", "", "");
        assertThat(delete.status()).isIn(404, 405);
        assertJsonError(delete, delete.status());
    }

    @Test
    void transactWithoutTheTokenIs401AndTheTokenIsNeverEchoed() throws Exception {
        RawHttp.Response r = send("POST /transact HTTP/1.1", "Authorization: Bearer guess\r\n"
                + "Content-Type: application/json\r\n", "{\"to\":\"x\",\"amount\":1}");
        assertJsonError(r, 401);
        assertThat(r.text()).doesNotContain("t0ken").doesNotContain("guess");
    }
}
