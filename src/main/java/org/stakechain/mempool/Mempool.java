package org.stakechain.mempool;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.stakechain.consensus.TransactionSource;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.PublicKey;
import org.stakechain.ledger.Account;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.VerifiedSignatures;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.state.LedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/**
 * The pool of unconfirmed transactions every node shares (the seed's "transaction pool"): admission with a
 * typed answer, per-sender nonce order, replace-by-fee, fee priority across senders, a hard capacity with
 * lowest-fee eviction, and re-validation when a block becomes final. Rules and figures: docs/mempool.md.
 *
 * <p>Thread-safe behind one lock. The signature check, the only slow step, runs outside it and at most once
 * per transaction (see {@link #isVerified}); so do the account reads (a head backed by the store may have to go
 * to disk), which read an immutable head and so give the same answer inside or outside.
 */
public final class Mempool implements TransactionSource {
    private final ChainParams params;
    private final MempoolConfig config;
    private final SignatureCheck signatures;
    /**
     * {@link #signatures} as the batch paths use it: a transaction verified meanwhile by the other path is not
     * verified again, and one verified here is remembered at once. Admission and a proposal's check ahead run at the
     * same time (a proposal fetched whole while the batch that brought its transactions is in admission); each asks
     * the verified set for the whole batch before it starts, so without this both verified the same transactions
     * (~2% of them under a flood). Two short locks per signature check, against ~40 µs for the check.
     */
    private final SignatureCheck checkOnce;
    private final VerifiedTransactions verified;
    private final RefusedTransactions refused;

    private final Object lock = new Object();
    // guarded by lock
    private final Map<Hash, PooledTransaction> byHash = new HashMap<>();
    private final Map<PublicKey, SenderQueue> senders = new HashMap<>();
    /** Each sender's highest-nonce entry: the only ones eviction may take, so it never leaves a gap. */
    private final TailHeap tails = new TailHeap();
    private long bytes;
    private long nextSeq;
    /** Entries waiting behind a nonce gap, over all senders (the sum of {@link SenderQueue#waiting}). */
    private int waiting;
    /** Height of the head the last {@link #onFinalBlock} judged every sender against; -1 before the first. */
    private long settledHeight = -1;
    /**
     * Senders with an entry admitted against a head other than {@link #settledHeight}'s: the next
     * {@link #onFinalBlock} judges them whatever its block holds. A list in arrival order with the membership
     * on the queue ({@link SenderQueue#unsettled}); a queue that empties stays listed, dead, until the next block.
     */
    private final List<SenderQueue> unsettled = new ArrayList<>();
    /** Counts {@link #onFinalBlock} calls: {@link SenderQueue#listedBy} marks a queue listed by the current one. */
    private long finalBlocks;

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong poolFull = new AtomicLong();
    private final AtomicLong signatureChecks = new AtomicLong();
    private final AtomicLongArray rejected = new AtomicLongArray(RejectReason.values().length);
    private final AtomicLongArray removed = new AtomicLongArray(Removal.Cause.values().length);

    public Mempool(ChainParams params) {
        this(params, MempoolConfig.defaults(), SignatureCheck.ED25519);
    }

    public Mempool(ChainParams params, MempoolConfig config, SignatureCheck signatures) {
        this.params = params;
        this.config = config;
        this.signatures = signatures;
        this.verified = new VerifiedTransactions(config.verifiedCacheSize());
        this.checkOnce = tx -> {
            Hash hash = tx.hash();
            if (verified.contains(hash)) {
                return true; // only good signatures are remembered
            }
            signatureChecks.incrementAndGet(); // counted where it runs: one skipped here was never checked
            boolean valid = signatures.verify(tx);
            if (valid) {
                verified.add(hash);
            }
            return valid;
        };
        this.refused = new RefusedTransactions(config.refusedCacheSize());
    }

    /**
     * Offers a transaction, judged against {@code head}, the state after the newest final block. Cheap checks
     * come first; the signature is verified last, outside the lock, and only if it never verified before.
     */
    public Admission add(Transaction tx, LedgerState head) {
        return admit(tx, head, null, null);
    }

    /**
     * Admits a batch with the same answers as {@link #add}ing its transactions one by one in order, but checks
     * their signatures first, in parallel on {@code verifiers}; the pool itself changes serially, in order, so
     * nonce order and eviction come out as they would one by one. Only transactions the cheap checks cannot
     * already refuse (chain, fee, size, a nonce used or too far ahead at {@code head}) cost a signature check.
     */
    public List<Admission> addAll(List<Transaction> txs, LedgerState head, SignatureVerifiers verifiers) {
        int n = txs.size();
        List<Transaction> toCheck = new ArrayList<>();
        // a hash taken for a check -> its index in toCheck: a later copy in the batch shares that check's answer
        // presized for the batch (a table is only allocated on the first put): no resizing as they fill
        Map<Hash, Integer> seen = new HashMap<>(n * 4 / 3 + 1);
        int[] checkIndex = new int[n];
        // one account read per sender per batch, shared with admission below: the head is immutable, so it is
        // the answer admission would read again for every transaction (a store read on a cache miss)
        Map<PublicKey, Account> accounts = new HashMap<>(n * 4 / 3 + 1);
        Account[] accountAt = new Account[n];
        // refused by the checks of the transaction alone: admission answers that before reading anything
        boolean[] refused = new boolean[n];
        List<Hash> hashes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Transaction tx = txs.get(i);
            refused[i] = checkAlone(tx) != null;
            hashes.add(tx.hash());
            checkIndex[i] = -1;
        }
        // verified here before: no check, and admission need not ask the verified set again. Asked for the whole
        // batch at once, as the pool below: one lock each instead of one per transaction (a runtime call each
        // under C1); an entry skipped below gets false, as if never asked
        boolean[] known = verified.containsEach(hashes);
        // pooled already (gossip brings most transactions more than once): answered Duplicate below, no account.
        // The sender's queue, if pooled: its address (no digest of the key to derive it again), and a hint that
        // spares admission the sender map while the queue stays live
        boolean[] pooled = new boolean[n];
        SenderQueue[] pooledSenders = new SenderQueue[n];
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                if (!refused[i]) {
                    Transaction tx = txs.get(i);
                    pooled[i] = byHash.containsKey(hashes.get(i));
                    pooledSenders[i] = senders.get(tx.sender());
                }
            }
        }
        for (int i = 0; i < n; i++) {
            Transaction tx = txs.get(i);
            Hash hash = hashes.get(i);
            if (refused[i]) {
                known[i] = false;
                pooled[i] = false;
                continue;
            }
            Integer first = seen.get(hash);
            if (first != null) {
                // a copy of one taken for a check above: its answer
                checkIndex[i] = first;
                known[i] = false;
                pooled[i] = false;
                continue;
            }
            if (pooled[i] || known[i]) {
                continue;
            }
            Account account = accountOf(tx, head, accounts, pooledSenders[i]);
            accountAt[i] = account;
            long next = account.nonce();
            if (tx.nonce() < next || tx.nonce() - next >= config.maxNonceGap()) {
                continue; // refused whatever the signature
            }
            checkIndex[i] = toCheck.size();
            seen.put(hash, toCheck.size());
            toCheck.add(tx);
        }
        toCheck = withoutRefusedForRoom(txs, toCheck, checkIndex, accountAt, pooledSenders, head);
        boolean[] valid = verifiers.verifyAll(toCheck, checkOnce); // the good ones remembered as checked
        Admission[] out = new Admission[n];
        // pooled ones are asked again in runs, one lock each: a run stops after one that left meanwhile, which is
        // admitted before those after it are asked (its admission may evict them)
        boolean[] stillPooled = new boolean[n];
        int askedTo = 0;
        for (int i = 0; i < n; i++) {
            Transaction tx = txs.get(i);
            if (pooled[i]) {
                if (i >= askedTo) {
                    int j = i;
                    synchronized (lock) {
                        while (j < n && pooled[j]) {
                            boolean in = byHash.containsKey(hashes.get(j));
                            stillPooled[j++] = in;
                            if (!in) {
                                break;
                            }
                        }
                    }
                    askedTo = j;
                }
                if (stillPooled[i]) {
                    // what admission answers first for a pooled hash, without its account read
                    out[i] = counted(new Admission.Duplicate(hashes.get(i)));
                    continue;
                }
            }
            if (refused[i]) {
                out[i] = counted(checkAlone(tx));
                continue;
            }
            Boolean checked = known[i] ? Boolean.TRUE : checkIndex[i] >= 0 ? valid[checkIndex[i]] : null;
            Account account = accountAt[i] != null ? accountAt[i] : accountOf(tx, head, accounts, pooledSenders[i]);
            out[i] = admitChecked(tx, head, checked, account, pooledSenders[i]);
        }
        return java.util.Arrays.asList(out);
    }

    /**
     * The transactions of {@code toCheck} that the pool's own rules do not refuse now, and {@code checkIndex}
     * renumbered to match (-1 for those left out). Asked only while the pool is at its capacity, when most newcomers
     * are refused for room whatever their signatures: {@link #admitChecked} asks the same rules first and verifies
     * only what they let through, so a batch into a full pool is no longer verified only to be refused. Under a
     * sustained flood (a long run at the maximum rate) that was ~45% more signature checks than transactions. The
     * answers are those {@link #admitChecked} gives; only which transactions it verifies in parallel changes.
     */
    private List<Transaction> withoutRefusedForRoom(List<Transaction> txs, List<Transaction> toCheck, int[] checkIndex,
                                                    Account[] accountAt, SenderQueue[] pooledSenders, LedgerState head) {
        if (toCheck.isEmpty()) {
            return toCheck;
        }
        int n = txs.size();
        int[] renumbered = new int[toCheck.size()];
        int kept = 0;
        long headHeight = head.chain().height();
        synchronized (lock) {
            if (byHash.size() < config.maxTransactions() && bytes + Transaction.MAX_ENCODED_BYTES <= config.maxBytes()) {
                return toCheck; // room for a newcomer of any size: nothing is refused for room
            }
            java.util.Arrays.fill(renumbered, -1);
            for (int i = 0; i < n; i++) {
                int c = checkIndex[i];
                if (c < 0 || renumbered[c] != -1 || toCheck.get(c) != txs.get(i)) {
                    continue; // not checked, or a copy of one asked already
                }
                if (!(plan(txs.get(i), accountAt[i], headHeight, pooledSenders[i]) instanceof Admission)) {
                    renumbered[c] = kept++;
                } else {
                    renumbered[c] = -2; // refused now: admission answers it without a signature check
                }
            }
        }
        if (kept == toCheck.size()) {
            return toCheck;
        }
        List<Transaction> left = new ArrayList<>(kept);
        for (int c = 0; c < toCheck.size(); c++) {
            if (renumbered[c] >= 0) {
                left.add(toCheck.get(c));
            }
        }
        for (int i = 0; i < n; i++) {
            if (checkIndex[i] >= 0) {
                int r = renumbered[checkIndex[i]];
                checkIndex[i] = r >= 0 ? r : -1;
            }
        }
        return left;
    }

    /** The sender's spendable account at {@code head}, read once per sender of a batch. */
    private static Account accountOf(Transaction tx, LedgerState head, Map<PublicKey, Account> accounts,
                                     SenderQueue pooled) {
        Account account = accounts.get(tx.sender());
        if (account == null) {
            account = spendable(head, pooled != null ? pooled.address : tx.senderAddress());
            accounts.put(tx.sender(), account);
        }
        return account;
    }

    /**
     * {@code checked}: the signature's answer if it was just checked, else null (check it if needed). A bad
     * signature is only reported where {@link #add} would have checked it: after the pool's own rules.
     * {@code account}: the sender's, spendable, already read at {@code head}, or null (read it here).
     */
    private Admission admit(Transaction tx, LedgerState head, Boolean checked, Account account) {
        Admission.Rejected early = checkAlone(tx);
        if (early != null) {
            return counted(early);
        }
        return admitChecked(tx, head, checked, account, null);
    }

    /**
     * {@link #admit} of a transaction that passed {@link #checkAlone} already. {@code queueHint}: the sender's
     * queue as seen earlier, or null: used while it is live (then the sender map holds it), else the map is asked.
     */
    private Admission admitChecked(Transaction tx, LedgerState head, Boolean checked, Account account,
                                   SenderQueue queueHint) {
        Hash hash = tx.hash();
        boolean knownGood = Boolean.TRUE.equals(checked) || verified.contains(hash);
        if (account == null) {
            // read before the lock: the consensus thread must not wait on the pool behind a store read
            account = spendable(head, tx.senderAddress());
        }
        long headHeight = head.chain().height();
        Admission refusedNow = null;
        synchronized (lock) {
            Object plan = plan(tx, account, headHeight, queueHint);
            if (plan instanceof Admission answer) {
                refusedNow = answer;
            } else if (knownGood) {
                return commit(tx, (Plan) plan);
            }
        }
        if (refusedNow != null) {
            return counted(keepIfRefusedForRoom(tx, refusedNow, knownGood));
        }
        if (checked == null) {
            signatureChecks.incrementAndGet();
            checked = signatures.verify(tx);
        }
        if (!checked) {
            return counted(new Admission.Rejected(RejectReason.BAD_SIGNATURE, "the signature does not verify for sender "
                    + tx.senderAddress() + " on chain " + tx.chainId()));
        }
        verified.add(hash);
        Object plan;
        synchronized (lock) {
            // the pool may have changed while the signature was checked: judge again
            plan = plan(tx, account, headHeight, queueHint);
            if (!(plan instanceof Admission)) {
                return commit(tx, (Plan) plan);
            }
        }
        return counted(keepIfRefusedForRoom(tx, (Admission) plan, true));
    }

    /**
     * Checks the signatures of transactions this node has not verified yet (a proposal's, arriving before their
     * gossip), in parallel, and remembers the good ones, so block validation on the consensus thread finds them
     * known. Returns how many were checked. Bad ones are not remembered: validation checks them again and
     * rejects the block.
     */
    public int verifyAhead(List<Transaction> txs, SignatureVerifiers verifiers) {
        List<Transaction> unknown = new ArrayList<>();
        boolean[] known = verified.containsEach(hashesOf(txs));
        for (int i = 0; i < known.length; i++) {
            if (!known[i]) {
                unknown.add(txs.get(i));
            }
        }
        if (unknown.isEmpty()) {
            return 0;
        }
        verifiers.verifyAll(unknown, checkOnce); // the good ones remembered as checked
        return unknown.size();
    }

    /** Whether this transaction's signature already verified here: block validation may skip checking it again. */
    public boolean isVerified(Hash txHash) {
        return verified.contains(txHash);
    }

    /** Whether every one of these transactions' signatures already verified here (one lock for all of them). */
    public boolean allVerified(List<Transaction> txs) {
        for (boolean known : verified.containsEach(hashesOf(txs))) {
            if (!known) {
                return false;
            }
        }
        return true;
    }

    private static List<Hash> hashesOf(List<Transaction> txs) {
        List<Hash> hashes = new ArrayList<>(txs.size());
        for (int i = 0; i < txs.size(); i++) {
            hashes.add(txs.get(i).hash());
        }
        return hashes;
    }

    public VerifiedTransactions verifiedTransactions() {
        return verified;
    }

    /** The engine's block checks skip the signatures this pool verified (see {@link VerifiedTransactions}). */
    @Override
    public VerifiedSignatures verifiedSignatures() {
        return verified::contains;
    }

    /** The forger's candidates for the block after {@code state}, within the chain's block limits. */
    @Override
    public List<Transaction> candidates(LedgerState state) {
        return candidates(state, params.maxBlockTransactions(), params.maxBlockBytes());
    }

    /**
     * Executable transactions by fee: each sender's entries from its next nonce on, without gaps and while its
     * balance covers them, merged across senders highest fee first (ties: earliest arrival) without ever
     * putting a sender's nonce {@code n + 1} before its {@code n}. A sender whose next entry does not fit in
     * {@code maxBytes} is skipped; smaller entries of others may still fill the space.
     *
     * <p>Accounts are read lazily: each sender enters the merge under its best entry (by fee, then arrival), which
     * ranks no lower than whichever entry its account makes its first, and its account is read only when that
     * bound comes up: then the sender goes back in under its real first entry, or leaves. A bound ranks no lower
     * than the real entry, so no sender's entry can come out later than in a merge of real entries read up front:
     * the answer is the same, but a forger offered a block's worth of a large pool's senders reads about a block's
     * worth of accounts, not one per sender (docs/performance.md, "Consensus thread (round 8)").
     */
    public List<Transaction> candidates(LedgerState head, int maxCount, long maxBytes) {
        List<Transaction> chosen = new ArrayList<>(Math.max(0, Math.min(maxCount, 1 << 16)));
        if (maxCount <= 0) {
            return chosen;
        }
        synchronized (lock) {
            // the merge's heap, of sender numbers keyed by fee and arrival in primitive arrays: no object per
            // sender until its account is read (a block's worth of the pool's senders), no comparator call
            // every pooled sender is in the tail heap (a queue is there exactly while it is not empty, and so in the
            // sender map): an array to scan rather than the map's nodes to walk
            int n = tails.size();
            SenderQueue[] queues = new SenderQueue[n];
            PooledTransaction[] bounds = new PooledTransaction[n];
            Cursor[] cursors = new Cursor[n];
            long[] fees = new long[n];
            long[] seqs = new long[n];
            int[] heap = new int[n];
            int count = 0;
            for (int s = 0; s < n; s++) {
                SenderQueue q = tails.at(s);
                PooledTransaction best = q.best();
                queues[count] = q;
                bounds[count] = best;
                fees[count] = best.fee;
                seqs[count] = best.seq;
                heap[count] = count;
                count++;
            }
            // heapified at once (linear), not added one by one; the merge order is the keys' alone (fee, then
            // arrival, each entry's own), so the senders' order does not matter
            for (int i = (count >>> 1) - 1; i >= 0; i--) {
                siftDown(heap, count, i, fees, seqs);
            }
            long used = 0;
            while (count > 0 && chosen.size() < maxCount) {
                int top = heap[0];
                Cursor c = cursors[top];
                if (c == null) {
                    // its bound came up: its real first entry (if any) ranks at or below it; back in under that,
                    // unless it is the bound itself, which ranked first of all: then it is taken right away
                    PooledTransaction bound = bounds[top];
                    c = new Cursor(queues[top]);
                    if (!c.readAccount(spendable(head, c.queue.address))) {
                        count = pop(heap, count, fees, seqs);
                        continue;
                    }
                    cursors[top] = c;
                    if (c.entry != bound) {
                        fees[top] = c.entry.fee;
                        seqs[top] = c.entry.seq;
                        siftDown(heap, count, 0, fees, seqs); // the top, ranking lower now: back in its place
                        continue;
                    }
                }
                if (used + c.entry.size > maxBytes) {
                    count = pop(heap, count, fees, seqs);
                    continue;
                }
                chosen.add(c.entry.tx);
                used += c.entry.size;
                // the queue's entries are in nonce order: the following nonce, if pooled, is the next one
                int i = c.index + 1;
                boolean more = false;
                if (i < c.queue.size() && c.queue.at(i).nonce == c.entry.nonce + 1) {
                    PooledTransaction following = c.queue.at(i);
                    long spent = PooledTransaction.saturatingAdd(c.spent, following.cost);
                    if (spent <= c.balance) {
                        c.entry = following;
                        c.index = i;
                        c.spent = spent;
                        more = true;
                    }
                }
                if (more) {
                    // the same sender again, under its following entry: the top's key changed, sift it
                    fees[top] = c.entry.fee;
                    seqs[top] = c.entry.seq;
                    siftDown(heap, count, 0, fees, seqs);
                } else {
                    count = pop(heap, count, fees, seqs);
                }
            }
        }
        return chosen;
    }

    /**
     * After a block is final: its transactions leave, then the senders whose entries the block may have made
     * invalid are judged again against {@code newHead} (used nonces and entries the balance no longer covers
     * leave). Returns what left and why. Accounts are read outside the lock, so admissions are not held up by a
     * slow state store.
     *
     * <p>Only a block's senders (nonce and balance) and slashed offenders (matured unbonding cut) can lose
     * spendable balance or gain a nonce in a block; every other account only gains (credits, rewards, unbonding
     * maturing at the next height), and judging entries that passed against a lower balance and the same nonce
     * again removes nothing. So when {@code newHead} follows the head of the previous call, only those senders
     * and the ones admitted against another head meanwhile are judged again: the same removals as judging every
     * sender, at a cost in proportion to the block rather than to the pool. Otherwise every sender is.
     */
    public List<Removal> onFinalBlock(Block block, LedgerState newHead) {
        long height = newHead.chain().height();
        List<Transaction> txs = block.transactions();
        List<Removal> out = new ArrayList<>(txs.size());
        List<SenderQueue> queues;
        long call;
        String included = "included in block " + block.height();
        synchronized (lock) {
            call = ++finalBlocks;
            if (settledHeight >= 0 && height == settledHeight + 1) {
                // the block's senders and slashed offenders, in the block's order, listed as the entries leave
                List<SenderQueue> touched = new ArrayList<>();
                for (Transaction tx : txs) {
                    PooledTransaction p = byHash.remove(tx.hash()); // found and taken out in one map operation
                    SenderQueue q;
                    if (p != null) {
                        q = p.sender;
                        removeUnmapped(p);
                        out.add(new Removal(tx, Removal.Cause.INCLUDED, included));
                    } else {
                        q = senders.get(tx.sender());
                    }
                    list(q, call, touched);
                    if (tx.payload() instanceof TxPayload.SlashEvidence slash) {
                        list(senders.get(slash.evidence().offender()), call, touched);
                    }
                }
                // a sender whose every entry the block took is gone: nothing to judge
                queues = new ArrayList<>(touched.size() + unsettled.size());
                for (SenderQueue q : touched) {
                    if (q.live) {
                        queues.add(q);
                    }
                }
            } else {
                for (Transaction tx : txs) {
                    PooledTransaction p = byHash.remove(tx.hash());
                    if (p != null) {
                        removeUnmapped(p);
                        out.add(new Removal(tx, Removal.Cause.INCLUDED, included));
                    }
                }
                queues = new ArrayList<>(senders.size());
                for (SenderQueue q : senders.values()) {
                    q.listedBy = call;
                    queues.add(q);
                }
            }
            for (SenderQueue q : unsettled) {
                if (q.live && q.listedBy != call) {
                    q.listedBy = call;
                    queues.add(q);
                }
            }
        }
        Account[] accounts = new Account[queues.size()];
        for (int i = 0; i < accounts.length; i++) {
            accounts[i] = spendable(newHead, queues.get(i).address);
        }
        synchronized (lock) {
            for (int i = 0; i < accounts.length; i++) {
                SenderQueue q = queues.get(i);
                if (q.live) {
                    revalidate(q, accounts[i], out);
                }
            }
            // admitted while the accounts were read, against another head: judged now (rare)
            for (SenderQueue q : unsettled) {
                if (q.live && q.listedBy != call) {
                    revalidate(q, spendable(newHead, q.address), out);
                }
            }
            for (SenderQueue q : unsettled) {
                q.unsettled = false;
            }
            unsettled.clear();
            settledHeight = height;
        }
        countRemovals(out);
        return out;
    }

    /** Under the lock: adds a pooled sender to this call's list of senders to judge, once. */
    private static void list(SenderQueue q, long call, List<SenderQueue> listed) {
        if (q != null && q.listedBy != call) {
            q.listedBy = call;
            listed.add(q);
        }
    }

    public boolean contains(Hash txHash) {
        synchronized (lock) {
            return byHash.containsKey(txHash);
        }
    }

    public Optional<Transaction> get(Hash txHash) {
        synchronized (lock) {
            PooledTransaction p = byHash.get(txHash);
            return p == null ? Optional.empty() : Optional.of(p.tx);
        }
    }

    /**
     * The pooled transactions with these hashes, in the same order, else the ones recently refused for room
     * ({@link RefusedTransactions}), {@code null} where neither has it: what a compact proposal is rebuilt from.
     * One lock for the pooled ones; the refused ones are decoded after it, not while admission waits.
     */
    public List<Transaction> lookup(List<Hash> txHashes) {
        Transaction[] out = new Transaction[txHashes.size()];
        synchronized (lock) {
            for (int i = 0; i < out.length; i++) {
                PooledTransaction p = byHash.get(txHashes.get(i));
                out[i] = p == null ? null : p.tx;
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = refused.get(txHashes.get(i));
            }
        }
        return java.util.Arrays.asList(out);
    }

    /** One sender's pooled transactions in nonce order (executable or not). */
    public List<Transaction> pendingFrom(PublicKey sender) {
        synchronized (lock) {
            SenderQueue q = senders.get(sender);
            List<Transaction> out = new ArrayList<>();
            if (q != null) {
                for (int i = 0; i < q.size(); i++) {
                    out.add(q.at(i).tx);
                }
            }
            return out;
        }
    }

    public int size() {
        synchronized (lock) {
            return byHash.size();
        }
    }

    /** Entries waiting behind a nonce gap: pooled but not offered to a forger until the gap is filled. */
    public int waiting() {
        synchronized (lock) {
            return waiting;
        }
    }

    public long bytes() {
        synchronized (lock) {
            return bytes;
        }
    }

    public int senderCount() {
        synchronized (lock) {
            return senders.size();
        }
    }

    public MempoolConfig config() {
        return config;
    }

    public MempoolMetrics metrics() {
        int count;
        long size;
        int senderCount;
        synchronized (lock) {
            count = byHash.size();
            size = bytes;
            senderCount = senders.size();
        }
        Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
        for (RejectReason r : RejectReason.values()) {
            byReason.put(r, rejected.get(r.ordinal()));
        }
        Map<Removal.Cause, Long> byCause = new EnumMap<>(Removal.Cause.class);
        for (Removal.Cause c : Removal.Cause.values()) {
            byCause.put(c, removed.get(c.ordinal()));
        }
        return new MempoolMetrics(count, size, senderCount, config.maxTransactions(), config.maxBytes(),
                verified.size(), accepted.get(), duplicates.get(), poolFull.get(), byReason, byCause,
                signatureChecks.get());
    }

    // ---- admission ----

    /** What can be said of the transaction alone, before any lock. */
    private Admission.Rejected checkAlone(Transaction tx) {
        if (tx.encodedSize() > config.maxTransactionBytes()) {
            return new Admission.Rejected(RejectReason.TOO_LARGE, "transaction of " + tx.encodedSize()
                    + " bytes is above the limit of " + config.maxTransactionBytes());
        }
        if (!tx.chainId().equals(params.chainId())) {
            return new Admission.Rejected(RejectReason.WRONG_CHAIN, "signed for chain " + tx.chainId()
                    + ", this is " + params.chainId());
        }
        if (tx.fee() < params.minimumFee()) {
            return new Admission.Rejected(RejectReason.FEE_TOO_LOW, "fee " + Coins.format(tx.fee())
                    + " is below the minimum of " + Coins.format(params.minimumFee()) + " coins");
        }
        return null;
    }

    /** What admitting would do: an entry to replace and entries to evict. */
    private record Plan(SenderQueue queue, Address address, PooledTransaction replaced,
                        List<PooledTransaction> victims, Account account, long headHeight) {
    }

    /**
     * Under the lock: an {@link Admission} if the answer is no (or duplicate), else a {@link Plan}. {@code account}
     * is the sender's, spendable, at the head of height {@code headHeight}.
     */
    private Object plan(Transaction tx, Account account, long headHeight, SenderQueue queueHint) {
        Hash hash = tx.hash();
        if (byHash.containsKey(hash)) {
            return new Admission.Duplicate(hash);
        }
        // a live queue is the one the sender map holds for its key (one live queue per sender)
        SenderQueue queue = queueHint != null && queueHint.live ? queueHint : senders.get(tx.sender());
        Address address = queue != null ? queue.address : tx.senderAddress();
        long next = account.nonce();
        long nonce = tx.nonce();
        if (nonce < next) {
            return new Admission.Rejected(RejectReason.NONCE_TOO_LOW, "nonce " + nonce
                    + " is already used: the sender's next nonce is " + next);
        }
        if (nonce - next >= config.maxNonceGap()) {
            return new Admission.Rejected(RejectReason.NONCE_TOO_HIGH, "nonce " + nonce + " is " + (nonce - next)
                    + " ahead of the sender's next nonce " + next + "; the pool holds at most "
                    + (config.maxNonceGap() - 1) + " ahead");
        }
        PooledTransaction existing = queue == null ? null : queue.get(nonce);
        if (existing != null && tx.fee() <= existing.fee) {
            return new Admission.Rejected(RejectReason.REPLACEMENT_UNDERPRICED, "transaction "
                    + existing.tx.hash().shortHex() + " with nonce " + nonce + " is pooled with fee "
                    + Coins.format(existing.fee) + "; a replacement must pay strictly more, not "
                    + Coins.format(tx.fee()));
        }
        long ahead = 0;
        int aheadCount = 0;
        if (queue != null) {
            for (int i = queue.ceilingIndex(next); i < queue.size() && queue.at(i).nonce < nonce; i++) {
                ahead = PooledTransaction.saturatingAdd(ahead, queue.at(i).cost);
                aheadCount++;
            }
        }
        long cost = PooledTransaction.costOf(tx);
        if (PooledTransaction.saturatingAdd(ahead, cost) > account.balance()) {
            return new Admission.Rejected(RejectReason.INSUFFICIENT_BALANCE, "balance " + Coins.format(account.balance())
                    + " cannot cover " + Coins.format(cost) + " (amount and fee)"
                    + (aheadCount == 0 ? "" : " after " + Coins.format(ahead) + " for the sender's " + aheadCount
                    + " pooled transaction" + (aheadCount == 1 ? "" : "s") + " ahead of it"));
        }
        if (existing == null && aheadCount != nonce - next && waiting >= config.maxWaiting()) {
            // it would wait behind a gap, and enough already do: taken, they could starve entries a forger can use
            return new Admission.PoolFull(waiting + " transactions already wait behind nonce gaps (at most "
                    + config.maxWaiting() + "), and this one would too: the sender's nonces " + next + " to "
                    + (nonce - 1) + " are not all pooled; send the missing ones first, or this one again later",
                    Admission.PoolFull.NO_FEE_HELPS);
        }
        Object room = makeRoom(tx, queue, existing);
        if (room instanceof Admission.PoolFull full) {
            return full;
        }
        @SuppressWarnings("unchecked")
        List<PooledTransaction> victims = (List<PooledTransaction>) room;
        return new Plan(queue, address, existing, victims, account, headHeight);
    }

    /**
     * The entries to evict so the newcomer fits, or {@link Admission.PoolFull}. A dry run of the eviction
     * rule with the newcomer already in: take the lowest-fee sender tail (highest nonce) until within bounds.
     * If the newcomer itself would be taken, or an entry paying as much as it, it does not beat what is pooled:
     * a newcomer only ever displaces strictly lower fees.
     */
    private Object makeRoom(Transaction tx, SenderQueue queue, PooledTransaction existing) {
        int count = byHash.size() + 1 - (existing == null ? 0 : 1);
        long size = bytes + tx.encodedSize() - (existing == null ? 0 : existing.size);
        if (count <= config.maxTransactions() && size <= config.maxBytes()) {
            return List.of();
        }
        PooledTransaction newcomer = new PooledTransaction(tx, queue, nextSeq);
        // the newcomer's sender as it would be: its own entries plus the newcomer in place of any it replaces, in
        // nonce order; the dry run only ever takes its top entry, so it is a stack
        List<PooledTransaction> own = new ArrayList<>(queue == null ? 1 : queue.size() + 1);
        boolean placed = false;
        for (int i = 0; queue != null && i < queue.size(); i++) {
            PooledTransaction p = queue.at(i);
            if (!placed && p.nonce >= newcomer.nonce) {
                own.add(newcomer);
                placed = true;
                if (p.nonce == newcomer.nonce) {
                    continue;
                }
            }
            own.add(p);
        }
        if (!placed) {
            own.add(newcomer);
        }
        PriorityQueue<PooledTransaction> exposed = new PriorityQueue<>(PooledTransaction.EVICTION_ORDER);
        exposed.add(own.get(own.size() - 1));
        TailHeap.Walk others = tails.walk(queue);
        PooledTransaction fromTails = others.next();
        List<PooledTransaction> victims = new ArrayList<>();
        while (count > config.maxTransactions() || size > config.maxBytes()) {
            PooledTransaction v;
            if (fromTails != null && (exposed.isEmpty()
                    || PooledTransaction.EVICTION_ORDER.compare(fromTails, exposed.peek()) < 0)) {
                v = fromTails;
                fromTails = others.next();
            } else {
                v = exposed.poll();
            }
            if (v == newcomer || v.fee >= tx.fee()) {
                // the newcomer would go itself (or gap itself), or would push out a fee as high as its own
                PooledTransaction blocker = v;
                if (v == newcomer) {
                    blocker = exposed.peek();
                    if (blocker == null || (fromTails != null
                            && PooledTransaction.EVICTION_ORDER.compare(fromTails, blocker) < 0)) {
                        blocker = fromTails;
                    }
                }
                long feeToBeat = blocker == null ? tx.fee() : Math.max(tx.fee(), blocker.fee);
                return new Admission.PoolFull("the pool is full (" + byHash.size() + " of " + config.maxTransactions()
                        + " transactions, " + bytes + " of " + config.maxBytes() + " bytes) and a fee of "
                        + Coins.format(tx.fee()) + " does not beat the entries that would have to leave; pay more than "
                        + Coins.format(feeToBeat), feeToBeat);
            }
            victims.add(v);
            count--;
            size -= v.size;
            if (v.sender == queue) {
                own.remove(own.size() - 1); // v was its top (the newcomer, below it, is never taken here)
                exposed.add(own.get(own.size() - 1));
            } else {
                PooledTransaction lower = v.sender.lower(v.nonce);
                if (lower != null) {
                    exposed.add(lower);
                }
            }
        }
        return victims;
    }

    private Admission commit(Transaction tx, Plan plan) {
        List<Removal> out = new ArrayList<>();
        if (plan.replaced() != null) {
            remove(plan.replaced());
            out.add(new Removal(plan.replaced().tx, Removal.Cause.REPLACED, "replaced by " + tx.hash().shortHex()
                    + " paying fee " + Coins.format(tx.fee()) + " over " + Coins.format(plan.replaced().fee)));
        }
        List<PooledTransaction> victims = plan.victims();
        for (int i = 0; i < victims.size(); i++) { // indexed: no iterator per admission
            PooledTransaction v = victims.get(i);
            remove(v);
            out.add(new Removal(v.tx, Removal.Cause.EVICTED, "evicted from the full pool by "
                    + tx.hash().shortHex() + ", whose fee " + Coins.format(tx.fee()) + " beats "
                    + Coins.format(v.fee)));
        }
        // the sender's queue as plan found it, under the same lock: unless the removals above emptied it (then it
        // left the sender map for good), it is the one the map holds
        SenderQueue queue = plan.queue() != null && plan.queue().live ? plan.queue() : null;
        if (queue == null) {
            SenderQueue fresh = new SenderQueue(tx.sender(), plan.address());
            // computeIfAbsent, not put: it links a new key first in its bucket, and the map's iteration order
            // (which orders a full re-validation's removals) stays what it always was
            senders.computeIfAbsent(tx.sender(), key -> fresh);
            fresh.live = true;
            queue = fresh;
        }
        insert(new PooledTransaction(tx, queue, nextSeq++));
        // a replacement paying more, or an entry filling a gap, can leave later entries unaffordable
        revalidate(queue, plan.account(), out);
        for (int i = 0; i < victims.size(); i++) {
            PooledTransaction v = victims.get(i);
            if (v.sender != queue && v.sender.live) {
                recountWaiting(v.sender);
            }
        }
        if (plan.headHeight() != settledHeight && queue.live && !queue.unsettled) {
            queue.unsettled = true;
            unsettled.add(queue);
        }
        accepted.incrementAndGet();
        countRemovals(out);
        return new Admission.Accepted(tx.hash(), out.isEmpty() ? List.of() : out);
    }

    // ---- the pool's structure ----

    private void insert(PooledTransaction p) {
        SenderQueue q = p.sender; // live: commit put it in the map
        PooledTransaction oldTail = q.last();
        q.put(p);
        byHash.put(p.tx.hash(), p);
        bytes += p.size;
        if (oldTail == null) {
            tails.add(q);
        } else if (p.nonce > oldTail.nonce) {
            tails.update(q);
        }
    }

    private void remove(PooledTransaction p) {
        byHash.remove(p.tx.hash());
        removeUnmapped(p);
    }

    /** {@link #remove} of an entry already taken out of {@link #byHash}. */
    private void removeUnmapped(PooledTransaction p) {
        SenderQueue q = p.sender;
        boolean wasTail = q.last() == p;
        q.remove(p);
        bytes -= p.size;
        if (wasTail) {
            if (q.isEmpty()) {
                tails.remove(q);
            } else {
                tails.update(q);
            }
        }
        if (q.isEmpty()) {
            senders.remove(q.key);
            q.live = false; // for good: a sender that comes back gets a new queue
            q.unsettled = false;
            waiting -= q.waiting;
            q.waiting = 0;
        }
    }

    /** Under the lock, after a sender's entries or next nonce changed: its share of {@link #waiting} again. */
    private void recountWaiting(SenderQueue q) {
        int now = q.countWaiting();
        waiting += now - q.waiting;
        q.waiting = now;
    }

    /**
     * Keeps exactly the entries the admission rule would accept now, in nonce order: a nonce not yet used, and
     * a cost the balance covers after the kept entries ahead of it.
     */
    private void revalidate(SenderQueue q, Account account, List<Removal> out) {
        long next = account.nonce();
        q.nextNonce = Math.max(q.nextNonce, next);
        long balance = account.balance();
        long spent = 0;
        // in place: a removal shifts the rest down to index i (and the last one ends the loop)
        for (int i = 0; i < q.size(); ) {
            PooledTransaction p = q.at(i);
            if (p.nonce < next) {
                remove(p);
                out.add(new Removal(p.tx, Removal.Cause.STALE_NONCE, "nonce " + p.nonce
                        + " is already used: the sender's next nonce is " + next));
                continue;
            }
            long total = PooledTransaction.saturatingAdd(spent, p.cost);
            if (total > balance) {
                remove(p);
                out.add(new Removal(p.tx, Removal.Cause.INSUFFICIENT_BALANCE, "balance " + Coins.format(balance)
                        + " no longer covers " + Coins.format(p.cost) + " (amount and fee)"
                        + (spent == 0 ? "" : " after " + Coins.format(spent) + " for the sender's pooled transactions ahead of it")));
                continue;
            }
            spent = total;
            i++;
        }
        if (!q.isEmpty()) {
            recountWaiting(q);
        }
    }

    /** The account as the next block will see it: matured unbonding entries are spendable there. */
    private static Account spendable(LedgerState head, Address address) {
        return head.account(address).released(head.chain().height() + 1);
    }

    /** A sender's place in the merge once its account is read: its next entry (at {@code index}) and what its
     * entries so far cost. */
    private static final class Cursor {
        final SenderQueue queue;
        PooledTransaction entry;
        int index;
        long spent;
        long balance;

        Cursor(SenderQueue queue) {
            this.queue = queue;
        }

        /** Under the lock: the sender's first entry by {@code account}; false if none is there or it cannot pay. */
        boolean readAccount(Account account) {
            int i = queue.indexOf(account.nonce());
            if (i < 0 || queue.at(i).cost > account.balance()) {
                return false;
            }
            entry = queue.at(i);
            index = i;
            spent = entry.cost;
            balance = account.balance();
            return true;
        }
    }

    /** {@link PooledTransaction#PRIORITY_ORDER} of the merge's keys: highest fee first, then the oldest. */
    private static boolean ranksBefore(int a, int b, long[] fees, long[] seqs) {
        return fees[a] > fees[b] || (fees[a] == fees[b] && seqs[a] < seqs[b]);
    }

    /** Sifts {@code heap[at]} down among the first {@code count}. */
    private static void siftDown(int[] heap, int count, int at, long[] fees, long[] seqs) {
        int moving = heap[at];
        int half = count >>> 1;
        while (at < half) {
            int child = 2 * at + 1;
            int right = child + 1;
            if (right < count && ranksBefore(heap[right], heap[child], fees, seqs)) {
                child = right;
            }
            if (!ranksBefore(heap[child], moving, fees, seqs)) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = moving;
    }

    /** Takes the heap's top out; returns the new count. */
    private static int pop(int[] heap, int count, long[] fees, long[] seqs) {
        count--;
        if (count > 0) {
            heap[0] = heap[count];
            siftDown(heap, count, 0, fees, seqs);
        }
        return count;
    }

    /**
     * A transaction refused only for room is kept for rebuilding compact proposals, whether or not its signature was
     * checked: a full pool answers before it checks ({@link #admitChecked}, {@link #withoutRefusedForRoom}), and a
     * proposal rebuilt with it has its unchecked signatures verified then, once (they are not in the verified set).
     * Called outside the pool's lock (the entry copies the encoding).
     */
    private Admission keepIfRefusedForRoom(Transaction tx, Admission answer, boolean signatureGood) {
        if (answer instanceof Admission.PoolFull) {
            refused.add(tx);
        }
        return answer;
    }

    /** Transactions refused for room and kept for {@link #lookup} ({@link RefusedTransactions}). */
    public int refusedKept() {
        return refused.size();
    }

    // ---- metrics ----

    private Admission counted(Admission a) {
        if (a instanceof Admission.Rejected r) {
            rejected.incrementAndGet(r.reason().ordinal());
        } else if (a instanceof Admission.Duplicate) {
            duplicates.incrementAndGet();
        } else if (a instanceof Admission.PoolFull) {
            poolFull.incrementAndGet();
        }
        return a;
    }

    private void countRemovals(List<Removal> out) {
        for (int i = 0; i < out.size(); i++) {
            removed.incrementAndGet(out.get(i).cause().ordinal());
        }
    }
}
