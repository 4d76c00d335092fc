package org.stakechain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stakechain.api.TransactionBatchBody;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.PublicKey;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.testing.Seeds;

/**
 * The submitter at the maximum rate offers a sender's nonces in order: no transaction reaches a node before its
 * sender's previous nonce in the round has been taken (or is in the same request, ahead of it), whatever the node
 * refuses for room and however the retries interleave. The round is laid out as the bench's ({@code i}: sender
 * {@code i % SENDERS}, nonce {@code i / SENDERS}); a stub node on 127.0.0.1 refuses a seeded share of each batch
 * (POOL_FULL) or whole batches (503). Before the order was kept, the batches all due at the start came out of the
 * queue last first: a sender's highest nonces before its lowest.
 */
class BenchSubmitterOrderTest {
    static final int SENDERS = 12;
    static final int NONCES = 5;

    @Test
    @Timeout(60)
    void noNonceReachesTheNodeBeforeItsPredecessorWasTaken() throws Exception {
        for (long seed : Seeds.of("bench.order.seed", 77, 3)) {
            List<Transaction> txs = new ArrayList<>();
            List<KeyPair> keys = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                keys.add(KeyPair.deterministic("bench-order/" + s));
            }
            for (int i = 0; i < SENDERS * NONCES; i++) {
                txs.add(Transaction.sign("bench-order", keys.get(i % SENDERS), i / SENDERS, 1,
                        new TxPayload.Transfer(keys.get(0).address(), 1)));
            }
            Stub stub = new Stub(new Random(seed));
            try {
                String url = "http://127.0.0.1:" + stub.server.getAddress().getPort();
                BenchSubmitter submitter = new BenchSubmitter(List.of(url, url), HttpClient.newHttpClient(), 3, 4,
                        BenchSubmitter.Format.BINARY);
                BenchSubmitter.Result r = submitter.submit(new BenchRound(txs, 1, false), 0,
                        TimeUnit.SECONDS.toNanos(20));
                assertThat(stub.violations).as("seed %d: sent ahead of an untaken nonce", seed).isEmpty();
                assertThat(r.accepted()).as("seed %d: %s", seed, r).isEqualTo(txs.size());
                assertThat(r.unsent()).isZero();
                assertThat(r.rejected()).isZero();
                assertThat(r.retried()).as("seed %d: the stub refused some", seed).isPositive();
            } finally {
                stub.server.stop(0);
            }
        }
    }

    /** Takes a seeded share of each batch, remembering each sender's highest nonce taken; records violations. */
    private static final class Stub {
        final HttpServer server;
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        private final Map<PublicKey, Long> taken = new HashMap<>();
        private final Random rnd;

        Stub(Random rnd) throws IOException {
            this.rnd = rnd;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/v1/transactions/batch", this::handle);
            server.start();
        }

        private void handle(HttpExchange exchange) throws IOException {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var parsed = (TransactionBatchBody.Entries) TransactionBatchBody.parse(body, 1_000);
            StringBuilder refused = new StringBuilder();
            int accepted = 0;
            int retry = 0;
            synchronized (this) {
                boolean whole = rnd.nextInt(5) == 0;
                for (int k = 0; k < parsed.size(); k++) {
                    Transaction tx = parsed.transaction(k);
                    long next = taken.getOrDefault(tx.sender(), -1L) + 1;
                    if (tx.nonce() > next) {
                        violations.add("nonce " + tx.nonce() + " arrived with " + next + " not taken");
                    }
                    if (!whole && tx.nonce() <= next && rnd.nextInt(3) != 0) {
                        taken.merge(tx.sender(), tx.nonce(), Math::max);
                        accepted++;
                    } else {
                        retry++;
                        refused.append(refused.length() == 0 ? "" : ",").append("{\"index\":").append(k)
                                .append(",\"error\":\"POOL_FULL\",\"feeToBeat\":\"0.000000001\"}");
                    }
                }
            }
            String json = "{\"accepted\":" + accepted + ",\"rejected\":0,\"retry\":" + retry
                    + (retry > 0 ? ",\"retryAfterMs\":5" : "") + ",\"refused\":[" + refused + "]}";
            StubReplies.reply(exchange, accepted == 0 ? 503 : 200, json);
        }
    }
}
