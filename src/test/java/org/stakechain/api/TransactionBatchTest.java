package org.stakechain.api;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

/** {@code POST /api/v1/transactions/batch}: many transactions in one request, one result each, in order. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionBatchTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final KeyPair VALIDATOR = KeyPair.deterministic("batch/validator");
    static final KeyPair USER = KeyPair.deterministic("batch/user");
    static final KeyPair OTHER = KeyPair.deterministic("batch/other");

    @TempDir
    static Path dir;
    Node node;
    SoloValidator.Running solo;
    String root;

    @BeforeAll
    void startNode() throws Exception {
        Genesis genesis = SoloValidator.genesis(ChainParams.defaults("batch").withSlotMillis(200), VALIDATOR,
                Coins.of(100), Coins.of(350), SoloValidator.funded("user", USER, Coins.of(1000)),
                SoloValidator.funded("other", OTHER, Coins.of(1000)));
        solo = SoloValidator.startWithApi(dir, genesis, VALIDATOR, ApiConfig.defaults());
        node = solo.node();
        root = solo.url();
    }

    @AfterAll
    void stop() {
        if (solo != null) {
            solo.close();
        }
    }

    HttpResponse<String> postBatch(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/transactions/batch"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String batchOf(List<String> hex) {
        return "{\"txs\":[" + String.join(",", hex.stream().map(h -> "\"" + h + "\"").toList()) + "]}";
    }

    static Transaction transfer(KeyPair from, long nonce) {
        return Transaction.sign("batch", from, nonce, Coins.parse("0.001"),
                new TxPayload.Transfer(VALIDATOR.address(), 1_000));
    }

    @Test
    void aBatchIsAdmittedWithOneResultPerTransactionInOrderAndEveryOneBecomesFinal() throws Exception {
        List<Transaction> txs = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            txs.add(transfer(USER, n));
        }
        HttpResponse<String> r = postBatch(batchOf(txs.stream().map(t -> Hex.encode(t.encode())).toList()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("accepted").asInt()).isEqualTo(30);
        assertThat(body.path("results")).hasSize(30);
        for (int i = 0; i < 30; i++) {
            JsonNode res = body.path("results").get(i);
            assertThat(res.path("hash").asText()).isEqualTo(txs.get(i).hash().hex());
            assertThat(res.path("status").asText()).isEqualTo("pending");
        }
        Transaction last = txs.get(txs.size() - 1);
        Await.until("the batch's last transaction final", () -> node.store().transaction(last.hash()).isPresent(),
                Duration.ofSeconds(30));
    }

    @Test
    void badEntriesAreAnsweredOneByOneAndTheGoodOnesAreStillAdmitted() throws Exception {
        Transaction good = transfer(OTHER, 0);
        byte[] forged = transfer(OTHER, 1).encode();
        forged[forged.length - 1] ^= 1; // the signature is last
        HttpResponse<String> r = postBatch("{\"txs\":[\"zz\",\"" + Hex.encode(good.encode()) + "\",\"00\",\""
                + Hex.encode(forged) + "\",7]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode res = JSON.readTree(r.body()).path("results");
        assertThat(res.get(0).path("error").asText()).isEqualTo("bad_hex");
        assertThat(res.get(1).path("status").asText()).isEqualTo("pending");
        assertThat(res.get(2).path("error").asText()).isEqualTo("undecodable");
        assertThat(res.get(3).path("error").asText()).isEqualTo("BAD_SIGNATURE");
        assertThat(res.get(4).path("error").asText()).isEqualTo("bad_hex");
        assertThat(JSON.readTree(r.body()).path("accepted").asInt()).isEqualTo(1);
        assertThat(r.body()).doesNotContain("Exception");
    }

    @Test
    void malformedBatchesAreRefusedWithAnErrorBody() throws Exception {
        assertError(postBatch("{\"tx\":\"00\"}"), 400, "missing_txs");
        assertError(postBatch("{\"txs\":[]}"), 400, "bad_batch_size");
        assertError(postBatch(batchOf(Collections.nCopies(TransactionSubmission.MAX_BATCH + 1, "00"))), 400,
                "bad_batch_size");
        assertError(postBatch("{\"txs\": "), 400, "bad_json");
        String huge = "{\"txs\":[\"" + "a".repeat((int) TransactionSubmission.MAX_BATCH_BYTES) + "\"]}";
        assertError(postBatch(huge), 413, "too_large");
    }

    @Test
    void aBatchMayBeLargerThanTheOtherEndpointsLimit() throws Exception {
        // 400 entries of 250 hex digits: above the 64 KiB limit of the other endpoints, within the batch's
        String entry = "ab".repeat(125);
        HttpResponse<String> r = postBatch(batchOf(Collections.nCopies(400, entry)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("rejected").asInt()).isEqualTo(400);
        HttpResponse<String> single = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/transactions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"tx\":\"" + "ab".repeat(60_000) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(single, 413, "too_large");
    }

    static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.path("error").asText()).as(r.body()).isEqualTo(code);
        assertThat(e.path("detail").asText()).isNotBlank();
    }
}
