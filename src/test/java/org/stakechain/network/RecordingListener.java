package org.stakechain.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.consensus.Verdict;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.network.wire.DisconnectReason;
import org.stakechain.network.wire.HostPort;
import org.stakechain.network.wire.NodeId;

/** A node stand-in: records what the network tells it, answers with a chosen verdict, serves sync from a map. */
final class RecordingListener implements NetworkListener {
    record Failure(HostPort address, DisconnectReason reason, String detail, boolean byRemote) {
    }

    record Ended(PeerInfo peer, DisconnectReason reason, String detail) {
    }

    volatile Verdict verdict = Verdict.ACCEPT;
    /** Verdicts on consensus messages wait for this (a test holds it open to see what arrives meanwhile). */
    volatile CompletableFuture<Void> judging = CompletableFuture.completedFuture(null);
    final List<ConsensusMessage> consensus = new CopyOnWriteArrayList<>();
    final List<Transaction> transactions = new CopyOnWriteArrayList<>();
    final List<List<ConsensusMessage.Decided>> syncResponses = new CopyOnWriteArrayList<>();
    final List<Failure> failures = new CopyOnWriteArrayList<>();
    final List<Ended> disconnected = new CopyOnWriteArrayList<>();
    final List<PeerInfo> connected = new CopyOnWriteArrayList<>();
    final Map<Long, ConsensusMessage.Decided> store = new ConcurrentSkipListMap<>();
    /** The "pool" compact proposals are rebuilt from: what the test puts in, plus every transaction accepted. */
    final Map<Hash, Transaction> pool = new java.util.concurrent.ConcurrentHashMap<>();
    /** Pool lookups answered (one per compact proposal rebuilt or missed). */
    final java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public CompletionStage<List<Verdict>> onTransactions(NodeId peer, List<Transaction> txs) {
        transactions.addAll(txs);
        if (verdict == Verdict.ACCEPT) {
            txs.forEach(t -> pool.put(t.hash(), t));
        }
        List<Verdict> out = new ArrayList<>();
        txs.forEach(t -> out.add(verdict));
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletionStage<Verdict> onConsensusMessage(NodeId peer, ConsensusMessage message) {
        consensus.add(message);
        // as a real node does: judged later, on another thread
        return judging.thenApplyAsync(ignored -> verdict);
    }

    @Override
    public CompletionStage<List<Transaction>> pooledTransactions(List<Hash> ids) {
        lookups.incrementAndGet();
        List<Transaction> out = new ArrayList<>(ids.size());
        ids.forEach(id -> out.add(pool.get(id)));
        return CompletableFuture.completedFuture(out);
    }

    /** Puts the proposal's transactions in the pool, as if their batches had arrived before it. */
    void pool(ConsensusMessage proposal) {
        ((ConsensusMessage.Proposal) proposal).block().transactions().forEach(t -> pool.put(t.hash(), t));
    }

    @Override
    public List<ConsensusMessage.Decided> onSyncRequest(NodeId peer, long fromHeight, int maxCount) {
        List<ConsensusMessage.Decided> out = new ArrayList<>();
        for (long h = fromHeight; h < fromHeight + maxCount && store.containsKey(h); h++) {
            out.add(store.get(h));
        }
        return out;
    }

    @Override
    public void onSyncResponse(NodeId peer, List<ConsensusMessage.Decided> decided) {
        syncResponses.add(decided);
    }

    @Override
    public void onPeerConnected(PeerInfo peer) {
        connected.add(peer);
    }

    @Override
    public void onPeerDisconnected(PeerInfo peer, DisconnectReason reason, String detail) {
        disconnected.add(new Ended(peer, reason, detail));
    }

    @Override
    public void onHandshakeFailed(HostPort address, DisconnectReason reason, String detail, boolean byRemote) {
        failures.add(new Failure(address, reason, detail, byRemote));
    }

    boolean failedWith(DisconnectReason reason) {
        return failures.stream().anyMatch(f -> f.reason() == reason);
    }

    long count(ConsensusMessage message) {
        return consensus.stream().filter(message::equals).count();
    }
}
