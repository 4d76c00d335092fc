package org.stakechain.ledger.genesis;

import java.util.List;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;

/**
 * The seed notebook's story as a genesis: charles 350, edwin 500, oliver 200, erick 90, sonia 275. The four with
 * at least 100 coins stake them all and validate the first epoch (1,325 tickets); erick, with 90, cannot.
 * A treasury (the seed's ICO wallet) holds coins for users. Keys are derived from the names: demo only.
 */
public final class DemoGenesis {
    public static final String CHAIN_ID = "stakechain-demo";
    public static final List<String> VALIDATORS = List.of("charles", "edwin", "oliver", "sonia");
    /** Each validator also holds a little spendable balance, so it can pay fees from the first block. */
    public static final long VALIDATOR_FEE_FLOAT = Coins.of(10);

    private DemoGenesis() {
    }

    private static final java.util.Map<String, KeyPair> KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The demo key of {@code name}; derived once (derivation costs a millisecond), then remembered. */
    public static KeyPair key(String name) {
        return KEYS.computeIfAbsent(name, n -> KeyPair.deterministic("demo/" + n));
    }

    public static long notebookCoins(String name) {
        return switch (name) {
            case "charles" -> 350;
            case "edwin" -> 500;
            case "oliver" -> 200;
            case "erick" -> 90;
            case "sonia" -> 275;
            default -> throw new IllegalArgumentException("not in the notebook: " + name);
        };
    }

    public static Genesis create(long genesisTimeMillis) {
        return create(ChainParams.defaults(CHAIN_ID), genesisTimeMillis);
    }

    public static Genesis create(ChainParams params, long genesisTimeMillis) {
        List<Genesis.GenesisAccount> accounts = new java.util.ArrayList<>();
        List<Genesis.GenesisValidator> validators = new java.util.ArrayList<>();
        for (String name : VALIDATORS) {
            accounts.add(new Genesis.GenesisAccount(name, key(name).address(), VALIDATOR_FEE_FLOAT));
            validators.add(new Genesis.GenesisValidator(name, key(name).publicKey(), Coins.of(notebookCoins(name))));
        }
        accounts.add(new Genesis.GenesisAccount("erick", key("erick").address(), Coins.of(notebookCoins("erick"))));
        accounts.add(new Genesis.GenesisAccount("treasury", key("treasury").address(), Coins.of(1_000_000)));
        return new Genesis(params, genesisTimeMillis, accounts, validators);
    }
}
