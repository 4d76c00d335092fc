package org.stakechain.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.Genesis;

/** The explorer's names: every validator, and the genesis's accounts up to a bound, not a 100k-account list. */
class GenesisNamesTest {

    private static Address address(int i) {
        return Address.wrap(ByteBuffer.allocate(20).putInt(16, i).array());
    }

    @Test
    void validatorsAndTheFirstAccountsAreNamedAndTheRestAreNot() {
        KeyPair validator = KeyPair.deterministic("names/validator");
        List<Genesis.GenesisAccount> accounts = new ArrayList<>();
        for (int i = 0; i < Node.MAX_GENESIS_NAMES + 500; i++) {
            accounts.add(new Genesis.GenesisAccount("account-" + i, address(i), Coins.of(1)));
        }
        Genesis genesis = new Genesis(ChainParams.defaults("names"), 1_000L, accounts,
                List.of(new Genesis.GenesisValidator("charles", validator.publicKey(), Coins.of(500))));

        Map<Address, String> names = Node.namesOf(genesis);

        assertThat(names).hasSize(Node.MAX_GENESIS_NAMES + 1);
        assertThat(names.get(address(0))).isEqualTo("account-0");
        assertThat(names.get(address(Node.MAX_GENESIS_NAMES - 1))).isEqualTo("account-" + (Node.MAX_GENESIS_NAMES - 1));
        assertThat(names).doesNotContainKey(address(Node.MAX_GENESIS_NAMES));
        assertThat(names.get(validator.address())).isEqualTo("charles");
    }
}
