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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
import org.stakechain.testing.SoloValidator;

/**
 * {@code GET /api/v1/events?types=...} on one in-process validator: a stream carries only the types it asked for,
 * an unknown type is a 400, and while no stream asks for "tx" events the node formats none. The tests run in order
 * on one node, each closing its streams, so the formatted count is the filter's doing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventStreamFilterTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final KeyPair VALIDATOR = KeyPair.deterministic("events-filter/validator");
    static final KeyPair USER = KeyPair.deterministic("events-filter/user");

    @TempDir
    static Path dir;
    SoloValidator.Running solo;
    long nonce;

    @BeforeAll
    void startNode() throws Exception {
        Genesis genesis = SoloValidator.genesis(ChainParams.defaults("events-filter").withSlotMillis(200), VALIDATOR,
                Coins.of(100), Coins.of(350), SoloValidator.funded("user", USER, Coins.of(1000)));
        solo = SoloValidator.startWithApi(dir, genesis, VALIDATOR, ApiConfig.defaults());
    }

    @AfterAll
    void stop() {
        if (solo != null) {
            solo.close();
        }
    }

    record Event(String type, JsonNode data) {
    }

    HttpResponse<InputStream> open(String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(solo.url() + "/api/v1/events" + query))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The stream's events until {@code last} matches one (or the stream ends: a failure). */
    static CompletableFuture<List<Event>> readUntil(HttpResponse<InputStream> r, Predicate<Event> last) {
        return CompletableFuture.supplyAsync(() -> {
            List<Event> events = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String type = null;
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        type = line.substring(6).trim();
                    } else if (line.startsWith("data:") && type != null) {
                        Event e = new Event(type, JSON.readTree(line.substring(5).trim()));
                        events.add(e);
                        if (last.test(e)) {
                            return events;
                        }
                    } else if (line.isEmpty()) {
                        type = null;
                    }
                }
                throw new IllegalStateException("the stream ended after " + events);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    String submitTransfer() throws Exception {
        Transaction tx = Transaction.sign("events-filter", USER, nonce++, Coins.parse("0.001"),
                new TxPayload.Transfer(VALIDATOR.address(), Coins.of(1)));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(solo.url() + "/api/v1/transactions"))
                .POST(HttpRequest.BodyPublishers.ofString(Hex.encode(tx.encode()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
        return tx.hash().hex();
    }

    @Test
    void anUnknownTypeIsRefusedBeforeTheStreamStarts() throws Exception {
        for (String query : List.of("?types=block,dropped", "?types=blocks", "?types=tx&types=nope")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(solo.url() + "/api/v1/events"
                    + query)).header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode e = JSON.readTree(r.body());
            assertThat(e.path("error").asText()).isEqualTo("bad_event_types");
            assertThat(e.path("detail").asText()).contains("block, tx, slashing, round");
        }
        assertThat(solo.api().eventClients()).isZero();
    }

    /** Rounds, blocks and transactions all happen meanwhile: a block-only stream sees blocks only. */
    @Test
    void aBlockOnlyStreamCarriesBlocksAndNoTxEventIsFormatted() throws Exception {
        // a stream another test closed goes when a write to it fails (round events come several times a second)
        Await.until("earlier streams gone", () -> solo.api().eventClients() == 0, Duration.ofSeconds(20));
        long formatted = solo.api().txEventsFormatted();
        HttpResponse<InputStream> r = open("?types=block");
        assertThat(r.statusCode()).isEqualTo(200);
        CompletableFuture<List<Event>> seen = readUntil(r, e -> e.data().path("txCount").asInt() > 0);
        submitTransfer();
        List<Event> events = seen.get(20, TimeUnit.SECONDS);
        r.body().close();
        assertThat(events).extracting(Event::type).containsOnly("block");
        assertThat(solo.api().txEventsFormatted()).as("no stream asked for tx events").isEqualTo(formatted);
    }

    @Test
    void aTxAndRoundStreamCarriesNoBlocks() throws Exception {
        HttpResponse<InputStream> r = open("?types=tx,round");
        assertThat(r.statusCode()).isEqualTo(200);
        String hash = submitTransfer();
        List<Event> events = readUntil(r, e -> e.type().equals("tx") && e.data().path("hash").asText().equals(hash))
                .get(20, TimeUnit.SECONDS);
        r.body().close();
        assertThat(events).extracting(Event::type).contains("tx", "round").doesNotContain("block", "slashing");
        assertThat(solo.api().txEventsFormatted()).isPositive();
    }
}
