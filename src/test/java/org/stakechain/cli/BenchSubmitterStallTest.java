package org.stakechain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stakechain.api.TransactionBatchBody;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/**
 * When the submitter gives up: only once nothing has been taken for the stall time, never at a fixed deadline
 * while a node is still taking transactions (a long round at the maximum rate was cut short that way, and the
 * nonces after an unsent transfer were then counted lost). A stub node on 127.0.0.1 answers the binary batch
 * endpoint.
 */
class BenchSubmitterStallTest {
    static final int TXS = 40;
    static final long STALL_MILLIS = 300;
    /**
     * For the slow node: its progress comes every ~90 ms, so a stall time of 11 such gaps keeps a loaded machine's
     * scheduling pauses (load average 40 cut 300 ms short) from looking like a stall.
     */
    static final long SLOW_STALL_MILLIS = 1_000;
    /** Enough for the slow node's round (two requests of 40 ms per batch of 2) to last ~3 stall times. */
    static final int SLOW_TXS = 80;

    @Test
    @Timeout(30)
    void aNodeThatTakesNothingIsGivenUpAfterTheStallTime() throws Exception {
        HttpServer stub = stub(request -> false, 0);
        try {
            long t0 = System.nanoTime();
            BenchSubmitter.Result r = submitter(stub).submit(round(), 0, TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS));
            assertThat(r.unsent()).as(r.toString()).isEqualTo(TXS);
            assertThat(r.accepted()).isZero();
            assertThat(r.retried()).isPositive();
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS));
        } finally {
            stub.stop(0);
        }
    }

    @Test
    @Timeout(30)
    void aSlowNodeThatKeepsTakingIsNotCutShort() throws Exception {
        // every request takes 40 ms and only every other one is taken: the round lasts several stall times, with
        // progress inside each
        HttpServer stub = stub(request -> request % 2 == 0, 40);
        try {
            long t0 = System.nanoTime();
            BenchSubmitter.Result r = submitter(stub).submit(round(SLOW_TXS), 0,
                    TimeUnit.MILLISECONDS.toNanos(SLOW_STALL_MILLIS));
            assertThat(r.unsent()).as(r.toString()).isZero();
            assertThat(r.accepted()).isEqualTo(SLOW_TXS);
            assertThat(System.nanoTime() - t0).as("the round outlasted the stall time")
                    .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(SLOW_STALL_MILLIS));
        } finally {
            stub.stop(0);
        }
    }

    private static BenchSubmitter submitter(HttpServer stub) {
        String url = "http://127.0.0.1:" + stub.getAddress().getPort();
        return new BenchSubmitter(List.of(url), HttpClient.newHttpClient(), 1, 2, BenchSubmitter.Format.BINARY);
    }

    private static BenchRound round() {
        return round(TXS);
    }

    private static BenchRound round(int count) {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            KeyPair k = KeyPair.deterministic("bench-stall/" + i);
            txs.add(Transaction.sign("bench-stall", k, 0, 1, new TxPayload.Transfer(k.address(), 1)));
        }
        return new BenchRound(txs, 1, false);
    }

    /** Takes a whole batch when {@code takes} says so for the request's number, else 503 POOL_FULL. */
    private static HttpServer stub(IntPredicate takes, long delayMillis) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/api/v1/transactions/batch", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var parsed = (TransactionBatchBody.Entries) TransactionBatchBody.parse(body, 1_000);
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis); // a slow node, not a wait for a result
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (takes.test(requests.getAndIncrement())) {
                StubReplies.reply(exchange, 200, "{\"accepted\":" + parsed.size() + ",\"rejected\":0,\"retry\":0,\"refused\":[]}");
            } else {
                StubReplies.reply(exchange, 503, "{\"error\":\"POOL_FULL\",\"detail\":\"full\",\"retryAfterMs\":10}");
            }
        });
        server.start();
        return server;
    }
}
