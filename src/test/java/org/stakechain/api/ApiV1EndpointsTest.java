package org.stakechain.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
import org.stakechain.testing.SoloValidator;

/**
 * The v1 endpoints, the event stream, the metrics and the seed's routes of one in-process validator that finalizes
 * alone, with a bearer token for /transact. Bad input of every kind gets a 4xx with {"error","detail"} and the node
 * keeps finalizing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiV1EndpointsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final KeyPair VALIDATOR = KeyPair.deterministic("api-v1/validator");
    static final KeyPair USER = KeyPair.deterministic("api-v1/user");
    static final KeyPair EVENTER = KeyPair.deterministic("api-v1/eventer");
    static final String TOKEN = "s3cret-token";

    @TempDir
    static Path dir;
    SoloValidator.Running solo;
    Node node;
    String root;

    @BeforeAll
    void startNode() throws Exception {
        Genesis genesis = SoloValidator.genesis(ChainParams.defaults("api-v1").withSlotMillis(200), VALIDATOR,
                Coins.of(100), Coins.of(350), SoloValidator.funded("user", USER, Coins.of(1000)),
                SoloValidator.funded("eventer", EVENTER, Coins.of(1000)));
        solo = SoloValidator.startWithApi(dir, genesis, VALIDATOR,
                ApiConfig.defaults().withBearerToken(TOKEN).withHeartbeat(Duration.ofMillis(500)));
        node = solo.node();
        root = solo.url();
    }

    @AfterAll
    void stop() {
        if (solo != null) {
            solo.close();
        }
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(root + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> transact(String body) throws Exception {
        return post("/transact", body, "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** A 4xx with the error code and a detail sentence, never a stack trace. */
    static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode e = json(r);
        assertThat(e.path("error").asText()).as(r.body()).isEqualTo(code);
        assertThat(e.path("detail").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    void assertNodeStillFinalizes() {
        long h = node.store().finalHeight();
        Await.until("another final block after bad input", () -> node.store().finalHeight() > h,
                Duration.ofSeconds(20));
    }

    // ------------------------------------------------------------------ health, blocks

    @Test
    void healthIsReadyWhenRunningAndNotSyncing() throws Exception {
        HttpResponse<String> r = get("/api/v1/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("status").asText()).isEqualTo("ready");
    }

    @Test
    void blocksArePagedWithABoundedLimit() throws Exception {
        Await.until("three blocks", () -> node.store().finalHeight() >= 3, Duration.ofSeconds(20));
        JsonNode page = json(get("/api/v1/blocks?from=1&limit=2"));
        assertThat(page.path("blocks")).hasSize(2);
        assertThat(page.path("blocks").get(0).path("height").asLong()).isEqualTo(1);
        assertThat(page.path("blocks").get(1).path("height").asLong()).isEqualTo(2);
        JsonNode newest = json(get("/api/v1/blocks"));
        assertThat(newest.path("blocks").size()).isBetween(1, 20);
        assertError(get("/api/v1/blocks?limit=100000"), 400, "bad_parameter");
        assertError(get("/api/v1/blocks?from=abc"), 400, "bad_parameter");
        assertError(get("/api/v1/blocks?from=0"), 400, "bad_parameter");
    }

    @Test
    void aBlockNamesItsForgerAndTheStakeThatConfirmedIt() throws Exception {
        JsonNode b = json(get("/api/v1/blocks/1"));
        assertThat(b.path("forgerAddress").asText()).isEqualTo(VALIDATOR.address().text());
        JsonNode cert = b.path("certificate");
        assertThat(cert.path("totalStakeUnits").asLong()).isEqualTo(Coins.of(350));
        assertThat(cert.path("confirmedStakeUnits").asLong()).isEqualTo(Coins.of(350));
        assertError(get("/api/v1/blocks/" + "zz".repeat(32)), 400, "bad_block_id");
    }

    // ------------------------------------------------------------------ validators, lottery, peers

    @Test
    void validatorsFollowTheExplorerContract() throws Exception {
        JsonNode v = json(get("/api/v1/validators"));
        assertThat(v.path("height").asLong()).isPositive();
        assertThat(v.path("totalStake").asText()).isEqualTo("350");
        assertThat(v.path("totalStakeUnits").asLong()).isEqualTo(Coins.of(350));
        JsonNode first = v.path("validators").get(0);
        assertThat(first.path("address").asText()).isEqualTo(VALIDATOR.address().text());
        assertThat(first.path("publicKey").asText()).isEqualTo(VALIDATOR.publicKey().hex());
        assertThat(first.path("stake").asText()).isEqualTo("350");
        assertThat(first.path("stakeUnits").asLong()).isEqualTo(Coins.of(350));
        assertThat(first.path("shareBps").asLong()).isEqualTo(10_000);
        assertThat(first.path("jailed").isBoolean()).isTrue();
        assertThat(first.path("slashed").asText()).isEqualTo("0");
        assertThat(first.path("active").asBoolean()).isTrue();
    }

    @Test
    void lotteryNamesTheNextForgersAndTheOdds() throws Exception {
        JsonNode l = json(get("/api/v1/lottery"));
        long next = l.path("height").asLong();
        assertThat(next).isPositive();
        assertThat(l.path("totalTickets").asLong()).isEqualTo(Coins.of(350));
        JsonNode forgers = l.path("nextForgers");
        assertThat(forgers.size()).isBetween(1, ApiServer.LOOKAHEAD);
        assertThat(forgers.get(0).path("height").asLong()).isEqualTo(next);
        assertThat(forgers.get(0).path("round").asInt()).isZero();
        assertThat(forgers.get(0).path("address").asText()).isEqualTo(VALIDATOR.address().text());
        long ticket = forgers.get(0).path("ticket").asLong();
        assertThat(ticket).isBetween(0L, Coins.of(350) - 1);
        assertThat(forgers.get(0).path("coinTicket").asLong()).isEqualTo(ticket / Coins.UNITS_PER_COIN);
        assertThat(l.path("odds").get(0).path("shareBps").asLong()).isEqualTo(10_000);
    }

    @Test
    void peersAreListedEvenWhenThereAreNone() throws Exception {
        JsonNode p = json(get("/api/v1/peers"));
        assertThat(p.path("count").asInt()).isZero();
        assertThat(p.path("peers").isArray()).isTrue();
    }

    // ------------------------------------------------------------------ transactions

    @Test
    void aBadSignatureIsRefusedAndTheTransactionReportsRejected() throws Exception {
        Transaction tx = Transaction.sign("api-v1", USER, 0, Coins.parse("0.001"),
                new TxPayload.Transfer(VALIDATOR.address(), Coins.of(1)));
        byte[] bytes = tx.encode();
        bytes[bytes.length - 1] ^= 0x01; // the signature is last
        HttpResponse<String> r = post("/api/v1/transactions", "{\"tx\":\"" + Hex.encode(bytes) + "\"}");
        assertError(r, 400, "BAD_SIGNATURE");
        String hash = json(r).path("hash").asText();
        JsonNode status = json(get("/api/v1/transactions/" + hash));
        assertThat(status.path("status").asText()).isEqualTo("rejected");
        assertThat(status.path("reason").asText()).isEqualTo("BAD_SIGNATURE");
        assertError(get("/api/v1/transactions/not-a-hash"), 400, "bad_hash");
        assertNodeStillFinalizes();
    }

    @Test
    void malformedJsonAndWrongTypesAreRefused() throws Exception {
        assertError(post("/api/v1/transactions", "{\"tx\": "), 400, "bad_json");
        assertError(post("/api/v1/transactions", "{\"tx\": 42}"), 400, "missing_tx");
        assertError(transact("{not json"), 400, "bad_json");
        assertError(transact("[1,2]"), 400, "bad_json");
        assertError(transact("{\"recipient\": 7, \"amount\": 1}"), 400, "missing_recipient");
        assertError(transact("{\"recipient\": \"" + USER.address().text() + "\", \"amount\": true}"), 400,
                "bad_amount");
        assertError(transact("{\"recipient\": \"" + USER.address().text() + "\", \"amount\": -3}"), 400,
                "bad_amount");
        assertError(transact("{\"recipient\": \"" + USER.address().text() + "\", \"amount\": 0.0000001}"), 400,
                "bad_amount");
        assertNodeStillFinalizes();
    }

    @Test
    void unknownAndMalformedAddressesAreTold() throws Exception {
        String valid = USER.address().text();
        String badChecksum = valid.substring(0, valid.length() - 1) + (valid.endsWith("0") ? "1" : "0");
        assertError(get("/api/v1/accounts/" + badChecksum), 400, "bad_address");
        assertError(transact("{\"recipient\": \"" + badChecksum + "\", \"amount\": 1}"), 400, "bad_address");
        assertError(transact("{\"recipient\": \"nobody\", \"amount\": 1}"), 400, "bad_address");
        // a well-formed address nobody used yet is an empty account, as on any account chain
        JsonNode fresh = json(get("/api/v1/accounts/" + KeyPair.deterministic("api-v1/fresh").address().text()));
        assertThat(fresh.path("balanceUnits").asLong()).isZero();
    }

    @Test
    void oversizeBodiesAreRefusedBeforeTheyAreRead() throws Exception {
        String huge = "{\"recipient\":\"" + "a".repeat(200_000) + "\"}";
        assertError(transact(huge), 413, "too_large");
        assertError(post("/api/v1/transactions", huge), 413, "too_large");
        assertNodeStillFinalizes();
    }

    // ------------------------------------------------------------------ the seed's routes

    @Test
    void transactNeedsTheBearerTokenThenPaysFromTheNodesWallet() throws Exception {
        String body = "{\"recipient\":\"" + USER.address().text() + "\",\"amount\":2}";
        assertError(post("/transact", body), 401, "unauthorized");
        assertError(post("/transact", body, "Authorization", "Bearer wrong"), 401, "unauthorized");
        HttpResponse<String> r = transact(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String hash = json(r).path("hash").asText();
        Await.until("the transfer is final", () -> {
            try {
                return json(get("/api/v1/transactions/" + hash)).path("status").asText().equals("final");
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(20));
        JsonNode t = json(get("/api/v1/transactions/" + hash));
        assertThat(t.path("transaction").path("sender").asText()).isEqualTo(VALIDATOR.address().text());
        assertThat(t.path("receipt").path("success").asBoolean()).isTrue();
    }

    @Test
    void theSeedsReadRoutesAnswer() throws Exception {
        JsonNode key = json(get("/public-key"));
        assertThat(key.path("publicKey").asText()).isEqualTo(VALIDATOR.publicKey().hex());
        assertThat(key.path("address").asText()).isEqualTo(VALIDATOR.address().text());
        JsonNode balance = json(get("/balance"));
        assertThat(balance.path("address").asText()).isEqualTo(VALIDATOR.address().text());
        assertThat(balance.path("balanceUnits").asLong()).isPositive();
        JsonNode blocks = json(get("/blocks"));
        assertThat(blocks.isArray()).isTrue();
        assertThat(blocks.size()).isBetween(1, ApiServer.SEED_BLOCKS);
        assertThat(json(get("/transactions")).isArray()).isTrue();
    }

    // ------------------------------------------------------------------ openapi, events, metrics

    @Test
    void theOpenApiDocumentDescribesEveryEndpoint() throws Exception {
        HttpResponse<String> r = get("/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = json(r);
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        Set<String> paths = new HashSet<>();
        doc.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/v1/status", "/api/v1/health", "/api/v1/blocks", "/api/v1/blocks/{id}",
                "/api/v1/transactions", "/api/v1/transactions/{hash}", "/api/v1/accounts/{address}",
                "/api/v1/validators", "/api/v1/lottery", "/api/v1/peers", "/api/v1/events", "/metrics",
                "/openapi.json", "/blocks", "/transactions", "/transact", "/public-key", "/balance");
    }

    /** Each final transaction is its own "tx" event (a block's events are written together, one per transaction). */
    @Test
    void theEventStreamDeliversOneTxEventPerFinalTransaction() throws Exception {
        HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/events"))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        Set<String> submitted = new HashSet<>();
        StringBuilder batch = new StringBuilder("{\"txs\":[");
        for (int nonce = 0; nonce < 5; nonce++) {
            Transaction tx = Transaction.sign("api-v1", EVENTER, nonce, Coins.parse("0.001"),
                    new TxPayload.Transfer(VALIDATOR.address(), Coins.of(1)));
            submitted.add(tx.hash().hex());
            batch.append(nonce == 0 ? "" : ",").append('"').append(Hex.encode(tx.encode())).append('"');
        }
        CompletableFuture<Map<String, JsonNode>> seen = CompletableFuture.supplyAsync(() -> {
            Map<String, JsonNode> events = new java.util.HashMap<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String event = null;
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if ("tx".equals(event) && line.startsWith("data:")) {
                        JsonNode o = JSON.readTree(line.substring(5).trim());
                        assertThat(events.put(o.path("hash").asText(), o)).as("one event per transaction").isNull();
                        if (events.keySet().containsAll(submitted)) {
                            return events;
                        }
                    } else if (line.isEmpty()) {
                        event = null;
                    }
                }
                throw new IllegalStateException("the stream ended");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        HttpResponse<String> accepted = post("/api/v1/transactions/batch", batch.append("]}").toString());
        assertThat(accepted.statusCode()).as(accepted.body()).isIn(200, 202);
        Map<String, JsonNode> events = seen.get(20, TimeUnit.SECONDS);
        for (String hash : submitted) {
            JsonNode e = events.get(hash);
            assertThat(e.path("status").asText()).isEqualTo("final");
            assertThat(e.path("height").asLong()).isPositive();
            assertThat(e.path("failure").isNull()).isTrue();
            assertThat(json(get("/api/v1/transactions/" + hash)).path("height").asLong())
                    .isEqualTo(e.path("height").asLong());
        }
    }

    @Test
    void theEventStreamDeliversTheNextFinalBlock() throws Exception {
        HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/events"))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        CompletableFuture<JsonNode> block = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                Iterator<String> lines = in.lines().iterator();
                boolean isBlock = false;
                while (lines.hasNext()) {
                    String line = lines.next();
                    if (line.startsWith("event:")) {
                        isBlock = line.substring(6).trim().equals("block");
                    } else if (isBlock && line.startsWith("data:")) {
                        return JSON.readTree(line.substring(5).trim());
                    }
                }
                throw new IllegalStateException("the stream ended");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        JsonNode b = block.get(20, TimeUnit.SECONDS);
        assertThat(b.path("height").asLong()).isPositive();
        assertThat(b.path("hash").asText()).hasSize(64);
        assertThat(b.path("forger").asText()).isEqualTo(VALIDATOR.address().text());
        assertThat(b.path("totalTickets").asLong()).isEqualTo(Coins.of(350));
        assertThat(b.path("ticket").asLong()).isBetween(0L, Coins.of(350) - 1);
        assertThat(b.path("confirmedStakeUnits").asLong()).isEqualTo(Coins.of(350));
        assertThat(b.path("totalStakeUnits").asLong()).isEqualTo(Coins.of(350));
        assertThat(b.path("confirmations").get(0).path("address").asText()).isEqualTo(VALIDATOR.address().text());
        assertThat(b.has("txCount") && b.has("round") && b.has("timestamp") && b.has("coinTicket")).isTrue();
        r.body().close();
    }

    @Test
    void metricsAreInPrometheusTextFormatWithTheNodesNames() throws Exception {
        Await.until("two blocks", () -> node.store().finalHeight() >= 2, Duration.ofSeconds(20));
        // one admission signature check, so the verification timer has a sample
        Transaction tx = Transaction.sign("api-v1", KeyPair.deterministic("api-v1/poor"), 0, Coins.parse("0.001"),
                new TxPayload.Transfer(USER.address(), Coins.of(1)));
        post("/api/v1/transactions", Hex.encode(tx.encode()));
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        Map<String, Double> samples = new java.util.HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String name = line.substring(0, space);
            int brace = name.indexOf('{');
            String bare = brace < 0 ? name : name.substring(0, brace);
            samples.merge(bare, Double.parseDouble(line.substring(space + 1)), Double::sum);
        }
        assertThat(samples).containsKeys("stakechain_final_height", "stakechain_consensus_round",
                "stakechain_finality_seconds_count", "stakechain_transactions_final_total",
                "stakechain_mempool_transactions", "stakechain_mempool_bytes", "stakechain_peers",
                "stakechain_votes_received_total", "stakechain_slashings_total", "stakechain_blocks_final_total",
                "stakechain_signature_verification_seconds_count");
        assertThat(samples.get("stakechain_final_height")).isGreaterThanOrEqualTo(2.0);
        assertThat(samples.get("stakechain_finality_seconds_count")).isPositive();
    }

    @Test
    void unknownRoutesAndMethodsAnswerJson() throws Exception {
        assertError(get("/api/v1/nothing"), 404, "not_found");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/validators"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isBetween(404, 405);
        assertThat(json(r).path("error").asText()).isNotBlank();
    }
}
