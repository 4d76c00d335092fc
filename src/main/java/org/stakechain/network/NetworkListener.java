package org.stakechain.network;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.consensus.Verdict;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.network.wire.DisconnectReason;
import org.stakechain.network.wire.HostPort;
import org.stakechain.network.wire.NodeId;

/**
 * What the network tells the node. Implemented by the node; called on the network's single event thread
 * (never on a WebSocket thread), in the order messages arrived, except {@link #onSyncRequest} which runs on a
 * separate sync thread because it reads the store.
 *
 * <p>Every callback must return quickly. The node does not judge a consensus message here: it puts it on its
 * consensus thread's queue and returns a future that the consensus thread completes with the engine's
 * {@link Verdict}. The network then scores the peer (REJECT costs, ACCEPT earns) and relays ACCEPTed gossip to
 * every other peer. A future that never completes only means the message is never relayed.
 */
public interface NetworkListener {

    /**
     * New (not seen before) transactions from {@code peer}. Answer with one verdict per transaction, in order:
     * ACCEPT (entered the pool: relayed), IGNORE (known or not yet includable), REJECT (can never be valid, e.g. a
     * bad signature or another chain: the peer is penalised).
     */
    CompletionStage<List<Verdict>> onTransactions(NodeId peer, List<Transaction> transactions);

    /**
     * The transactions with these hashes from the node's pool, in the same order, {@code null} for each one the
     * pool does not hold: what the network rebuilds a compact proposal from (any {@code null} and it fetches the
     * whole proposal instead). Answer quickly; the default holds none.
     */
    default CompletionStage<List<Transaction>> pooledTransactions(List<Hash> ids) {
        return java.util.concurrent.CompletableFuture.completedFuture(java.util.Arrays.asList(new Transaction[ids.size()]));
    }

    /**
     * A proposal, vote or decided block, not seen before. A vote's verdict is acted on (the peer scored, the vote
     * relayed) on the thread that completes the future, so complete it where a few small non-blocking sends are
     * acceptable (the node: its consensus thread, which sends its own votes too).
     */
    CompletionStage<Verdict> onConsensusMessage(NodeId peer, ConsensusMessage message);

    /**
     * Up to {@code maxCount} decided blocks from {@code fromHeight} on, ascending, from the node's store; fewer (or
     * none) if it has fewer. The network trims the answer to one frame.
     */
    List<ConsensusMessage.Decided> onSyncRequest(NodeId peer, long fromHeight, int maxCount);

    /**
     * The answer to {@link Network#requestSync}: contiguous ascending heights starting at the requested height
     * (the network checked that much). The node verifies each certificate; a bad one is worth
     * {@link Network#penalize}.
     */
    void onSyncResponse(NodeId peer, List<ConsensusMessage.Decided> decided);

    default void onPeerConnected(PeerInfo peer) {
    }

    default void onPeerDisconnected(PeerInfo peer, DisconnectReason reason, String detail) {
    }

    /**
     * A connection ended before the handshake completed: refused by us or by the other side
     * ({@code byRemote}). {@code address} is the dialed address, or for an inbound connection the remote socket.
     */
    default void onHandshakeFailed(HostPort address, DisconnectReason reason, String detail, boolean byRemote) {
    }
}
