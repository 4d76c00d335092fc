package org.stakechain.mempool;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.Signature;
import org.stakechain.ledger.BlockBuilder;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/**
 * The pool's own work at a loaded node's sizes (the pool of {@link MempoolFinalBlockBenchmark}: 20,000 transfers
 * from 10,000 senders, a 5,000-transaction final block), timed in <b>thread CPU</b>, which a busy shared machine
 * disturbs far less than JMH's wall time: batch admission of freshly decoded transactions (no signature check),
 * the same batches again (duplicates), 5,000 newcomers offered to the full pool (half evict an entry, half are
 * refused for room), a block's {@code candidates} (the chain's limit, and the ~1,000 a forger is offered at the bench's maximum rate), and {@code onFinalBlock}. Not a test; run
 * (docs/benchmarks.md): {@code java -XX:TieredStopAtLevel=1 -cp target/test-classes:target/classes:$(cat
 * target/test-classpath.txt) org.stakechain.mempool.MempoolCpuProbe [rounds] [label]}.
 */
public final class MempoolCpuProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Bytes this thread allocated: a second measure, which load does not disturb at all. */
    private static final com.sun.management.ThreadMXBean ALLOCATED =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int SENDERS = MempoolFinalBlockBenchmark.SENDERS;
    private static final int PER_SENDER = 2;
    private static final int BLOCK = 5_000;
    private static final int BATCH = 500;
    /** Batches offered to a full pool. */
    private static final int FULL_BATCHES = 10;

    private MempoolCpuProbe() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        String label = args.length > 1 ? args[1] : "pool";
        ChainParams params = ChainParams.defaults("bench");
        MempoolFinalBlockBenchmark.Funded funded = MempoolFinalBlockBenchmark.Funded.of(params);
        List<KeyPair> senders = funded.senders();
        KeyPair forger = funded.forger();
        MemoryLedgerState genesis = funded.genesis();
        Signature unchecked = Signature.wrap(new byte[Signature.LENGTH]);
        List<Transaction> txs = new ArrayList<>();
        for (int n = 0; n < PER_SENDER; n++) {
            for (int i = 0; i < SENDERS; i++) {
                txs.add(Transaction.of(params.chainId(), senders.get(i).publicKey(), n,
                        params.minimumFee() + (i % 2 == 0 ? 1_000 : 0) + i % 97,
                        new TxPayload.Transfer(forger.address(), Coins.of(1)), unchecked));
            }
        }
        // offered to the full pool: every other one beats the cheapest tails (evicts one), the rest pays the
        // minimum fee and is refused for room (and kept as refused): the pool's steady state at the bench's rate
        List<Transaction> newcomers = new ArrayList<>();
        for (int i = 0; i < FULL_BATCHES * BATCH; i++) {
            newcomers.add(Transaction.of(params.chainId(), senders.get(i).publicKey(), PER_SENDER,
                    params.minimumFee() + (i % 2 == 0 ? 600 : 0), new TxPayload.Transfer(forger.address(), Coins.of(1)),
                    unchecked));
        }
        Mempool probe = new Mempool(params, MempoolConfig.defaults(), tx -> true);
        probe.addAll(txs, genesis, SignatureVerifiers.inline());
        List<Transaction> chosen = new ArrayList<>();
        for (Transaction tx : probe.candidates(genesis, SENDERS * PER_SENDER, Long.MAX_VALUE)) {
            if (tx.nonce() == 0 && chosen.size() < BLOCK && tx.fee() >= params.minimumFee() + 1_000) {
                chosen.add(tx);
            }
        }
        BlockBuilder.Built built = BlockBuilder.build(params, genesis, forger, 0, 1, chosen, Optional.empty(),
                hash -> true);
        Block block = built.block();
        MemoryLedgerState after = genesis.apply(built.outcome().changes());
        Block settle = BlockBuilder.build(params, genesis, forger, 0, 1, List.of(), Optional.empty()).block();
        long[] add = new long[rounds];
        long[] duplicate = new long[rounds];
        long[] candidates = new long[rounds];
        long[] ofABlock = new long[rounds];
        long[] finalBlock = new long[rounds];
        long[] intoFull = new long[rounds];
        // bytes allocated: admission, duplicates, candidates offered a block's worth, onFinalBlock, into the full pool
        long[][] bytes = new long[5][rounds];
        for (int r = 0; r < rounds; r++) {
            Mempool full = new Mempool(params, MempoolConfig.defaults(), tx -> true);
            admitInBatches(full, decodedAgain(txs), genesis);
            List<Transaction> offered = decodedAgain(newcomers);
            long a0 = ALLOCATED.getCurrentThreadAllocatedBytes();
            long f0 = THREADS.getCurrentThreadCpuTime();
            int taken = admitInBatches(full, offered, genesis);
            intoFull[r] = THREADS.getCurrentThreadCpuTime() - f0;
            bytes[4][r] = ALLOCATED.getCurrentThreadAllocatedBytes() - a0;
            if (taken != newcomers.size() / 2 || full.size() != SENDERS * PER_SENDER
                    || full.refusedKept() != newcomers.size() / 2) {
                throw new IllegalStateException(taken + " of " + newcomers.size() + " taken into the full pool, "
                        + full.refusedKept() + " refused kept");
            }
            // fresh objects, as a node decodes them from the wire (nothing cached on them yet)
            List<Transaction> fresh = decodedAgain(txs);
            Mempool pool = new Mempool(params, MempoolConfig.defaults(), tx -> true);
            a0 = ALLOCATED.getCurrentThreadAllocatedBytes();
            long t0 = THREADS.getCurrentThreadCpuTime();
            admitInBatches(pool, fresh, genesis);
            long t1 = THREADS.getCurrentThreadCpuTime();
            bytes[0][r] = ALLOCATED.getCurrentThreadAllocatedBytes() - a0;
            List<Transaction> again = decodedAgain(txs);
            a0 = ALLOCATED.getCurrentThreadAllocatedBytes();
            long t2 = THREADS.getCurrentThreadCpuTime();
            admitInBatches(pool, again, genesis);
            long t3 = THREADS.getCurrentThreadCpuTime();
            bytes[1][r] = ALLOCATED.getCurrentThreadAllocatedBytes() - a0;
            pool.onFinalBlock(settle, genesis);
            long t4 = THREADS.getCurrentThreadCpuTime();
            pool.candidates(genesis);
            long t5a = THREADS.getCurrentThreadCpuTime();
            a0 = ALLOCATED.getCurrentThreadAllocatedBytes();
            pool.candidates(genesis, MempoolFinalBlockBenchmark.OFFERED, params.maxBlockBytes());
            long t5 = THREADS.getCurrentThreadCpuTime();
            bytes[2][r] = ALLOCATED.getCurrentThreadAllocatedBytes() - a0;
            a0 = ALLOCATED.getCurrentThreadAllocatedBytes();
            long t5b = THREADS.getCurrentThreadCpuTime();
            pool.onFinalBlock(block, after);
            long t6 = THREADS.getCurrentThreadCpuTime();
            bytes[3][r] = ALLOCATED.getCurrentThreadAllocatedBytes() - a0;
            add[r] = t1 - t0;
            duplicate[r] = t3 - t2;
            candidates[r] = t5a - t4;
            ofABlock[r] = t5 - t5a;
            finalBlock[r] = t6 - t5b;
            if (pool.size() != SENDERS * PER_SENDER - BLOCK) {
                throw new IllegalStateException("pool of " + pool.size() + " after the block");
            }
        }
        System.out.printf("%s: admission %.2f us/tx, duplicates %.2f us/tx, candidates %.1f ms (%d offered: %.2f ms),"
                        + " onFinalBlock %.1f ms, into the full pool %.2f us/tx (thread CPU, medians of the last %d of %d"
                        + " rounds)%n", label,
                median(add) / 1e3 / txs.size(), median(duplicate) / 1e3 / txs.size(), median(candidates) / 1e6,
                MempoolFinalBlockBenchmark.OFFERED, median(ofABlock) / 1e6,
                median(finalBlock) / 1e6, median(intoFull) / 1e3 / newcomers.size(), rounds - rounds / 2, rounds);
        System.out.printf("%s: allocated: admission %.0f B/tx, duplicates %.0f B/tx, %d offered %.0f kB,"
                        + " onFinalBlock %.0f kB, into the full pool %.0f B/tx%n", label,
                median(bytes[0]) / txs.size(), median(bytes[1]) / txs.size(), MempoolFinalBlockBenchmark.OFFERED,
                median(bytes[2]) / 1e3, median(bytes[3]) / 1e3, median(bytes[4]) / newcomers.size());
    }

    private static List<Transaction> decodedAgain(List<Transaction> txs) {
        List<Transaction> out = new ArrayList<>(txs.size());
        for (Transaction tx : txs) {
            out.add(Transaction.decode(tx.encode()));
        }
        return out;
    }

    /** Returns how many were accepted. */
    private static int admitInBatches(Mempool pool, List<Transaction> txs, MemoryLedgerState head) {
        int accepted = 0;
        for (int i = 0; i < txs.size(); i += BATCH) {
            for (Admission a : pool.addAll(txs.subList(i, Math.min(txs.size(), i + BATCH)), head,
                    SignatureVerifiers.inline())) {
                if (a instanceof Admission.Accepted) {
                    accepted++;
                }
            }
        }
        return accepted;
    }

    /** The median of the later half of the rounds (the first are warm-up). */
    private static double median(long[] values) {
        long[] later = Arrays.copyOfRange(values, values.length / 2, values.length);
        Arrays.sort(later);
        return later[later.length / 2];
    }
}
