package org.stakechain.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stakechain.crypto.Hex;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.mempool.MempoolConfig;
import org.stakechain.node.Node;
import org.stakechain.node.NodeBuilder;
import org.stakechain.node.NodeConfig;

/**
 * The binary form of {@code POST /api/v1/transactions/batch} over real HTTP, against the JSON form: two follower
 * nodes (no key, so no block ever drains their pools) with a pool of {@value #POOL} transactions each; the same
 * batches go to one as JSON and to the other as binary, and every entry must get the same answer.
 */
class TransactionBatchBinaryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String CHAIN = "batch-binary";
    static final int POOL = 6;
    static final KeyPair VALIDATOR = KeyPair.deterministic("batch-binary/validator");
    static final KeyPair USER = KeyPair.deterministic("batch-binary/user");
    static final KeyPair OTHER = KeyPair.deterministic("batch-binary/other");
    static final KeyPair THIRD = KeyPair.deterministic("batch-binary/third");

    @TempDir
    Path dir;
    final List<Node> nodes = new ArrayList<>();
    final List<ApiServer> apis = new ArrayList<>();
    String jsonNode;
    String binaryNode;

    @BeforeEach
    void start() throws Exception {
        Genesis genesis = new Genesis(ChainParams.defaults(CHAIN), System.currentTimeMillis(),
                List.of(new Genesis.GenesisAccount("v", VALIDATOR.address(), Coins.of(10)),
                        new Genesis.GenesisAccount("user", USER.address(), Coins.of(1000)),
                        new Genesis.GenesisAccount("other", OTHER.address(), Coins.of(1000)),
                        new Genesis.GenesisAccount("third", THIRD.address(), Coins.of(1000))),
                List.of(new Genesis.GenesisValidator("v", VALIDATOR.publicKey(), Coins.of(500))));
        Files.writeString(dir.resolve("genesis.json"), genesis.toJson());
        jsonNode = follower("json");
        binaryNode = follower("binary");
    }

    private String follower(String name) {
        Node node = NodeBuilder.of(NodeConfig.of(dir.resolve(name), dir.resolve("genesis.json")))
                .environment(Map.of()).mempool(MempoolConfig.defaults().withCapacity(POOL, 1L << 20)).build().start();
        nodes.add(node);
        ApiServer api = new ApiServer(node, ApiConfig.defaults());
        apis.add(api);
        return "http://127.0.0.1:" + api.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        apis.forEach(ApiServer::close);
        nodes.forEach(Node::stop);
    }

    static Transaction transfer(KeyPair from, long nonce) {
        return Transaction.sign(CHAIN, from, nonce, ChainParams.defaults(CHAIN).minimumFee(),
                new TxPayload.Transfer(VALIDATOR.address(), 1_000));
    }

    static HttpResponse<String> postJson(String root, List<byte[]> entries) throws Exception {
        String body = "{\"txs\":[" + String.join(",", entries.stream().map(e -> "\"" + Hex.encode(e) + "\"").toList())
                + "]}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/transactions/batch"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postBinary(String root, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/transactions/batch"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Both forms of the same entries; asserts the same status and per-entry answers; returns the compact one. */
    JsonNode sendBoth(List<byte[]> entries) throws Exception {
        HttpResponse<String> j = postJson(jsonNode, entries);
        HttpResponse<String> b = postBinary(binaryNode, TransactionBatchBody.encode(entries));
        assertThat(b.statusCode()).as(b.body()).isEqualTo(j.statusCode());
        assertThat(b.headers().firstValue("Retry-After")).isEqualTo(j.headers().firstValue("Retry-After"));
        JsonNode full = JSON.readTree(j.body());
        JsonNode compact = JSON.readTree(b.body());
        for (String field : List.of("accepted", "rejected", "retry", "retryAfterMs", "error")) {
            assertThat(compact.path(field)).as(field + " in " + b.body() + " vs " + j.body())
                    .isEqualTo(full.path(field));
        }
        assertThat(compact.has("results")).isFalse();
        // the full answer's entries that are not "pending", by index, against the compact answer's list
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode res = full.path("results").get(i);
            if (!"pending".equals(res.path("status").asText())) {
                expected.add(i + " " + res.path("error").asText() + " " + res.path("feeToBeat").asText(""));
            }
        }
        List<String> actual = new ArrayList<>();
        for (JsonNode res : compact.path("refused")) {
            actual.add(res.path("index").asInt() + " " + res.path("error").asText() + " "
                    + res.path("feeToBeat").asText(""));
            if (!"POOL_FULL".equals(res.path("error").asText())) {
                assertThat(res.path("detail").asText()).isNotBlank();
            }
        }
        assertThat(actual).isEqualTo(expected);
        return compact;
    }

    @Test
    void mixedEntriesGetTheSameAnswersInBothForms() throws Exception {
        // the pool holds three of USER's transactions first
        JsonNode first = sendBoth(List.of(transfer(USER, 0).encode(), transfer(USER, 1).encode(),
                transfer(USER, 2).encode()));
        assertThat(first.path("accepted").asInt()).isEqualTo(3);
        assertThat(first.path("refused")).isEmpty();

        byte[] forged = transfer(OTHER, 0).encode();
        forged[forged.length - 1] ^= 1; // the signature is last
        byte[] otherChain = Transaction.sign("elsewhere", THIRD, 0, 1_000,
                new TxPayload.Transfer(VALIDATOR.address(), 1)).encode();
        byte[] good = transfer(USER, 3).encode();
        List<byte[]> mixed = List.of(
                transfer(USER, 0).encode(),                          // 0 already pooled: taken
                new byte[] {0},                                       // 1 undecodable
                forged,                                               // 2 BAD_SIGNATURE
                good,                                                 // 3 taken
                Arrays.copyOf(good, good.length + 1),                 // 4 undecodable (trailing byte)
                transfer(USER, 4).encode(),                          // 5 taken
                transfer(USER, 5).encode(),                          // 6 taken: the pool is now full
                transfer(OTHER, 0).encode(),                         // 7 POOL_FULL
                otherChain,                                           // 8 another chain's
                transfer(THIRD, 0).encode());                        // 9 POOL_FULL
        JsonNode compact = sendBoth(mixed);
        assertThat(compact.path("accepted").asInt()).isEqualTo(4);
        assertThat(compact.path("retry").asInt()).isEqualTo(2);
        assertThat(compact.path("retryAfterMs").asLong()).isPositive();
        List<String> codes = new ArrayList<>();
        compact.path("refused").forEach(r -> codes.add(r.path("index").asInt() + ":" + r.path("error").asText()));
        assertThat(codes).startsWith("1:undecodable", "2:BAD_SIGNATURE", "4:undecodable").contains("7:POOL_FULL",
                "9:POOL_FULL").hasSize(6);
        assertThat(compact.path("refused").get(3).path("feeToBeat").asText()).isNotBlank();

        // a rejected entry's status is remembered the same way in both forms
        Transaction forgedTx = Transaction.decode(forged);
        for (String root : List.of(jsonNode, binaryNode)) {
            HttpResponse<String> s = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/transactions/"
                    + forgedTx.hash().hex())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(s.body()).path("status").asText()).as(s.body()).isEqualTo("rejected");
        }

        // nothing admitted at all because the pool is full: 503 with Retry-After in both forms
        JsonNode full = sendBoth(List.of(transfer(OTHER, 0).encode(), transfer(THIRD, 0).encode()));
        assertThat(full.path("error").asText()).isEqualTo("POOL_FULL");
        assertThat(full.path("refused")).hasSize(2);
        assertThat(nodes.get(1).mempool().size()).isEqualTo(POOL);
    }

    @Test
    void malformedBinaryBodiesAreRefusedWholeWithAnErrorBody() throws Exception {
        byte[] one = TransactionBatchBody.encode(List.of(transfer(USER, 0).encode()));
        assertError(postBinary(binaryNode, Arrays.copyOf(one, one.length + 1)), 400, "bad_batch_body");
        assertError(postBinary(binaryNode, Arrays.copyOf(one, one.length - 1)), 400, "bad_batch_body");
        assertError(postBinary(binaryNode, new byte[0]), 400, "bad_batch_body");
        assertError(postBinary(binaryNode, Hex.decode("00000001" + "00000801")), 400, "bad_batch_body");
        assertError(postBinary(binaryNode, Hex.decode("00000000")), 400, "bad_batch_size");
        assertError(postBinary(binaryNode, TransactionBatchBody.encode(
                Collections.nCopies(TransactionSubmission.MAX_BATCH + 1, new byte[] {1}))), 400, "bad_batch_size");
        // above the batch endpoint's 1 MiB: 1,000 entries of 1,100 bytes
        assertError(postBinary(binaryNode, TransactionBatchBody.encode(
                Collections.nCopies(TransactionSubmission.MAX_BATCH, new byte[1_100]))), 413, "too_large");
        // none of these admitted anything; the good body alone is taken
        assertThat(nodes.get(1).mempool().size()).isZero();
        HttpResponse<String> ok = postBinary(binaryNode, one);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).path("accepted").asInt()).isEqualTo(1);
    }

    static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.path("error").asText()).as(r.body()).isEqualTo(code);
        assertThat(e.path("detail").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception");
    }
}
