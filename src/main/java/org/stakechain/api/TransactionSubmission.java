package org.stakechain.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Hex;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.mempool.Admission;
import org.stakechain.node.Node;

/**
 * Submitting signed transactions, one ({@code POST /api/v1/transactions}) or many
 * ({@code POST /api/v1/transactions/batch}), with backpressure: every transaction gets an answer, and when the
 * node cannot take more now it says so with 503 and {@code Retry-After} instead of dropping anything.
 *
 * <p>Two signals: {@code POOL_FULL} (the mempool is at capacity and the fee does not beat what would have to
 * leave) and {@code busy} (more transactions are being decoded and verified on API threads than
 * {@link #MAX_ADMITTING}: a client pushing faster than the node verifies is told to wait, instead of queueing
 * without bound in the HTTP server).
 */
final class TransactionSubmission {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Transactions in one batch at most; below the gossip message's bound, so one batch is one message. */
    static final int MAX_BATCH = 1_000;
    /** The batch endpoint's body limit: 1,000 transfers' hex fits in a quarter of it. */
    static final long MAX_BATCH_BYTES = 1L << 20;
    /** Transactions in admission on API threads at once, over all requests. */
    static final int MAX_ADMITTING = 8_192;

    private final Node node;
    private final TransactionOutcomes outcomes;
    private final Semaphore admitting = new Semaphore(MAX_ADMITTING);

    TransactionSubmission(Node node, TransactionOutcomes outcomes) {
        this.node = node;
        this.outcomes = outcomes;
    }

    /** How long a refused client should wait: about one slot, when a final block makes room in the pool. */
    long retryAfterMillis() {
        return Math.max(100, node.params().slotMillis());
    }

    /** One transaction; the answer's status and body as the single endpoint has always given them. */
    Answer submit(Transaction tx) {
        if (!admitting.tryAcquire()) {
            return busy(1);
        }
        Admission admission;
        try {
            admission = node.submit(tx);
        } finally {
            admitting.release();
        }
        ObjectNode o = result(tx, admission);
        int status = admission instanceof Admission.Rejected ? 400
                : admission instanceof Admission.PoolFull ? 503 : 202;
        return new Answer(status, o, status == 503);
    }

    /**
     * A batch: {@code {"txs": ["<hex>", ...]}}. Answers 200 with one result per entry, in order, when at least one
     * entry was taken or refused for good; 503 with {@code Retry-After} when nothing was admitted only because the
     * node is full or busy (the client sends the same batch again later). Malformed entries are per-entry errors
     * ({@code bad_hex}, {@code undecodable}); the other entries are still admitted.
     */
    Answer submitBatch(JsonNode body) {
        JsonNode txs = body.get("txs");
        if (txs == null || !txs.isArray()) {
            throw new ApiServer.ApiError(400, "missing_txs", "the JSON body needs a field \"txs\": an array of hex "
                    + "strings, each a canonical signed transaction");
        }
        if (txs.size() == 0 || txs.size() > MAX_BATCH) {
            throw new ApiServer.ApiError(400, "bad_batch_size", "a batch holds 1 to " + MAX_BATCH
                    + " transactions, this one " + txs.size());
        }
        int n = txs.size();
        Object[] parsed = new Object[n]; // a Transaction, or the ObjectNode of its error
        List<Transaction> decoded = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            JsonNode t = txs.get(i);
            Object p = t.isTextual() ? decode(t.asText()) : error("bad_hex", "entry " + i + " is not a string");
            parsed[i] = p;
            if (p instanceof Transaction tx) {
                decoded.add(tx);
            }
        }
        if (!decoded.isEmpty() && !admitting.tryAcquire(decoded.size())) {
            return busy(n);
        }
        List<Admission> admissions;
        try {
            admissions = decoded.isEmpty() ? List.of() : node.submitAll(decoded);
        } finally {
            admitting.release(decoded.size());
        }
        ArrayNode results = JSON.createArrayNode();
        int accepted = 0;
        int retry = 0;
        int rejected = 0;
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (parsed[i] instanceof Transaction tx) {
                Admission a = admissions.get(next++);
                results.add(result(tx, a));
                if (a instanceof Admission.PoolFull) {
                    retry++;
                } else if (a instanceof Admission.Rejected) {
                    rejected++;
                } else {
                    accepted++;
                }
            } else {
                results.add((ObjectNode) parsed[i]);
                rejected++;
            }
        }
        ObjectNode o = JSON.createObjectNode().put("accepted", accepted).put("rejected", rejected)
                .put("retry", retry);
        if (retry > 0) {
            o.put("retryAfterMs", retryAfterMillis());
        }
        o.set("results", results);
        boolean nothingTaken = retry == n;
        return new Answer(nothingTaken ? 503 : 200, nothingTaken ? o.put("error", "POOL_FULL")
                .put("detail", "the pool is full: send the batch again after retryAfterMs") : o, retry > 0);
    }

    private Answer busy(int count) {
        ObjectNode o = JSON.createObjectNode().put("error", "busy")
                .put("detail", "the node is admitting as many transactions as it verifies at once (" + MAX_ADMITTING
                        + "); none of these " + count + " was taken: send them again after retryAfterMs")
                .put("retryAfterMs", retryAfterMillis());
        return new Answer(503, o, true);
    }

    private ObjectNode result(Transaction tx, Admission admission) {
        String hash = tx.hash().hex();
        if (admission instanceof Admission.Accepted) {
            return JSON.createObjectNode().put("hash", hash).put("status", "pending");
        }
        if (admission instanceof Admission.Duplicate) {
            return JSON.createObjectNode().put("hash", hash).put("status", "pending").put("detail", "already in the pool");
        }
        if (admission instanceof Admission.Rejected r) {
            outcomes.rejected(tx.hash(), r.reason().name(), r.detail());
            return JSON.createObjectNode().put("error", r.reason().name()).put("detail", r.detail()).put("hash", hash);
        }
        Admission.PoolFull f = (Admission.PoolFull) admission;
        ObjectNode o = JSON.createObjectNode().put("error", "POOL_FULL").put("detail", f.detail());
        if (f.feeHelps()) {
            o.put("feeToBeat", Coins.format(f.feeToBeat()));
        }
        return o.put("retryAfterMs", retryAfterMillis()).put("hash", hash);
    }

    /** The hex of one transaction, decoded, or the error entry that says why not. */
    private static Object decode(String text) {
        String hex = text.trim();
        if (hex.startsWith("0x") || hex.startsWith("0X")) {
            hex = hex.substring(2);
        }
        if (!isHex(hex)) {
            return error("bad_hex", "not the hex (an even number of 0-9a-f digits) of a canonical signed transaction");
        }
        if (hex.length() / 2 > Transaction.MAX_ENCODED_BYTES) {
            return error("TOO_LARGE", "a transaction is at most " + Transaction.MAX_ENCODED_BYTES + " bytes");
        }
        try {
            return Transaction.decode(Hex.decode(hex));
        } catch (CodecException | IllegalArgumentException e) {
            return error("undecodable", "not a canonical signed transaction: " + e.getMessage());
        }
    }

    private static boolean isHex(String s) {
        if (s.isEmpty() || s.length() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static ObjectNode error(String code, String detail) {
        return JSON.createObjectNode().put("error", code).put("detail", detail);
    }

    /** A status, a body, and whether to send {@code Retry-After}. */
    record Answer(int status, ObjectNode body, boolean retryAfter) {
    }
}
