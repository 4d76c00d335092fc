package org.stakechain.node;

import java.util.List;
import java.util.function.LongSupplier;
import org.stakechain.consensus.TransactionSource;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.VerifiedSignatures;
import org.stakechain.ledger.state.LedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.mempool.Mempool;

/**
 * Sizes this forger's blocks by time as well as by the chain's limits (count and bytes): a block must be built,
 * sent, and checked by every attestor within the propose timeout, or the round ends nil and everything waits a
 * round longer. The sizer learns how long a transaction takes here, from the blocks this node forged and the
 * proposals it checked (the slower of the two, smoothed), and offers the forger at most as many candidates as fit
 * in {@link #budgetMillis}. The chain's rules do not change: any block within the limits stays valid, and only
 * this node's choice of how many transactions to put in its own block depends on its measurements.
 *
 * <p>Single-threaded: called on the node's consensus thread only.
 */
final class BlockSizer implements TransactionSource {
    /** Fewer than this many transactions per block is never worth a round, whatever the measurements say. */
    static final int MIN_TRANSACTIONS = 200;
    /** How much of a new measurement moves the estimate (an exponential moving average). */
    private static final double WEIGHT = 0.3;
    /** Blocks smaller than this say more about fixed costs than about a transaction's: not learned from. */
    private static final int MIN_SAMPLE = 100;

    private final Mempool mempool;
    private final ChainParams params;
    private final long budgetNanos;
    private final LongSupplier nanoTime;
    /**
     * Checking a block already checked (a proposal re-sent in a later round) costs next to nothing: below this
     * per transaction it is not a measurement of execution.
     */
    private static final double MIN_CHECK_NANOS = 2_000;

    // 0 until the first measurement: the chain's limit applies
    private double forgeNanosPerTransaction;
    private double checkNanosPerTransaction;
    private long candidatesAt;
    private long candidatesNanos;
    private boolean forging;

    BlockSizer(Mempool mempool, ChainParams params, long budgetMillis, LongSupplier nanoTime) {
        if (budgetMillis <= 0) {
            throw new IllegalArgumentException("budget must be positive: " + budgetMillis);
        }
        this.mempool = mempool;
        this.params = params;
        this.budgetNanos = budgetMillis * 1_000_000L;
        this.nanoTime = nanoTime;
    }

    /**
     * The JVM system property that sets the budget in milliseconds ({@code 0}: blocks sized by the chain's limits
     * alone). Default: a third of the propose timeout.
     */
    static final String BUDGET_PROPERTY = "stakechain.block-budget-millis";

    /** A third of the propose timeout: building, checking, and the vote that follows share the rest. */
    static BlockSizer forChain(Mempool mempool, ChainParams params, long proposeTimeoutMillis) {
        long budget = Long.getLong(BUDGET_PROPERTY, Math.max(1, proposeTimeoutMillis / 3));
        return new BlockSizer(mempool, params, budget <= 0 ? Long.MAX_VALUE / 2_000_000 : budget, System::nanoTime);
    }

    @Override
    public List<Transaction> candidates(LedgerState state) {
        int offered = limit();
        candidatesAt = nanoTime.getAsLong();
        forging = true;
        List<Transaction> out = mempool.candidates(state, offered, params.maxBlockBytes());
        candidatesNanos = nanoTime.getAsLong() - candidatesAt;
        return out;
    }

    /** When the last {@link #candidates} call began, and how long the mempool took to answer it (the timeline). */
    long candidatesAt() {
        return candidatesAt;
    }

    long candidatesNanos() {
        return candidatesNanos;
    }

    @Override
    public VerifiedSignatures verifiedSignatures() {
        return mempool.verifiedSignatures();
    }

    /** This node's own proposal of {@code transactions} left for the network: the time since its candidates. */
    void forged(int transactions) {
        if (forging) {
            forging = false;
            forgeNanosPerTransaction = learn(forgeNanosPerTransaction, transactions, nanoTime.getAsLong() - candidatesAt);
        }
    }

    /** Checking (executing) a peer's proposal of {@code transactions} took {@code nanos}. */
    void checked(int transactions, long nanos) {
        if (transactions > 0 && (double) nanos / transactions >= MIN_CHECK_NANOS) {
            checkNanosPerTransaction = learn(checkNanosPerTransaction, transactions, nanos);
        }
    }

    /** How many transactions this node's next block may hold. */
    int limit() {
        int chainLimit = params.maxBlockTransactions();
        double nanosPerTransaction = nanosPerTransaction();
        if (nanosPerTransaction <= 0) {
            return chainLimit;
        }
        long fit = (long) (budgetNanos / nanosPerTransaction);
        return (int) Math.max(Math.min(MIN_TRANSACTIONS, chainLimit), Math.min(chainLimit, fit));
    }

    /** The estimate: the slower of forging and checking, since a block must be both in time. */
    double nanosPerTransaction() {
        return Math.max(forgeNanosPerTransaction, checkNanosPerTransaction);
    }

    private static double learn(double estimate, int transactions, long nanos) {
        if (transactions < MIN_SAMPLE || nanos <= 0) {
            return estimate;
        }
        double sample = (double) nanos / transactions;
        return estimate <= 0 ? sample : estimate + WEIGHT * (sample - estimate);
    }
}
