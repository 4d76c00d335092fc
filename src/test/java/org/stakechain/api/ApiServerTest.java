package org.stakechain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.stakechain.crypto.Hex;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.network.Await;
import org.stakechain.node.Node;
import org.stakechain.node.NodeBuilder;
import org.stakechain.testing.SoloValidator;
import org.stakechain.node.NodeConfig;
import org.stakechain.storage.StorageException;

/** One in-process validator that finalizes alone (100% of the stake), asked through its HTTP API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final KeyPair VALIDATOR = KeyPair.deterministic("api-test/validator");
    static final KeyPair USER = KeyPair.deterministic("api-test/user");

    @TempDir
    static Path dir;
    SoloValidator.Running solo;
    Node node;
    String base;
    Genesis genesis;

    @BeforeAll
    void startNode() throws Exception {
        genesis = SoloValidator.genesis(ChainParams.defaults("api-test").withSlotMillis(200), VALIDATOR,
                SoloValidator.funded("user", USER, Coins.of(1000)));
        solo = SoloValidator.startWithApi(dir, genesis, VALIDATOR, ApiConfig.fromEnvironment(System.getenv()));
        node = solo.node();
        base = solo.url() + "/api/v1";
    }

    @AfterAll
    void stop() {
        if (solo != null) {
            solo.close();
        }
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void statusNamesTheChainHeightAndValidator() throws Exception {
        JsonNode s = json(get("/status"));
        assertThat(s.path("chainId").asText()).isEqualTo("api-test");
        assertThat(s.path("finalHeight").asLong()).isPositive();
        assertThat(s.path("validator").asText()).isEqualTo(VALIDATOR.address().text());
        assertThat(s.path("syncing").asBoolean()).isFalse();
    }

    @Test
    void blocksAreFoundByHeightAndByHashWithTheirCertificate() throws Exception {
        JsonNode byHeight = json(get("/blocks/1"));
        assertThat(byHeight.path("height").asLong()).isEqualTo(1);
        assertThat(byHeight.path("certificate").path("confirmations")).hasSize(1);
        JsonNode byHash = json(get("/blocks/" + byHeight.path("hash").asText()));
        assertThat(byHash.path("hash")).isEqualTo(byHeight.path("hash"));
        assertThat(get("/blocks/99999999").statusCode()).isEqualTo(404);
        HttpResponse<String> bad = get("/blocks/nope");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("error").asText()).isEqualTo("bad_block_id");
    }

    @Test
    void aTransferIsAcceptedThenFinalWithItsReceipt() throws Exception {
        Transaction tx = Transaction.sign("api-test", USER, 0, Coins.parse("0.001"),
                new TxPayload.Transfer(VALIDATOR.address(), Coins.of(5)));
        HttpResponse<String> r = post("/transactions", "{\"tx\":\"" + Hex.encode(tx.encode()) + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(json(r).path("hash").asText()).isEqualTo(tx.hash().hex());
        Await.until("final", () -> {
            try {
                return json(get("/transactions/" + tx.hash().hex())).path("status").asText().equals("final");
            } catch (Exception e) {
                return false;
            }
        }, java.time.Duration.ofSeconds(20));
        JsonNode t = json(get("/transactions/" + tx.hash().hex()));
        assertThat(t.path("receipt").path("success").asBoolean()).isTrue();
        JsonNode account = json(get("/accounts/" + USER.address().text()));
        assertThat(account.path("nonce").asLong()).isEqualTo(1);
        assertThat(account.path("balanceUnits").asLong()).isEqualTo(Coins.of(995) - Coins.parse("0.001"));
        assertThat(account.path("balance").asText()).isEqualTo("994.999");
    }

    @Test
    void badTransactionsAreRefusedWithAReasonAPersonCanActOn() throws Exception {
        HttpResponse<String> hex = post("/transactions", "xyz");
        assertThat(hex.statusCode()).isEqualTo(400);
        assertThat(json(hex).path("error").asText()).isEqualTo("bad_hex");
        HttpResponse<String> garbage = post("/transactions", "{\"tx\":\"00ff\"}");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(json(garbage).path("error").asText()).isEqualTo("undecodable");
        Transaction poor = Transaction.sign("api-test", KeyPair.deterministic("api-test/nobody"), 0,
                Coins.parse("0.001"), new TxPayload.Transfer(USER.address(), Coins.of(1)));
        HttpResponse<String> r = post("/transactions", Hex.encode(poor.encode()));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).isEqualTo("INSUFFICIENT_BALANCE");
        assertThat(json(r).path("detail").asText()).contains("balance");
        HttpResponse<String> huge = post("/transactions", "a".repeat(200_000));
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(json(huge).path("error").asText()).isEqualTo("too_large");
    }

    @Test
    void unknownThingsAnswerJsonErrors() throws Exception {
        HttpResponse<String> tx = get("/transactions/" + "ab".repeat(32));
        assertThat(tx.statusCode()).isEqualTo(404);
        assertThat(json(tx).path("status").asText()).isEqualTo("unknown");
        HttpResponse<String> addr = get("/accounts/not-an-address");
        assertThat(addr.statusCode()).isEqualTo(400);
        assertThat(json(addr).path("error").asText()).isEqualTo("bad_address");
        HttpResponse<String> none = get("/nothing-here");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(json(none).path("error").asText()).isEqualTo("not_found");
    }

    @Test
    void aDataDirOfAnotherGenesisIsRefused() throws Exception {
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Genesis different = new Genesis(genesis.params(), genesis.genesisTimeMillis() + 1, genesis.accounts(),
                genesis.validators());
        Files.writeString(other.resolve("genesis.json"), different.toJson());
        Path data = other.resolve("data");
        NodeBuilder.of(NodeConfig.of(data, dir.resolve("genesis.json"))).build().stop();
        assertThatThrownBy(() -> NodeBuilder.of(NodeConfig.of(data, other.resolve("genesis.json"))).build())
                .isInstanceOf(StorageException.class).hasMessageContaining("refusing to start");
    }

    /** The explorer's files come from memory (read once from the classpath), byte for byte, with their types. */
    @Test
    void theExplorerFilesAreServedWithTheirTypesAndValidators() throws Exception {
        String root = solo.url();
        record Expect(String path, String resource, String type) {
        }
        for (Expect e : java.util.List.of(new Expect("/", "/explorer/index.html", "text/html"),
                new Expect("/index.html", "/explorer/index.html", "text/html"),
                new Expect("/explorer.css", "/explorer/explorer.css", "text/css"),
                new Expect("/explorer.js", "/explorer/explorer.js", "text/javascript"))) {
            byte[] expected;
            try (var in = ApiServerTest.class.getResourceAsStream(e.resource())) {
                expected = in.readAllBytes();
            }
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(root + e.path())).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(e.path()).isEqualTo(200);
            assertThat(r.body()).as(e.path()).isEqualTo(expected);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(e.path()).startsWith(e.type());
            assertThat(r.headers().firstValue("Cache-Control").orElse("")).isEqualTo("no-cache");
            String etag = r.headers().firstValue("ETag").orElseThrow();
            HttpResponse<byte[]> again = HTTP.send(HttpRequest.newBuilder(URI.create(root + e.path()))
                    .header("If-None-Match", etag).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(again.statusCode()).as(e.path()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            HttpResponse<byte[]> stale = HTTP.send(HttpRequest.newBuilder(URI.create(root + e.path()))
                    .header("If-None-Match", "\"0\"").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(stale.statusCode()).isEqualTo(200);
            assertThat(stale.body()).isEqualTo(expected);
            HttpResponse<byte[]> head = HTTP.send(HttpRequest.newBuilder(URI.create(root + e.path()))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(head.statusCode()).as(e.path()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
        }
        HttpResponse<String> elsewhere = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/explorer.txt")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(elsewhere.body()).startsWith("{").contains("\"not_found\"");
        HttpResponse<String> api = get("/index.html");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.body()).startsWith("{");
    }
}
