package org.stakechain.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.stakechain.crypto.Hex;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/**
 * Four validators and a late follower as real node processes on 127.0.0.1, checked through their HTTP APIs. The
 * tests run in order on one network (starting JVMs is what costs): each leaves it running and healthy.
 *
 * <p>{@code -Dit.joinAfterBlocks=100} sets when the follower joins (default 100 blocks, as the issue asks; lower it for a quick local run).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeProcessesIntegrationTest {
    static final long SLOT_MILLIS = 400;
    static final long JOIN_AFTER = Long.getLong("it.joinAfterBlocks", 100);
    static final Duration START = Duration.ofSeconds(60);
    static final List<String> VALIDATORS = List.of("node-1", "node-2", "node-3", "node-4");

    @TempDir
    static Path tmp;
    Testnet net;

    @BeforeAll
    void startFourValidators() {
        net = Testnet.init(tmp.resolve("tn"), 4, 1, SLOT_MILLIS);
        net.startAll(VALIDATORS);
        for (String n : VALIDATORS) {
            net.awaitHeight(n, 2, START);
        }
    }

    @AfterAll
    void killEveryProcess() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    @Order(1)
    void transfersSubmittedToOneNodeBecomeFinalOnAllFourWithIdenticalBlocks() throws Exception {
        KeyPair treasury = net.treasury();
        Random random = new Random(7);
        List<String> hashes = new ArrayList<>();
        KeyPair recipient = KeyPair.generate(new SecureRandom());
        for (int nonce = 0; nonce < 5; nonce++) {
            Transaction tx = Transaction.sign(net.chainId, treasury, nonce, Coins.parse("0.001"),
                    new TxPayload.Transfer(recipient.address(), Coins.of(1 + random.nextInt(9))));
            ObjectNode body = Testnet.JSON.createObjectNode().put("tx", Hex.encode(tx.encode()));
            HttpResponse<String> r = Testnet.post(net.url("node-1") + "/api/v1/transactions", body.toString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(Testnet.JSON.readTree(r.body()).path("hash").asText()).isEqualTo(tx.hash().hex());
            hashes.add(tx.hash().hex());
        }
        for (String n : VALIDATORS) {
            for (String hash : hashes) {
                Testnet.await(hash + " final on " + n, Duration.ofSeconds(30), () -> Testnet
                        .get(net.url(n) + "/api/v1/transactions/" + hash)
                        .map(t -> t.path("status").asText().equals("final")).orElse(false));
            }
        }
        long upTo = VALIDATORS.stream().mapToLong(net::height).min().orElseThrow();
        net.assertSameChain(VALIDATORS, upTo);
        JsonNode account = Testnet.get(net.url("node-3") + "/api/v1/accounts/" + recipient.address().text())
                .orElseThrow();
        assertThat(account.path("balanceUnits").asLong()).isPositive();

        HttpResponse<String> bad = Testnet.post(net.url("node-2") + "/api/v1/transactions", "{\"tx\":\"zz\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Testnet.JSON.readTree(bad.body()).path("error").asText()).isEqualTo("bad_hex");
        Transaction replay = Transaction.sign(net.chainId, treasury, 0, Coins.parse("0.001"),
                new TxPayload.Transfer(recipient.address(), 1));
        HttpResponse<String> stale = Testnet.post(net.url("node-2") + "/api/v1/transactions",
                Hex.encode(replay.encode()));
        assertThat(stale.statusCode()).isEqualTo(400);
        assertThat(Testnet.JSON.readTree(stale.body()).path("error").asText()).isEqualTo("NONCE_TOO_LOW");
    }

    @Test
    @Order(2)
    void aValidatorKilledWithSigkillRestartsCatchesUpAndAgrees() {
        long before = net.height("node-2");
        net.kill("node-2");
        long target = before + 5;
        for (String n : List.of("node-1", "node-3", "node-4")) {
            net.awaitHeight(n, target, Duration.ofSeconds(40)); // three of four hold exactly 75%
        }
        net.start("node-2");
        long othersNow = net.height("node-1");
        net.awaitHeight("node-2", othersNow + 2, START);
        net.assertSameChain(VALIDATORS, othersNow + 2);
    }

    @Test
    @Order(3)
    void aFollowerJoiningAfterManyBlocksSyncsAndAgrees() {
        net.awaitHeight("node-1", JOIN_AFTER, Duration.ofSeconds(JOIN_AFTER * 2 + 30));
        long startedAt = net.height("node-1");
        long t0 = System.nanoTime();
        net.start("node-5");
        net.awaitHeight("node-5", startedAt + 2, START);
        System.out.printf("follower synced %d blocks and joined in %d ms (JVM start included)%n", startedAt,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        assertThat(net.status("node-5").orElseThrow().path("validator").isNull()).isTrue();
        net.assertSameChain(List.of("node-1", "node-5"), startedAt + 2);
        assertThat(net.logContains(net.logOf("node-5"), "sync: imported blocks")).isTrue();
    }

    @Test
    @Order(4)
    void aNodeWithAnotherGenesisIsRefusedAtHandshake() throws Exception {
        Path wrong = tmp.resolve("wrong");
        Files.createDirectories(wrong);
        JsonNode genesis = Testnet.JSON.readTree(Files.readString(net.dir.resolve("genesis.json")));
        ((ObjectNode) genesis).put("genesisTimeMillis", genesis.path("genesisTimeMillis").asLong() + 1);
        Files.writeString(wrong.resolve("genesis.json"), genesis.toString());
        String boot = net.node("node-1").path("p2pAddress").asText();
        Files.writeString(wrong.resolve("node.json"), "{\"dataDir\":\"data\",\"genesis\":\"genesis.json\","
                + "\"bootnodes\":[\"" + boot + "\"],\"http\":{\"port\":-1}}");
        Path log = wrong.resolve("node.log");
        net.startWithConfig("wrong", wrong.resolve("node.json"), log);
        Testnet.await("the other-genesis node to be refused", START, () -> net.logContains(log, "WRONG_GENESIS"));
        assertThat(net.logContains(log, "connected (")).as("it never completes a handshake").isFalse();
        assertThat(net.logContains(net.logOf("node-1"), "WRONG_GENESIS")).isTrue();
    }

    @Test
    @Order(5)
    void garbageAndOversizeFramesFromARawClientDoNotDisturbTheOthers() throws Exception {
        long before = VALIDATORS.stream().mapToLong(net::height).max().orElseThrow();
        String address = net.node("node-1").path("p2pAddress").asText();
        Random random = new Random(11);
        for (int attempt = 0; attempt < 3; attempt++) {
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(address), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                            webSocket.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            try {
                byte[] garbage = new byte[200];
                random.nextBytes(garbage);
                ws.sendBinary(ByteBuffer.wrap(garbage), true).get(5, TimeUnit.SECONDS);
                ws.sendText("hello?", true).get(5, TimeUnit.SECONDS);
                byte[] oversize = new byte[9 << 20];
                random.nextBytes(oversize);
                ws.sendBinary(ByteBuffer.wrap(oversize), true).get(10, TimeUnit.SECONDS);
            } catch (Exception closedOnUs) {
                // the node may close the socket mid-way: that is the point
            } finally {
                ws.abort();
            }
        }
        for (String n : VALIDATORS) {
            net.awaitHeight(n, before + 3, Duration.ofSeconds(30));
        }
        assertThat(net.status("node-1").orElseThrow().path("peers").asInt()).isGreaterThanOrEqualTo(3);
        long upTo = VALIDATORS.stream().mapToLong(net::height).min().orElseThrow();
        net.assertSameChain(VALIDATORS, upTo);
        assertThat(new String(Files.readAllBytes(net.logOf("node-1")), StandardCharsets.UTF_8))
                .doesNotContain("Exception in thread");
    }

    @Test
    @Order(6)
    void sigtermStopsANodeCleanlyAndItResumesFromItsStore() throws Exception {
        long before = net.height("node-3");
        assertThat(net.terminate("node-3")).isIn(0, 143);
        assertThat(net.logContains(net.logOf("node-3"), "INFO  o.s.node.Node - stopped")).isTrue();
        net.start("node-3");
        net.awaitHeight("node-3", before + 2, START);
    }
}
