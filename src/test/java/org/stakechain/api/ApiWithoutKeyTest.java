package org.stakechain.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.node.Node;
import org.stakechain.node.NodeBuilder;
import org.stakechain.node.NodeConfig;

/** A follower without a key (its validator is elsewhere): no wallet routes, CORS, stream bounds, health. */
class ApiWithoutKeyTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    Node follower() throws Exception {
        KeyPair validator = KeyPair.deterministic("api-nokey/validator");
        Genesis genesis = new Genesis(ChainParams.defaults("api-nokey"), System.currentTimeMillis(),
                List.of(new Genesis.GenesisAccount("v", validator.address(), Coins.of(10))),
                List.of(new Genesis.GenesisValidator("v", validator.publicKey(), Coins.of(500))));
        Files.writeString(dir.resolve("genesis.json"), genesis.toJson());
        return NodeBuilder.of(NodeConfig.of(dir.resolve("data"), dir.resolve("genesis.json")))
                .environment(Map.of()).build().start();
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void walletRoutesRefuseWhenTheNodeHasNoKey() throws Exception {
        Node node = follower();
        try (ApiServer api = new ApiServer(node, ApiConfig.defaults())) {
            String root = "http://127.0.0.1:" + api.start("127.0.0.1", 0);
            HttpResponse<String> t = send(HttpRequest.newBuilder(URI.create(root + "/transact"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"recipient\":\"x\",\"amount\":1}")));
            assertThat(t.statusCode()).isEqualTo(409);
            assertThat(JSON.readTree(t.body()).path("error").asText()).isEqualTo("no_key");
            for (String path : List.of("/balance", "/public-key")) {
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(root + path)));
                assertThat(r.statusCode()).isEqualTo(404);
                assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("no_key");
            }
            assertThat(send(HttpRequest.newBuilder(URI.create(root + "/api/v1/health"))).statusCode()).isEqualTo(200);
            node.stop();
            HttpResponse<String> down = send(HttpRequest.newBuilder(URI.create(root + "/api/v1/health")));
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(down.body()).path("status").asText()).isEqualTo("not_ready");
        } finally {
            node.stop();
        }
    }

    @Test
    void corsIsOffByDefaultAndOnlyForConfiguredOrigins() throws Exception {
        Node node = follower();
        try {
            try (ApiServer closed = new ApiServer(node, ApiConfig.defaults())) {
                String root = "http://127.0.0.1:" + closed.start("127.0.0.1", 0);
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(root + "/api/v1/status"))
                        .header("Origin", "http://evil.example"));
                assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            }
            try (ApiServer open = new ApiServer(node, ApiConfig.defaults().withCors(List.of("http://ui.example")))) {
                String root = "http://127.0.0.1:" + open.start("127.0.0.1", 0);
                HttpResponse<String> ok = send(HttpRequest.newBuilder(URI.create(root + "/api/v1/status"))
                        .header("Origin", "http://ui.example"));
                assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).contains("http://ui.example");
                HttpResponse<String> other = send(HttpRequest.newBuilder(URI.create(root + "/api/v1/status"))
                        .header("Origin", "http://evil.example"));
                assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            }
        } finally {
            node.stop();
        }
    }

    @Test
    void eventStreamsAreBounded() throws Exception {
        Node node = follower();
        try (ApiServer api = new ApiServer(node, ApiConfig.defaults().withMaxSseClients(1))) {
            String root = "http://127.0.0.1:" + api.start("127.0.0.1", 0);
            assertThat(send(HttpRequest.newBuilder(URI.create(root + "/api/v1/events"))).statusCode()).isEqualTo(406);
            HttpResponse<InputStream> first = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/events"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(first.statusCode()).isEqualTo(200);
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(first.body(),
                    java.nio.charset.StandardCharsets.UTF_8));
            String line;
            do { // the ": connected" comment: the stream is registered
                line = lines.readLine();
            } while (line != null && !line.contains("connected"));
            HttpResponse<String> second = send(HttpRequest.newBuilder(URI.create(root + "/api/v1/events"))
                    .header("Accept", "text/event-stream"));
            assertThat(second.statusCode()).as(second.body() + " clients=" + api.eventClients()).isEqualTo(503);
            assertThat(JSON.readTree(second.body()).path("error").asText()).isEqualTo("too_many_streams");
            first.body().close();
        } finally {
            node.stop();
        }
    }

    @Test
    void theEnvironmentSetsTheTokenAndCors() {
        ApiConfig c = ApiConfig.fromEnvironment(Map.of(ApiConfig.TOKEN_ENV, "t0k", ApiConfig.CORS_ENV,
                "http://a.example, http://b.example"));
        assertThat(c.bearerToken()).contains("t0k");
        assertThat(c.corsOrigins()).containsExactly("http://a.example", "http://b.example");
        assertThat(ApiConfig.fromEnvironment(Map.of()).corsOrigins()).isEmpty();
    }
}
