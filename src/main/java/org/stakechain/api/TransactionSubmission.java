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
import org.stakechain.node.NodeEvents;

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
    private final RetryHint room;

    TransactionSubmission(Node node, TransactionOutcomes outcomes) {
        this.node = node;
        this.outcomes = outcomes;
        this.room = new RetryHint(busyRetryMillis());
    }

    /** The node's final blocks, for {@link #retryAfterMillis}: listen with {@code node.addListener}. */
    NodeEvents finalBlocks() {
        return new NodeEvents() {
            @Override
            public void onBlockFinal(FinalBlock block) {
                room.onFinal(System.nanoTime());
            }
        };
    }

    /**
     * How long a client refused for room ({@code POOL_FULL}) should wait: until the next final block is expected to
     * make room in the pool ({@link RetryHint}; at least one slot).
     */
    long retryAfterMillis() {
        return room.millisUntilRoom(System.nanoTime());
    }

    /** How long a client told {@code busy} should wait: about one slot, for the verification backlog to clear. */
    long busyRetryMillis() {
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
        return new Answer(status, o, status == 503 ? o.path("retryAfterMs").asLong() : 0);
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
        return admit(parseJson(txs), false);
    }

    /**
     * A binary batch ({@link TransactionBatchBody}): the same admission and backpressure as {@link #submitBatch},
     * answered compactly ({@link #answer}). A malformed body is a 400 and admits nothing.
     */
    Answer submitBinary(byte[] body) {
        return admit(parseBinary(body), true);
    }

    /** Each entry of a JSON batch: a {@link Transaction}, or the {@link EntryError} that says why not. */
    static Object[] parseJson(JsonNode txs) {
        int n = txs.size();
        Object[] parsed = new Object[n];
        for (int i = 0; i < n; i++) {
            JsonNode t = txs.get(i);
            parsed[i] = t.isTextual() ? decode(t.asText()) : new EntryError("bad_hex", "entry " + i + " is not a string");
        }
        return parsed;
    }

    /** Each entry of a binary batch, as {@link #parseJson}; a body whose framing is wrong is refused whole. */
    static Object[] parseBinary(byte[] body) {
        TransactionBatchBody.Parsed p = TransactionBatchBody.parse(body, MAX_BATCH);
        if (p instanceof TransactionBatchBody.Refused r) {
            throw new ApiServer.ApiError(400, r.error(), r.detail());
        }
        TransactionBatchBody.Entries entries = (TransactionBatchBody.Entries) p;
        Object[] parsed = new Object[entries.size()];
        for (int i = 0; i < parsed.length; i++) {
            try {
                parsed[i] = entries.transaction(i);
            } catch (CodecException | IllegalArgumentException e) {
                parsed[i] = new EntryError("undecodable", "not a canonical signed transaction: " + e.getMessage());
            }
        }
        return parsed;
    }

    private Answer admit(Object[] parsed, boolean compact) {
        int n = parsed.length;
        List<Transaction> decoded = new ArrayList<>(n);
        for (Object p : parsed) {
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
        return answer(parsed, admissions, compact);
    }

    /**
     * The answer to a batch whose decoded entries ({@code parsed}'s transactions, in order) were admitted as
     * {@code admissions}. In full, one result per entry; compact, only counts and the entries not taken:
     * {@code {"accepted","rejected","retry","retryAfterMs"?,"refused":[{"index","error","detail"?,"feeToBeat"?}]}}
     * (a {@code POOL_FULL} entry carries {@code feeToBeat} and no detail, or, when no fee helps because it would
     * wait behind a nonce gap, its detail and no {@code feeToBeat}).
     */
    Answer answer(Object[] parsed, List<Admission> admissions, boolean compact) {
        int n = parsed.length;
        ArrayNode results = JSON.createArrayNode();
        int accepted = 0;
        int retry = 0;
        int rejected = 0;
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (parsed[i] instanceof Transaction tx) {
                Admission a = admissions.get(next++);
                if (a instanceof Admission.PoolFull) {
                    retry++;
                } else if (a instanceof Admission.Rejected) {
                    rejected++;
                } else {
                    accepted++;
                }
                if (!compact) {
                    results.add(result(tx, a));
                } else if (a instanceof Admission.Rejected r) {
                    outcomes.rejected(tx.hash(), r.reason().name(), r.detail());
                    results.addObject().put("index", i).put("error", r.reason().name()).put("detail", r.detail());
                } else if (a instanceof Admission.PoolFull f) {
                    // the common case (a full pool, a fee would help) is the same for every such entry: no detail
                    ObjectNode full = results.addObject().put("index", i).put("error", "POOL_FULL");
                    if (f.feeHelps()) {
                        full.put("feeToBeat", Coins.format(f.feeToBeat()));
                    } else {
                        full.put("detail", f.detail());
                    }
                }
            } else {
                EntryError e = (EntryError) parsed[i];
                ObjectNode o = results.addObject();
                if (compact) {
                    o.put("index", i);
                }
                o.put("error", e.error()).put("detail", e.detail());
                rejected++;
            }
        }
        ObjectNode o = JSON.createObjectNode().put("accepted", accepted).put("rejected", rejected)
                .put("retry", retry);
        long retryAfter = retry > 0 ? retryAfterMillis() : 0;
        if (retry > 0) {
            o.put("retryAfterMs", retryAfter);
        }
        o.set(compact ? "refused" : "results", results);
        boolean nothingTaken = retry == n;
        return new Answer(nothingTaken ? 503 : 200, nothingTaken ? o.put("error", "POOL_FULL")
                .put("detail", "the pool is full: send the batch again after retryAfterMs") : o, retryAfter);
    }

    private Answer busy(int count) {
        long retryAfter = busyRetryMillis();
        ObjectNode o = JSON.createObjectNode().put("error", "busy")
                .put("detail", "the node is admitting as many transactions as it verifies at once (" + MAX_ADMITTING
                        + "); none of these " + count + " was taken: send them again after retryAfterMs")
                .put("retryAfterMs", retryAfter);
        return new Answer(503, o, retryAfter);
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
            return new EntryError("bad_hex", "not the hex (an even number of 0-9a-f digits) of a canonical signed transaction");
        }
        if (hex.length() / 2 > Transaction.MAX_ENCODED_BYTES) {
            return new EntryError("TOO_LARGE", "a transaction is at most " + Transaction.MAX_ENCODED_BYTES + " bytes");
        }
        try {
            return Transaction.decode(Hex.decode(hex));
        } catch (CodecException | IllegalArgumentException e) {
            return new EntryError("undecodable", "not a canonical signed transaction: " + e.getMessage());
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

    /** An entry that is not a transaction: its error code and why. */
    record EntryError(String error, String detail) {
    }

    /** A status, a body, and the {@code Retry-After} to send in milliseconds (0: none). */
    record Answer(int status, ObjectNode body, long retryAfterMillis) {
    }
}
