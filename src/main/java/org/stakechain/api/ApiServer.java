package org.stakechain.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.stakechain.codec.CodecException;
import org.stakechain.consensus.lottery.ForgerLottery;
import org.stakechain.crypto.PublicKey;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.Hex;
import org.stakechain.ledger.Account;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.Receipt;
import org.stakechain.ledger.Unbonding;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.BlockHeader;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.ledger.state.ChainState;
import org.stakechain.ledger.validators.ValidatorSet;
import org.stakechain.node.NodeEvents;
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
    public static final long MAX_REQUEST_BYTES = ApiConfig.DEFAULT_MAX_REQUEST_BYTES;
    /** How many round-0 forgers {@code /api/v1/lottery} looks ahead (fewer at an epoch boundary). */
    static final int LOOKAHEAD = 5;
    /** Blocks whose certificate stake is remembered from the event stream (older epochs' sets are gone). */
    static final int CERTIFICATE_STAKE_CACHE = 4096;
    /** The seed's {@code GET /blocks}: the newest blocks, not the whole chain. */
    static final int SEED_BLOCKS = 100;
    static final int SEED_POOL = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Node node;
    private final ApiConfig config;
    private final TransactionOutcomes outcomes = new TransactionOutcomes();
    private final ApiMetrics metrics;
    private final EventStream events;
    private final TransactionSubmission submission;
    /** Final blocks' moments, for the submission's retry hint. */
    private final NodeEvents finalBlocks;
    private final Map<Long, long[]> certificateStake = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, long[]> eldest) {
            return size() > CERTIFICATE_STAKE_CACHE;
        }
    };
    private final NodeEvents stakeRecorder = new NodeEvents() {
        @Override
        public void onBlockFinal(FinalBlock fb) {
            synchronized (certificateStake) {
                certificateStake.put(fb.block().height(),
                        new long[] {fb.confirmedStake(), fb.validators().totalStake()});
            }
        }

        @Override
        public void onTransactionsFinal(Block block, List<Receipt> receipts) {
            // not this listener's: skips the default's call per transaction
        }
    };
    private final Object transactLock = new Object();
    private final byte[] openApi;
    private volatile boolean loopbackOnly = true;
    private Javalin server;

    /** With {@link ApiConfig#fromEnvironment} of this process (token and CORS from environment variables). */
    public ApiServer(Node node) {
        this(node, ApiConfig.fromEnvironment(System.getenv()));
    }

    public ApiServer(Node node, ApiConfig config) {
        this.node = node;
        this.config = config;
        this.metrics = new ApiMetrics(node);
        this.events = new EventStream(config);
        this.submission = new TransactionSubmission(node, outcomes);
        this.finalBlocks = submission.finalBlocks();
        this.openApi = resource("/org/stakechain/api/openapi.json");
        node.addListener(outcomes);
        node.addListener(metrics);
        node.addListener(events);
        node.addListener(stakeRecorder);
        node.addListener(finalBlocks);
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
            // the batch endpoint's larger limit; refuseOversize holds every other path to maxRequestBytes
            cfg.http.maxRequestSize = Math.max(config.maxRequestBytes(), TransactionSubmission.MAX_BATCH_BYTES);
            // what Jetty answers itself (unparsable requests, oversized headers/URI) is JSON too, never HTML
            cfg.jetty.modifyServer(s -> s.setErrorHandler(new JsonErrorHandler()));
            cfg.jetty.modifyServletContextHandler(h -> h.setErrorHandler(new JsonErrorHandler()));
            if (!config.corsOrigins().isEmpty()) {
                cfg.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                    List<String> origins = config.corsOrigins();
                    if (origins.contains("*")) {
                        rule.anyHost();
                    } else {
                        rule.allowHost(origins.get(0), origins.subList(1, origins.size()).toArray(String[]::new));
                    }
                }));
            }
            cfg.routes.before(this::refuseOversize);
            Explorer.register(cfg, node);
            cfg.routes.get("/api/v1/status", this::status);
            cfg.routes.get("/api/v1/health", this::health);
            cfg.routes.get("/api/v1/blocks", this::blocks);
            cfg.routes.get("/api/v1/blocks/{id}", this::block);
            cfg.routes.post("/api/v1/transactions", this::submit);
            cfg.routes.post("/api/v1/transactions/batch", this::submitBatch);
            cfg.routes.get("/api/v1/transactions/{hash}", this::transaction);
            cfg.routes.get("/api/v1/accounts/{address}", this::account);
            cfg.routes.get("/api/v1/validators", this::validators);
            cfg.routes.get("/api/v1/lottery", this::lottery);
            cfg.routes.get("/api/v1/peers", this::peers);
            io.javalin.http.sse.SseHandler sse = new io.javalin.http.sse.SseHandler(events::connect);
            cfg.routes.get("/api/v1/events", ctx -> {
                // checked before the stream's headers go out; connect() reads the mask back
                ctx.attribute(EventStream.TYPES_ATTRIBUTE, EventStream.parseTypes(ctx.queryParams("types")));
                if (events.full()) { // refused before the stream's headers go out
                    throw new ApiError(503, "too_many_streams", "the node serves at most " + config.maxSseClients()
                            + " event streams at once; close one or try later");
                }
                String accept = ctx.header("Accept");
                if (accept == null || !accept.contains("text/event-stream")) {
                    throw new ApiError(406, "not_event_stream", "this is a server-sent event stream: send the header "
                            + "\"Accept: text/event-stream\" (EventSource does; with curl add -H)");
                }
                sse.handle(ctx);
            });
            cfg.routes.get("/openapi.json", ctx -> {
                ctx.contentType("application/json");
                ctx.result(openApi);
            });
            cfg.routes.get("/metrics", ctx -> {
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
                ctx.result(metrics.scrape());
            });
            // the seed's routes, for people coming from it
            cfg.routes.get("/blocks", this::seedBlocks);
            cfg.routes.get("/transactions", this::seedTransactions);
            cfg.routes.post("/transact", this::transact);
            cfg.routes.get("/public-key", this::publicKey);
            cfg.routes.get("/balance", this::balance);
            cfg.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.code, e.getMessage()));
            cfg.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> {
                if (e.getStatus() == 413) {
                    error(ctx, 413, "too_large", "the request body is above the limit of " + config.maxRequestBytes()
                            + " bytes");
                } else if (e.getStatus() == 404) {
                    error(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path()
                            + "; see /openapi.json or docs/api.md for the API");
                } else if (e.getStatus() == 405) {
                    error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path()
                            + "; see /openapi.json");
                } else {
                    error(ctx, e.getStatus(), "http_" + e.getStatus(), String.valueOf(e.getMessage()));
                }
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                // the log gets the exception; the caller only that it failed (messages can name classes, paths)
                LOG.warn("API {} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal_error", "the node could not answer this request; its log says why");
            });
            cfg.routes.error(404, "*", ctx -> {
                String result = ctx.result();
                if (result == null || !result.startsWith("{")) {
                    error(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path()
                            + "; see /openapi.json or docs/api.md for the API");
                }
            });
            cfg.routes.error(413, "*", ctx -> error(ctx, 413, "too_large",
                    "the request body is above the limit of " + config.maxRequestBytes() + " bytes"));
            cfg.routes.error(405, "*", ctx -> error(ctx, 405, "method_not_allowed",
                    ctx.method() + " is not allowed on " + ctx.path() + "; see /openapi.json"));
        });
        loopbackOnly = isLoopback(host);
        server.start(host, port);
        LOG.info("HTTP API on http://{}:{}/api/v1/status", host, server.port());
        return server.port();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        node.removeListener(outcomes);
        node.removeListener(metrics);
        node.removeListener(events);
        node.removeListener(stakeRecorder);
        node.removeListener(finalBlocks);
        events.close();
        if (server != null) {
            server.stop();
        }
    }

    /** Open event streams. */
    public int eventClients() {
        return events.clients();
    }

    /** "tx" events this node has formatted for its streams (none while no stream asks for them). */
    long txEventsFormatted() {
        return events.txEventsFormatted();
    }

    /** The metrics as Prometheus text, for tests and embedding. */
    public String scrapeMetrics() {
        return metrics.scrape();
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
            peers.add(peerJson(p));
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
        json(ctx, 200, blockJson(block.get()));
    }

    private ObjectNode blockJson(Block b) {
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
        o.put("forgerAddress", h.forger().address().text());
        node.store().certificate(h.height()).ifPresent(c -> {
            ObjectNode cert = certificateJson(c);
            long[] stake = certificateStake(h.height(), c);
            if (stake != null) {
                cert.put("confirmedStakeUnits", stake[0]);
                cert.put("totalStakeUnits", stake[1]);
            } else {
                cert.putNull("confirmedStakeUnits");
                cert.putNull("totalStakeUnits");
            }
            o.set("certificate", cert);
        });
        return o;
    }

    /** Confirmed and total stake of a certificate: remembered from the event, else from the head's known sets. */
    private long[] certificateStake(long height, CommitCertificate c) {
        synchronized (certificateStake) {
            long[] known = certificateStake.get(height);
            if (known != null) {
                return known;
            }
        }
        try (HeadState head = node.store().headState()) {
            ChainState chain = head.chain();
            if (!chain.knowsValidatorsAt(node.params(), height)) {
                return null;
            }
            ValidatorSet set = chain.validatorsAt(node.params(), height);
            long signed = 0;
            for (CommitCertificate.Confirmation conf : c.confirmations()) {
                signed += set.stakeOf(conf.validator());
            }
            return new long[] {signed, set.totalStake()};
        }
    }

    private void health(Context ctx) {
        ObjectNode o = JSON.createObjectNode();
        if (!node.isRunning()) {
            o.put("status", "not_ready").put("detail", "the node is not running");
            json(ctx, 503, o);
            return;
        }
        long height = node.store().finalHeight();
        o.put("finalHeight", height).put("bestPeerHeight", node.bestPeerHeight()).put("peers", node.peers().size());
        if (node.isSyncing()) {
            o.put("status", "syncing");
            json(ctx, 206, o);
        } else {
            o.put("status", "ready");
            json(ctx, 200, o);
        }
    }

    private void blocks(Context ctx) {
        long finalHeight = node.store().finalHeight();
        int limit = (int) longParam(ctx, "limit", 20, 1, config.maxBlocksPerPage());
        long from = longParam(ctx, "from", Math.max(1, finalHeight - limit + 1), 1, Long.MAX_VALUE / 2);
        ObjectNode o = JSON.createObjectNode();
        o.put("finalHeight", finalHeight).put("from", from).put("limit", limit);
        ArrayNode list = o.putArray("blocks");
        for (long h = from; h < from + limit && h <= finalHeight; h++) {
            node.store().block(h).ifPresent(b -> list.add(blockJson(b)));
        }
        json(ctx, 200, o);
    }

    private static long longParam(Context ctx, String name, long fallback, long min, long max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ApiError(400, "bad_parameter", "\"" + name + "\" must be a whole number, got \"" + text + "\"");
        }
        if (value < min || value > max) {
            throw new ApiError(400, "bad_parameter", "\"" + name + "\" must be between " + min + " and " + max
                    + ", got " + value);
        }
        return value;
    }

    private void validators(Context ctx) {
        ObjectNode o = JSON.createObjectNode();
        try (HeadState head = node.store().headState()) {
            ChainState chain = head.chain();
            ValidatorSet active = chain.validators();
            long total = active.totalStake();
            o.put("height", head.height());
            amount(o, "totalStake", total);
            ArrayNode list = o.putArray("validators");
            for (PublicKey key : chain.registry()) {
                Account a = head.account(key.address());
                ObjectNode v = list.addObject();
                v.put("address", key.address().text());
                v.put("publicKey", key.hex());
                amount(v, "stake", a.staked());
                v.put("shareBps", bps(active.stakeOf(key), total));
                v.put("jailed", a.jailed());
                amount(v, "slashed", a.slashed());
                v.put("active", active.contains(key));
            }
        }
        json(ctx, 200, o);
    }

    private void lottery(Context ctx) {
        ObjectNode o = JSON.createObjectNode();
        try (HeadState head = node.store().headState()) {
            ChainState chain = head.chain();
            ValidatorSet set = chain.validators();
            long next = head.height() + 1;
            o.put("height", next);
            o.put("totalTickets", set.totalStake());
            ArrayNode forgers = o.putArray("nextForgers");
            if (!set.isEmpty()) {
                ForgerLottery lottery = ForgerLottery.of(set);
                long epoch = node.params().epochOf(next);
                for (long h = next; h < next + LOOKAHEAD && node.params().epochOf(h) == epoch; h++) {
                    ForgerLottery.Draw d = lottery.draw(h, 0, chain.lotterySeed());
                    forgers.addObject().put("height", h).put("round", 0)
                            .put("address", d.forger().address().text())
                            .put("ticket", d.ticket()).put("coinTicket", d.coinTicket());
                }
            }
            ArrayNode odds = o.putArray("odds");
            for (var v : set.validators()) {
                odds.addObject().put("address", v.address().text()).put("shareBps", bps(v.stake(), set.totalStake()));
            }
        }
        json(ctx, 200, o);
    }

    /** {@code part / total} in basis points, rounded down, without overflow. */
    static long bps(long part, long total) {
        if (total <= 0 || part <= 0) {
            return 0;
        }
        return BigInteger.valueOf(part).multiply(BigInteger.valueOf(10_000)).divide(BigInteger.valueOf(total))
                .longValueExact();
    }

    private void peers(Context ctx) {
        ObjectNode o = JSON.createObjectNode();
        List<PeerInfo> peers = node.peers();
        o.put("count", peers.size());
        ArrayNode list = o.putArray("peers");
        for (PeerInfo p : peers) {
            list.add(peerJson(p));
        }
        json(ctx, 200, o);
    }

    private static ObjectNode peerJson(PeerInfo p) {
        return JSON.createObjectNode().put("nodeId", p.id().key().hex()).put("address", p.address().toString())
                .put("direction", p.direction().toString()).put("score", p.score()).put("bestHeight", p.bestHeight());
    }

    // ------------------------------------------------------------------ the seed's routes

    private void seedBlocks(Context ctx) {
        long finalHeight = node.store().finalHeight();
        ArrayNode list = JSON.createArrayNode();
        for (long h = Math.max(1, finalHeight - SEED_BLOCKS + 1); h <= finalHeight; h++) {
            node.store().block(h).ifPresent(b -> list.add(blockJson(b)));
        }
        ctx.status(200).contentType("application/json").result(list.toString());
    }

    private void seedTransactions(Context ctx) {
        ArrayNode list = JSON.createArrayNode();
        try (HeadState head = node.store().headState()) {
            for (Transaction tx : node.mempool().candidates(head, SEED_POOL, Long.MAX_VALUE)) {
                list.add(transactionJson(tx));
            }
        }
        ctx.status(200).contentType("application/json").result(list.toString());
    }

    private void transact(Context ctx) {
        authorize(ctx);
        if (node.validatorAddress().isEmpty()) {
            throw new ApiError(409, "no_key", "this node runs without a key, so it cannot sign; start it with --key, "
                    + "or sign elsewhere and POST /api/v1/transactions");
        }
        JsonNode root = jsonBody(ctx);
        JsonNode recipient = root.get("recipient");
        if (recipient == null || !recipient.isTextual()) {
            throw new ApiError(400, "missing_recipient", "the body needs \"recipient\": an address (sc...)");
        }
        Address to;
        try {
            to = Address.parse(recipient.asText().trim());
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad_address", "\"" + recipient.asText() + "\" is not an address: " + e.getMessage());
        }
        long amount = coinsField(root, "amount");
        Admission admission;
        Transaction tx;
        synchronized (transactLock) { // one nonce per transaction
            tx = node.signWithOwnKey(new TxPayload.Transfer(to, amount)).orElseThrow(
                    () -> new ApiError(409, "no_key", "this node runs without a key, so it cannot sign"));
            admission = node.submit(tx);
        }
        answerAdmission(ctx, tx, admission);
    }

    /** An amount of coins: a JSON number ({@code 12} or {@code 1.5}) or a string ({@code "1.5"}). */
    private static long coinsField(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !(n.isNumber() || n.isTextual())) {
            throw new ApiError(400, "bad_amount", "the body needs \"" + field + "\": coins as a number or a string, "
                    + "e.g. 25 or \"2.5\"");
        }
        long units;
        try {
            units = Coins.parse(n.isNumber() ? n.decimalValue().toPlainString() : n.asText().trim());
        } catch (RuntimeException e) {
            throw new ApiError(400, "bad_amount", "\"" + field + "\" is not an amount of coins: " + e.getMessage());
        }
        if (units <= 0) {
            throw new ApiError(400, "bad_amount", "\"" + field + "\" must be positive");
        }
        return units;
    }

    private void authorize(Context ctx) {
        Optional<String> token = config.bearerToken();
        if (token.isEmpty()) {
            if (!loopbackOnly) {
                throw new ApiError(403, "transact_disabled", "POST /transact signs with the node's key; on an address "
                        + "other than 127.0.0.1 it needs a bearer token in the API config");
            }
            return;
        }
        String header = ctx.header("Authorization");
        String prefix = "Bearer ";
        boolean ok = header != null && header.regionMatches(true, 0, prefix, 0, prefix.length())
                && MessageDigest.isEqual(header.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8),
                token.get().getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "unauthorized", "POST /transact needs the header \"Authorization: Bearer <token>\" "
                    + "with the node's API token");
        }
    }

    private void publicKey(Context ctx) {
        Address address = ownAddress();
        ObjectNode o = JSON.createObjectNode().put("address", address.text());
        node.validatorPublicKey().ifPresent(k -> o.put("publicKey", k.hex()));
        json(ctx, 200, o);
    }

    private void balance(Context ctx) {
        Address address = ownAddress();
        ObjectNode o = JSON.createObjectNode().put("address", address.text());
        try (HeadState head = node.store().headState()) {
            Account a = head.account(address);
            o.put("height", head.height());
            amount(o, "balance", a.balance());
            amount(o, "staked", a.staked());
            o.put("nonce", a.nonce());
        }
        json(ctx, 200, o);
    }

    private Address ownAddress() {
        return node.validatorAddress().orElseThrow(() -> new ApiError(404, "no_key",
                "this node runs without a key, so it has no wallet of its own; ask /api/v1/accounts/{address}"));
    }

    private void refuseOversize(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        long limit = limitFor(ctx);
        if (length < 0 && "POST".equals(ctx.method().name())) {
            // chunked: Javalin caches the body (read up to the batch limit), so measure it here
            length = ctx.bodyAsBytes().length;
        }
        if (length > limit) {
            if (length <= 2L * TransactionSubmission.MAX_BATCH_BYTES) {
                // read it and throw it away before answering (at most 2 MiB, in small pieces): a 413 sent over an
                // unread body makes the server close with data pending, the kernel resets the connection, and the
                // client, still writing, may never see the 413. Larger bodies get the 413 and a closed connection.
                try (InputStream body = ctx.req().getInputStream()) {
                    body.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException | RuntimeException unreadable) {
                    // the answer below is still the right one
                }
            }
            throw new ApiError(413, "too_large", "the request body (" + length + " bytes) is above the limit of "
                    + limit + " bytes");
        }
    }

    private long limitFor(Context ctx) {
        return BATCH_PATH.equals(ctx.path()) ? Math.max(config.maxRequestBytes(), TransactionSubmission.MAX_BATCH_BYTES)
                : config.maxRequestBytes();
    }

    private static final String BATCH_PATH = "/api/v1/transactions/batch";

    private void submitBatch(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type != null && type.regionMatches(true, 0, TransactionBatchBody.MEDIA_TYPE, 0,
                TransactionBatchBody.MEDIA_TYPE.length())) {
            // the binary form: framed canonical encodings, decoded from the body's bytes (no hex, no JSON tree)
            answer(ctx, submission.submitBinary(binaryBody(ctx)));
        } else {
            answer(ctx, submission.submitBatch(jsonBody(ctx)));
        }
    }

    /**
     * The body of a binary batch. With a known length (refuseOversize has checked it against the limit) it is read
     * into one array of exactly that size: Javalin's {@code bodyAsBytes} grows a ByteArrayOutputStream from 4 KiB
     * and copies it out again (~2% of a node's allocation at the maximum rate). A chunked body is already read and
     * cached by refuseOversize.
     */
    private static byte[] binaryBody(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length < 0) {
            return ctx.bodyAsBytes();
        }
        byte[] body = new byte[Math.toIntExact(length)];
        int read;
        try {
            read = ctx.req().getInputStream().readNBytes(body, 0, body.length);
        } catch (IOException e) {
            throw new ApiError(400, "undecodable", "the request body could not be read: " + firstLine(e.getMessage()));
        }
        if (read != body.length) {
            throw new ApiError(400, "undecodable", "the request body ended after " + read + " of its " + length
                    + " bytes");
        }
        return body;
    }

    private void answer(Context ctx, TransactionSubmission.Answer a) {
        if (a.retryAfterMillis() > 0) {
            // whole seconds in the header (RFC 9110); retryAfterMs in the body is the finer hint
            ctx.header("Retry-After", String.valueOf(Math.max(1, (a.retryAfterMillis() + 999) / 1000)));
        }
        json(ctx, a.status(), a.body());
    }

    private static JsonNode jsonBody(Context ctx) {
        JsonNode root;
        try {
            // with a known length (checked by refuseOversize) the parser reads the request stream itself: no copy
            // of the whole body as bytes and again as a String (a batch is ~350 KB); a chunked body is already
            // read and cached by refuseOversize
            root = ctx.req().getContentLengthLong() >= 0 ? JSON.readTree(ctx.bodyInputStream())
                    : JSON.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw new ApiError(400, "bad_json", "the body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ApiError(400, "bad_json", "the body must be a JSON object");
        }
        return root;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
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
        answer(ctx, submission.submit(tx));
    }

    private void answerAdmission(Context ctx, Transaction tx, Admission admission) {
        if (admission instanceof Admission.Accepted a) {
            ObjectNode o = JSON.createObjectNode().put("hash", a.hash().hex()).put("status", "pending");
            json(ctx, 202, o);
        } else if (admission instanceof Admission.Duplicate d) {
            ObjectNode o = JSON.createObjectNode().put("hash", d.hash().hex()).put("status", "pending")
                    .put("detail", "already in the pool");
            json(ctx, 202, o);
        } else if (admission instanceof Admission.Rejected r) {
            outcomes.rejected(tx.hash(), r.reason().name(), r.detail());
            ObjectNode o = JSON.createObjectNode().put("error", r.reason().name()).put("detail", r.detail())
                    .put("hash", tx.hash().hex());
            json(ctx, 400, o);
        } else if (admission instanceof Admission.PoolFull f) {
            ObjectNode o = JSON.createObjectNode().put("error", "POOL_FULL").put("detail", f.detail());
            if (f.feeHelps()) {
                o.put("feeToBeat", Coins.format(f.feeToBeat()));
            }
            long retryAfter = submission.retryAfterMillis();
            o.put("retryAfterMs", retryAfter);
            ctx.header("Retry-After", String.valueOf(Math.max(1, (retryAfter + 999) / 1000)));
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
        Optional<TransactionOutcomes.Rejection> rejected = outcomes.find(hash);
        if (rejected.isPresent()) {
            ObjectNode o = JSON.createObjectNode().put("hash", hash.hex()).put("status", "rejected")
                    .put("reason", rejected.get().reason()).put("detail", rejected.get().detail());
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
