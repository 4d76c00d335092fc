package org.stakechain.consensus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.BlockBuilder;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.SignedProposal;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.LedgerState;

/** Genesis files and signed messages for consensus tests. */
final class ConsensusFixtures {
    static final long GENESIS_TIME = 1_700_000_000_000L;
    static final String CHAIN_ID = "consensus-test";

    private ConsensusFixtures() {
    }

    static KeyPair key(String name) {
        return KeyPair.deterministic("consensus-test/" + name);
    }

    /** Validators v0, v1, ... with the given stakes in whole coins. */
    static Genesis genesisWithStakes(long... coins) {
        return genesisWithStakes(ChainParams.defaults(CHAIN_ID), coins);
    }

    static Genesis genesisWithStakes(ChainParams params, long... coins) {
        List<Genesis.GenesisAccount> accounts = new ArrayList<>();
        List<Genesis.GenesisValidator> validators = new ArrayList<>();
        for (int i = 0; i < coins.length; i++) {
            String name = "v" + i;
            accounts.add(new Genesis.GenesisAccount(name, key(name).address(), Coins.of(10)));
            validators.add(new Genesis.GenesisValidator(name, key(name).publicKey(), Coins.of(coins[i])));
        }
        return new Genesis(params, GENESIS_TIME, accounts, validators);
    }

    static Map<String, KeyPair> keysOf(int count) {
        Map<String, KeyPair> keys = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            keys.put("v" + i, key("v" + i));
        }
        return keys;
    }

    static Genesis demoGenesis() {
        return DemoGenesis.create(GENESIS_TIME);
    }

    static Map<String, KeyPair> demoKeys() {
        Map<String, KeyPair> keys = new LinkedHashMap<>();
        for (String name : DemoGenesis.VALIDATORS) {
            keys.put(name, DemoGenesis.key(name));
        }
        return keys;
    }

    /** The block {@code forger} builds on {@code state} for {@code round}, with its signed proposal. */
    static ConsensusMessage.Proposal proposal(ChainParams params, LedgerState state, KeyPair forger, int round,
                                              long timestamp, Optional<CommitCertificate> lastCommit) {
        Block block = BlockBuilder.build(params, state, forger, round, timestamp, List.of(), lastCommit).block();
        return new ConsensusMessage.Proposal(block,
                SignedProposal.sign(params.chainId(), block.height(), round, block.hash(), -1, forger));
    }

    static ConsensusMessage.VoteMessage vote(ChainParams params, VoteKind kind, long height, int round,
                                             Optional<org.stakechain.crypto.Hash> block, KeyPair signer) {
        return new ConsensusMessage.VoteMessage(Vote.sign(kind, params.chainId(), height, round, block, signer));
    }
}
