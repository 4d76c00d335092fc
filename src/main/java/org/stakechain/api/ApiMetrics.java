package org.stakechain.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.stakechain.crypto.Address;
import org.stakechain.ledger.Receipt;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.node.Node;
import org.stakechain.node.NodeEvents;

/**
 * The node's metrics in a Micrometer Prometheus registry, fed by {@link NodeEvents} and by gauges that read the
 * node when scraped. Names (Prometheus form) are listed in docs/api.md and used by docs/grafana.
 */
final class ApiMetrics implements NodeEvents {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Node node;
    private final AtomicLong finalHeight = new AtomicLong();
    private final Timer finality;
    private final Counter blocksFinal;
    private final Counter txSucceeded;
    private final Counter txFailed;
    private final Counter slashings;
    private final Counter attests;
    private final Counter confirms;
    private final Timer signatureValid;
    private final Timer signatureInvalid;

    ApiMetrics(Node node) {
        this.node = node;
        finalHeight.set(safeFinalHeight());
        Gauge.builder("stakechain.final.height", finalHeight, AtomicLong::get)
                .description("height of the newest final block").register(registry);
        Gauge.builder("stakechain.consensus.round", node, Node::consensusRound)
                .description("consensus round at the current height (0 = first try)").register(registry);
        Gauge.builder("stakechain.block.transaction.limit", node, Node::blockTransactionLimit)
                .description("transactions this node puts in its next block at most (sized by time)")
                .register(registry);
        Gauge.builder("stakechain.mempool.transactions", node, n -> n.mempool().size())
                .description("transactions waiting in the pool").register(registry);
        Gauge.builder("stakechain.mempool.bytes", node, n -> n.mempool().bytes())
                .description("encoded size of the pooled transactions").baseUnit("bytes").register(registry);
        Gauge.builder("stakechain.peers", node, n -> n.peers().size())
                .description("connected peers").register(registry);
        Gauge.builder("stakechain.syncing", node, n -> n.isSyncing() ? 1 : 0)
                .description("1 while fetching blocks from peers").register(registry);
        Gauge.builder("stakechain.events.dropped", node, Node::droppedEvents)
                .description("node events not delivered to the API because it fell behind").register(registry);
        finality = Timer.builder("stakechain.finality")
                .description("time from a block's timestamp to its commit on this node")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
        blocksFinal = Counter.builder("stakechain.blocks.final").description("blocks that became final here")
                .register(registry);
        txSucceeded = Counter.builder("stakechain.transactions.final").tag("result", "success")
                .description("transactions in final blocks").register(registry);
        txFailed = Counter.builder("stakechain.transactions.final").tag("result", "failed")
                .description("transactions in final blocks").register(registry);
        slashings = Counter.builder("stakechain.slashings").description("validators slashed and jailed")
                .register(registry);
        attests = Counter.builder("stakechain.votes.received").tag("kind", "attest")
                .description("consensus votes received from peers").register(registry);
        confirms = Counter.builder("stakechain.votes.received").tag("kind", "confirm")
                .description("consensus votes received from peers").register(registry);
        signatureValid = signatureTimer("valid");
        signatureInvalid = signatureTimer("invalid");
    }

    private Timer signatureTimer(String result) {
        return Timer.builder("stakechain.signature.verification").tag("result", result)
                .description("Ed25519 verification of a transaction signature at admission")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofMillis(100)).register(registry);
    }

    private long safeFinalHeight() {
        try {
            return node.store().finalHeight();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The Prometheus text exposition (format 0.0.4). */
    String scrape() {
        return registry.scrape();
    }

    @Override
    public void onBlockFinal(FinalBlock block) {
        finalHeight.accumulateAndGet(block.block().height(), Math::max);
        blocksFinal.increment();
        if (!block.synced()) {
            long millis = Math.max(0, block.committedAtMillis() - block.block().header().timestampMillis());
            finality.record(millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void onTransactionFinal(Transaction tx, long height, int index, Receipt receipt) {
        (receipt.succeeded() ? txSucceeded : txFailed).increment();
    }

    /** A block's receipts counted together: two counter updates per block instead of one per transaction. */
    @Override
    public void onTransactionsFinal(Block block, List<Receipt> receipts) {
        int n = Math.min(block.transactions().size(), receipts.size());
        int failed = 0;
        for (int i = 0; i < n; i++) {
            if (!receipts.get(i).succeeded()) {
                failed++;
            }
        }
        if (n > failed) {
            txSucceeded.increment(n - failed);
        }
        if (failed > 0) {
            txFailed.increment(failed);
        }
    }

    @Override
    public void onSlashing(Address offender, long height, long slashedUnits, Address reporter) {
        slashings.increment();
    }

    @Override
    public void onVoteReceived(String kind) {
        ("CONFIRM".equals(kind) ? confirms : attests).increment();
    }

    @Override
    public void onSignatureVerified(long nanos, boolean valid) {
        (valid ? signatureValid : signatureInvalid).record(nanos, TimeUnit.NANOSECONDS);
    }
}
