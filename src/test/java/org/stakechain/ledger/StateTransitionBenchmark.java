package org.stakechain.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/**
 * Applying a block of N transfers from N distinct funded senders to N recipients: signature checks, the state
 * transition and the state-root update; and the same with the signatures already known (verified once, at
 * admission). Run: {@code scripts/jmh.sh StateTransitionBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StateTransitionBenchmark {

    @Param({"1000"})
    int transfers;

    ChainParams params;
    MemoryLedgerState state;
    Block block;
    VerifiedSignatures known;

    @Setup(Level.Trial)
    public void setUp() {
        params = ChainParams.defaults("bench");
        KeyPair forger = KeyPair.deterministic("bench/forger");
        List<Genesis.GenesisAccount> accounts = new ArrayList<>();
        List<KeyPair> senders = new ArrayList<>();
        for (int i = 0; i < transfers; i++) {
            KeyPair k = KeyPair.deterministic("bench/sender/" + i);
            senders.add(k);
            accounts.add(new Genesis.GenesisAccount("", k.address(), Coins.of(1_000)));
        }
        Genesis genesis = new Genesis(params, 0, accounts,
                List.of(new Genesis.GenesisValidator("forger", forger.publicKey(), Coins.of(100))));
        state = genesis.initialState();
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < transfers; i++) {
            txs.add(Transaction.sign(params.chainId(), senders.get(i), 0, params.minimumFee(),
                    new TxPayload.Transfer(KeyPair.deterministic("bench/recipient/" + i).address(), Coins.of(1))));
        }
        block = BlockBuilder.build(params, state, forger, 0, 1, txs, java.util.Optional.empty()).block();
        java.util.Set<org.stakechain.crypto.Hash> hashes = new java.util.HashSet<>();
        txs.forEach(tx -> hashes.add(tx.hash()));
        known = hashes::contains;
    }

    @Benchmark
    public BlockOutcome applyBlock() {
        return StateTransition.apply(params, state, block);
    }

    /** The same block with every signature already verified on this node (the mempool's cache): the saved cost. */
    @Benchmark
    public BlockOutcome applyBlockPreVerified() {
        return StateTransition.apply(params, state, block, known);
    }
}
