package org.stakechain.mempool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.stakechain.ledger.tx.Transaction;

/**
 * A small pool that checks many transactions' signatures at once, one slice per core: the signature is the one
 * expensive step of admitting or validating a transaction, and each is independent. The calling thread checks a
 * slice itself, so a batch progresses even when the pool is busy or stopped, and one core does not lose to
 * hand-offs.
 */
public final class SignatureVerifiers implements AutoCloseable {
    /** Below this many per slice, splitting costs more than it saves. */
    static final int MIN_SLICE = 8;

    private final int threads;
    private final ExecutorService pool;

    private SignatureVerifiers(int threads, ExecutorService pool) {
        this.threads = threads;
        this.pool = pool;
    }

    /** {@code threads} helper threads (daemon, named {@code name-N}) besides the caller; 0 checks on the caller only. */
    public static SignatureVerifiers create(int threads, String name) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must not be negative, got " + threads);
        }
        if (threads == 0) {
            return inline();
        }
        int[] n = {0};
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + (++n[0]));
            t.setDaemon(true);
            return t;
        });
        return new SignatureVerifiers(threads, pool);
    }

    /** As many helpers as cores less one (the caller is the last). */
    public static SignatureVerifiers perCore(String name) {
        return create(Math.max(0, Runtime.getRuntime().availableProcessors() - 1), name);
    }

    /** Everything on the calling thread. */
    public static SignatureVerifiers inline() {
        return new SignatureVerifiers(0, null);
    }

    public int threads() {
        return threads;
    }

    /** {@code check} applied to each transaction, in parallel; the answers in the transactions' order. */
    public boolean[] verifyAll(List<Transaction> txs, SignatureCheck check) {
        boolean[] valid = new boolean[txs.size()];
        int slices = Math.min(threads + 1, Math.max(1, txs.size() / MIN_SLICE));
        if (slices <= 1) {
            verifySlice(txs, check, valid, 0, txs.size());
            return valid;
        }
        List<CompletableFuture<Void>> helpers = new ArrayList<>(slices - 1);
        int per = (txs.size() + slices - 1) / slices;
        for (int s = 1; s < slices; s++) {
            int from = Math.min(txs.size(), s * per);
            int to = Math.min(txs.size(), from + per);
            try {
                helpers.add(CompletableFuture.runAsync(() -> verifySlice(txs, check, valid, from, to), pool));
            } catch (RejectedExecutionException e) {
                verifySlice(txs, check, valid, from, to); // stopping: do it here
            }
        }
        verifySlice(txs, check, valid, 0, Math.min(txs.size(), per));
        // join publishes the helpers' writes to valid (happens-before via the future's completion)
        CompletableFuture.allOf(helpers.toArray(CompletableFuture[]::new)).join();
        return valid;
    }

    private static void verifySlice(List<Transaction> txs, SignatureCheck check, boolean[] valid, int from, int to) {
        for (int i = from; i < to; i++) {
            valid[i] = check.verify(txs.get(i));
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown(); // queued slices still run: a caller may be waiting on them
            try {
                pool.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
