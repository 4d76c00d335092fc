package org.stakechain.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/**
 * What bytes cost before any signature: decoding one transfer and a block of 1,000 (each transaction's hash
 * included), encoding that block, hashing one transaction's bytes, and the Merkle root of 1,000 hashes. Compare
 * with one signature verify (~50-150 us here): these must be small beside it.
 * Run: {@code scripts/jmh.sh DecodeBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecodeBenchmark {
    static final int BLOCK_TXS = 1_000;

    byte[] txBytes;
    byte[] blockBytes;
    Block block;
    List<Transaction> txs;

    @Setup(Level.Trial)
    public void setUp() {
        ChainParams params = ChainParams.defaults("bench");
        KeyPair forger = KeyPair.deterministic("bench/decode/forger");
        List<Genesis.GenesisAccount> accounts = new ArrayList<>();
        List<KeyPair> senders = new ArrayList<>();
        for (int i = 0; i < BLOCK_TXS; i++) {
            KeyPair k = KeyPair.deterministic("bench/decode/sender/" + i);
            senders.add(k);
            accounts.add(new Genesis.GenesisAccount("", k.address(), Coins.of(1_000)));
        }
        Genesis genesis = new Genesis(params, 0, accounts,
                List.of(new Genesis.GenesisValidator("forger", forger.publicKey(), Coins.of(100))));
        txs = new ArrayList<>();
        for (int i = 0; i < BLOCK_TXS; i++) {
            txs.add(Transaction.sign(params.chainId(), senders.get(i), 0, params.minimumFee(),
                    new TxPayload.Transfer(forger.address(), Coins.of(1))));
        }
        block = BlockBuilder.build(params, genesis.initialState(), forger, 0, 1, txs, Optional.empty()).block();
        txBytes = txs.get(0).encode();
        blockBytes = block.encode();
    }

    @Benchmark
    public Transaction decodeTransaction() {
        return Transaction.decode(txBytes);
    }

    @Benchmark
    public Block decodeBlockOf1000() {
        return Block.decode(blockBytes);
    }

    /** A freshly decoded block has no cached encoding: this is the full cost of writing one. */
    @Benchmark
    public byte[] decodeAndEncodeBlockOf1000() {
        Block fresh = Block.decode(blockBytes);
        return Block.of(fresh.header(), fresh.transactions(), fresh.lastCommit()).encode();
    }

    @Benchmark
    public Hash hashTransaction() {
        return Hash.of(txBytes);
    }

    @Benchmark
    public Hash txRootOf1000() {
        return Block.txRootOf(txs);
    }
}
