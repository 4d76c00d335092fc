package org.stakechain.fault;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.stakechain.crypto.Hex;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.node.Testnet;

/**
 * Transfers from the treasury to a few workload accounts, submitted over the HTTP API to whichever node answers,
 * one transaction per nonce: a transfer is retried (same bytes, any node) until some node reports it final, and
 * only then is the next nonce signed. So every transfer ever signed is final in the end, and the workload
 * accounts' balances are exactly the sums of what was sent to them.
 */
final class TransferWorkload implements AutoCloseable {
    static final long FEE = Coins.parse("0.001");
    /** A transfer not final on the node asked within this is resubmitted, possibly to another node. */
    private static final Duration RESUBMIT_AFTER = Duration.ofSeconds(4);

    private final Testnet net;
    private final Supplier<List<String>> candidates;
    private final KeyPair treasury;
    final List<KeyPair> recipients;
    private final Random random;
    private final Map<String, Transaction> signed = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;
    private volatile long submissions;
    private final Thread thread;

    /** {@code candidates}: the nodes worth trying now (the suite's running, unpaused ones). */
    TransferWorkload(Testnet net, Supplier<List<String>> candidates, List<KeyPair> recipients, long seed) {
        this.net = net;
        this.candidates = candidates;
        this.treasury = net.treasury();
        this.recipients = List.copyOf(recipients);
        this.random = new Random(seed);
        this.thread = new Thread(this::run, "transfer-workload");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        long nonce = 0;
        while (running) {
            KeyPair to = recipients.get(random.nextInt(recipients.size()));
            Transaction tx = Transaction.sign(net.chainId, treasury, nonce, FEE,
                    new TxPayload.Transfer(to.address(), Coins.parse("0.01") * (1 + random.nextInt(100))));
            signed.put(tx.hash().hex(), tx);
            // this nonce's transfer until it is final: stopping waits for it, so nothing signed is left in doubt
            while (!finalSomewhere(tx)) {
                LockSupport.parkNanos(100_000_000);
            }
            acknowledged.add(tx.hash().hex());
            nonce++;
        }
    }

    /** Submits {@code tx} to a candidate and waits a while for it to be final there. */
    private boolean finalSomewhere(Transaction tx) {
        List<String> nodes = candidates.get();
        if (nodes.isEmpty()) {
            return false;
        }
        String node = nodes.get(random.nextInt(nodes.size()));
        String url = net.url(node);
        if (isFinal(url, tx)) {
            return true;
        }
        try {
            submissions++;
            HttpResponse<String> r = Testnet.post(url + "/api/v1/transactions",
                    "{\"tx\":\"" + Hex.encode(tx.encode()) + "\"}");
            if (r.statusCode() != 202 && !r.body().contains("NONCE_TOO_LOW") && !r.body().contains("ALREADY")) {
                return false;
            }
        } catch (Exception unreachable) {
            return false; // killed, paused or partitioned: another node next time
        }
        long deadline = System.nanoTime() + RESUBMIT_AFTER.toNanos();
        while (System.nanoTime() < deadline) {
            if (isFinal(url, tx)) {
                return true;
            }
            LockSupport.parkNanos(150_000_000);
        }
        return false;
    }

    static boolean isFinal(String url, Transaction tx) {
        return Testnet.get(url + "/api/v1/transactions/" + tx.hash().hex())
                .map(t -> t.path("status").asText().equals("final")).orElse(false);
    }

    /** Stops signing new transfers; the one in flight is waited for (bounded), so it is final too. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(120).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new AssertionError("the workload's last transfer did not become final within 120 s");
        }
    }

    /** Every transfer signed, in nonce order (after {@link #close()} all are acknowledged final). */
    List<Transaction> signed() {
        synchronized (signed) {
            return List.copyOf(signed.values());
        }
    }

    List<String> acknowledged() {
        synchronized (acknowledged) {
            return List.copyOf(acknowledged);
        }
    }

    long submissions() {
        return submissions;
    }

    /** What each workload account must hold: the sum of the transfers to it. */
    Map<String, Long> expectedBalances() {
        Map<String, Long> out = new LinkedHashMap<>();
        recipients.forEach(r -> out.put(r.address().text(), 0L));
        for (Transaction tx : signed()) {
            TxPayload.Transfer t = (TxPayload.Transfer) tx.payload();
            out.merge(t.to().text(), t.amount(), Math::addExact);
        }
        return out;
    }

    static Optional<JsonNode> account(String url, String address) {
        return Testnet.get(url + "/api/v1/accounts/" + address);
    }
}
