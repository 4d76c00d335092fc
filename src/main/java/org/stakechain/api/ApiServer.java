package org.stakechain.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Optional;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.Hex;
import org.stakechain.ledger.Account;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.Unbonding;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.BlockHeader;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.mempool.Admission;
import org.stakechain.network.PeerInfo;
import org.stakechain.node.Node;
import org.stakechain.storage.HeadState;
import org.stakechain.storage.TransactionLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP JSON API, version 1 (the core the integration tests and wallets use). Bound to 127.0.0.1 unless
 * told otherwise. Every error is a 4xx/5xx with {@code {"error": code, "detail": sentence}}; no stack trace ever
 * leaves the process.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** A transaction is at most 2 KiB; its hex in JSON fits well within this. */
    public static final long MAX_REQUEST_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Node node;
    private Javalin server;

    public ApiServer(Node node) {
        this.node = node;
    }

    /** Binds and starts; returns the bound port. */
    public int start(String host, int port) {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("http-api");
        threads.setDaemon(true);
        server = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.threadPool = threads;
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            Explorer.register(cfg, node);
            cfg.routes.get("/api/v1/status", this::status);
            cfg.routes.get("/api/v1/blocks/{id}", this::block);
            cfg.routes.post("/api/v1/transactions", this::submit);
            cfg.routes.get("/api/v1/transactions/{hash}", this::transaction);
            cfg.routes.get("/api/v1/accounts/{address}", this::account);
            cfg.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.code, e.getMessage()));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.warn("API {} {} failed: {}", ctx.method(), ctx.path(), e.toString());
                error(ctx, 500, "internal_error", "the node could not answer: " + e.getMessage());
            });
            cfg.routes.error(404, "*", ctx -> {
                String result = ctx.result();
                if (result == null || !result.startsWith("{")) {
                    error(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path()
                            + "; see docs/operations.md for the API");
                }
            });
            cfg.routes.error(413, "*", ctx -> error(ctx, 413, "too_large",
                    "the request body is above the limit of " + MAX_REQUEST_BYTES + " bytes"));
        });
        server.start(host, port);
        LOG.info("HTTP API on http://{}:{}/api/v1/status", host, server.port());
        return server.port();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }

    // ------------------------------------------------------------------ endpoints

    private void status(Context ctx) {
        ObjectNode o = JSON.createObjectNode();
        o.put("chainId", node.params().chainId());
        o.put("genesisHash", node.genesisHash().hex());
        o.put("finalHeight", node.store().finalHeight());
        o.put("headHash", node.store().headHash().hex());
        o.put("peers", node.peers().size());
        o.put("syncing", node.isSyncing());
        o.put("bestPeerHeight", node.bestPeerHeight());
        o.put("round", node.consensusRound());
        o.put("pendingTransactions", node.mempool().size());
        o.put("nodeId", node.nodeId().key().hex());
        o.put("p2pPort", node.p2pPort());
        node.validatorAddress().ifPresentOrElse(a -> o.put("validator", a.text()), () -> o.putNull("validator"));
        ArrayNode peers = o.putArray("peerList");
        for (PeerInfo p : node.peers()) {
            peers.addObject().put("nodeId", p.id().key().hex()).put("address", p.address().toString())
                    .put("direction", p.direction().toString()).put("score", p.score())
                    .put("bestHeight", p.bestHeight());
        }
        json(ctx, 200, o);
    }

    private void block(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<Block> block;
        if (id.matches("\\d{1,18}")) {
            block = node.store().block(Long.parseLong(id));
        } else if (id.matches("(0x)?[0-9a-fA-F]{64}")) {
            block = node.store().block(Hash.parse(strip0x(id)));
        } else {
            throw new ApiError(400, "bad_block_id", "\"" + id + "\" is neither a height (a number) nor a block hash "
                    + "(64 hex digits)");
        }
        if (block.isEmpty()) {
            throw new ApiError(404, "unknown_block", "no final block " + id + " here; the final height is "
                    + node.store().finalHeight());
        }
        Block b = block.get();
        ObjectNode o = JSON.createObjectNode();
        BlockHeader h = b.header();
        o.put("height", h.height());
        o.put("hash", b.hash().hex());
        o.put("chainId", h.chainId());
        o.put("round", h.round());
        o.put("previousHash", h.previousHash().hex());
        o.put("timestampMillis", h.timestampMillis());
        o.put("forger", h.forger().address().text());
        o.put("forgerPublicKey", h.forger().hex());
        o.put("beaconReveal", h.beaconReveal().hex());
        o.put("txRoot", h.txRoot().hex());
        o.put("stateRoot", h.stateRoot().hex());
        o.put("lastCommitHash", h.lastCommitHash().hex());
        ArrayNode txs = o.putArray("transactions");
        for (Transaction tx : b.transactions()) {
            ObjectNode t = transactionJson(tx);
            node.store().transaction(tx.hash()).ifPresent(loc -> receipt(t, loc));
            txs.add(t);
        }
        node.store().certificate(h.height()).ifPresent(c -> o.set("certificate", certificateJson(c)));
        json(ctx, 200, o);
    }

    private void submit(Context ctx) {
        String body = ctx.body().trim();
        String hex;
        if (body.startsWith("{")) {
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (Exception e) {
                throw new ApiError(400, "bad_json", "the body is not valid JSON: send {\"tx\": \"<hex>\"} or the hex alone");
            }
            JsonNode tx = root.get("tx");
            if (tx == null || !tx.isTextual()) {
                throw new ApiError(400, "missing_tx", "the JSON body needs a field \"tx\" with the hex of a signed "
                        + "transaction");
            }
            hex = tx.asText().trim();
        } else {
            hex = body;
        }
        hex = strip0x(hex);
        if (hex.isEmpty() || !hex.matches("[0-9a-fA-F]+") || hex.length() % 2 != 0) {
            throw new ApiError(400, "bad_hex", "the transaction must be the hex (an even number of 0-9a-f digits) of "
                    + "a canonical signed transaction");
        }
        Transaction tx;
        try {
            tx = Transaction.decode(Hex.decode(hex));
        } catch (CodecException | IllegalArgumentException e) {
            throw new ApiError(400, "undecodable", "not a canonical signed transaction: " + e.getMessage());
        }
        Admission admission = node.submit(tx);
        if (admission instanceof Admission.Accepted a) {
            ObjectNode o = JSON.createObjectNode().put("hash", a.hash().hex()).put("status", "pending");
            json(ctx, 202, o);
        } else if (admission instanceof Admission.Duplicate d) {
            ObjectNode o = JSON.createObjectNode().put("hash", d.hash().hex()).put("status", "pending")
                    .put("detail", "already in the pool");
            json(ctx, 202, o);
        } else if (admission instanceof Admission.Rejected r) {
            error(ctx, 400, r.reason().name(), r.detail());
        } else if (admission instanceof Admission.PoolFull f) {
            ObjectNode o = JSON.createObjectNode().put("error", "POOL_FULL").put("detail", f.detail())
                    .put("feeToBeat", Coins.format(f.feeToBeat()));
            json(ctx, 503, o);
        }
    }

    private void transaction(Context ctx) {
        Hash hash = parseHash(ctx.pathParam("hash"), "transaction hash");
        Optional<TransactionLocation> location = node.store().transaction(hash);
        if (location.isPresent()) {
            TransactionLocation loc = location.get();
            ObjectNode o = JSON.createObjectNode().put("hash", hash.hex()).put("status", "final");
            o.put("height", loc.height()).put("index", loc.index());
            node.store().block(loc.height()).ifPresent(b -> {
                o.put("blockHash", b.hash().hex());
                o.set("transaction", transactionJson(b.transactions().get(loc.index())));
            });
            receipt(o, loc);
            json(ctx, 200, o);
            return;
        }
        Optional<Transaction> pending = node.mempool().get(hash);
        if (pending.isPresent()) {
            ObjectNode o = JSON.createObjectNode().put("hash", hash.hex()).put("status", "pending");
            o.set("transaction", transactionJson(pending.get()));
            json(ctx, 200, o);
            return;
        }
        ObjectNode o = JSON.createObjectNode().put("hash", hash.hex()).put("status", "unknown")
                .put("error", "unknown_transaction")
                .put("detail", "neither final nor pending here: it may have been rejected or evicted, or not reached "
                        + "this node yet");
        json(ctx, 404, o);
    }

    private void account(Context ctx) {
        String text = ctx.pathParam("address");
        Address address;
        try {
            address = Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad_address", "\"" + text + "\" is not an address: " + e.getMessage());
        }
        Account a;
        long height;
        try (HeadState head = node.store().headState()) {
            a = head.account(address);
            height = head.height();
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("address", address.text());
        o.put("height", height);
        amount(o, "balance", a.balance());
        o.put("nonce", a.nonce());
        amount(o, "staked", a.staked());
        ArrayNode unbonding = o.putArray("unbonding");
        for (Unbonding u : a.unbonding()) {
            ObjectNode e = unbonding.addObject();
            amount(e, "amount", u.amount());
            e.put("releaseHeight", u.releaseHeight());
        }
        o.put("validator", a.validator());
        o.put("jailed", a.jailed());
        amount(o, "slashed", a.slashed());
        json(ctx, 200, o);
    }

    // ------------------------------------------------------------------ JSON helpers

    private static ObjectNode transactionJson(Transaction tx) {
        ObjectNode t = JSON.createObjectNode();
        t.put("hash", tx.hash().hex());
        t.put("type", tx.type().name());
        t.put("chainId", tx.chainId());
        t.put("sender", tx.senderAddress().text());
        t.put("senderPublicKey", tx.sender().hex());
        t.put("nonce", tx.nonce());
        amount(t, "fee", tx.fee());
        TxPayload p = tx.payload();
        if (p instanceof TxPayload.Transfer tr) {
            t.put("to", tr.to().text());
            amount(t, "amount", tr.amount());
        } else if (p instanceof TxPayload.Stake s) {
            amount(t, "amount", s.amount());
        } else if (p instanceof TxPayload.Unstake u) {
            amount(t, "amount", u.amount());
        } else if (p instanceof TxPayload.SlashEvidence e) {
            t.put("offender", e.evidence().offender().address().text());
            t.put("evidenceHeight", e.evidence().height());
            t.put("evidenceRound", e.evidence().round());
        }
        t.put("signature", tx.signature().hex());
        t.put("hex", Hex.encode(tx.encode()));
        return t;
    }

    private static void receipt(ObjectNode o, TransactionLocation loc) {
        ObjectNode r = o.putObject("receipt");
        r.put("success", loc.succeeded());
        loc.failure().ifPresent(f -> r.put("failure", f));
    }

    private static ObjectNode certificateJson(CommitCertificate c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("height", c.height());
        o.put("round", c.round());
        o.put("blockHash", c.blockHash().hex());
        ArrayNode confs = o.putArray("confirmations");
        for (CommitCertificate.Confirmation conf : c.confirmations()) {
            confs.addObject().put("validator", conf.validator().address().text())
                    .put("publicKey", conf.validator().hex()).put("signature", conf.signature().hex());
        }
        return o;
    }

    /** Amounts twice: a coin string for people and base units (a JSON number) for programs. */
    private static void amount(ObjectNode o, String field, long units) {
        o.put(field, Coins.format(units));
        o.put(field + "Units", units);
    }

    private static Hash parseHash(String text, String what) {
        String t = strip0x(text);
        if (!t.matches("[0-9a-fA-F]{64}")) {
            throw new ApiError(400, "bad_hash", "\"" + text + "\" is not a " + what + " (64 hex digits)");
        }
        return Hash.parse(t);
    }

    private static String strip0x(String s) {
        return s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    }

    private static void json(Context ctx, int status, ObjectNode body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(body.toString());
    }

    private static void error(Context ctx, int status, String code, String detail) {
        json(ctx, status, JSON.createObjectNode().put("error", code).put("detail", detail));
    }

    /** An error a caller can act on; its message is the detail. */
    static final class ApiError extends RuntimeException {
        final int status;
        final String code;

        ApiError(int status, String code, String detail) {
            super(detail, null, false, false);
            this.status = status;
            this.code = code;
        }
    }
}
