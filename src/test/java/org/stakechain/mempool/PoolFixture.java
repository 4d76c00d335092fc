package org.stakechain.mempool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.Signature;
import org.stakechain.ledger.Account;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.ChainState;
import org.stakechain.ledger.state.LedgerState;
import org.stakechain.ledger.state.MemoryLedgerState;
import org.stakechain.ledger.state.TreeNodeReader;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/** Funded accounts on a small genesis, transactions from them, and pools with a countable signature check. */
final class PoolFixture {
    static final ChainParams PARAMS = ChainParams.defaults("mempool-test");
    static final long FEE = PARAMS.minimumFee();
    static final Address RECIPIENT = KeyPair.deterministic("mempool/recipient").address();

    final List<KeyPair> keys = new ArrayList<>();
    final KeyPair validator = KeyPair.deterministic("mempool/validator");
    final Genesis genesis;
    final MemoryLedgerState state;

    PoolFixture(int accounts, long coinsEach) {
        List<Genesis.GenesisAccount> allocations = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            KeyPair k = KeyPair.deterministic("mempool/account/" + i);
            keys.add(k);
            allocations.add(new Genesis.GenesisAccount("a" + i, k.address(), Coins.of(coinsEach)));
        }
        genesis = new Genesis(PARAMS, 1_700_000_000_000L, allocations,
                List.of(new Genesis.GenesisValidator("v", validator.publicKey(), Coins.of(100))));
        state = genesis.initialState();
    }

    KeyPair key(int i) {
        return keys.get(i);
    }

    static Transaction transfer(KeyPair from, long nonce, long fee, long amount) {
        return Transaction.sign(PARAMS.chainId(), from, nonce, fee, new TxPayload.Transfer(RECIPIENT, amount));
    }

    static Transaction transfer(KeyPair from, long nonce, long fee) {
        return transfer(from, nonce, fee, Coins.of(1));
    }

    /** Same fields, a signature that is not checked: for tests that count on a pass-all {@link SignatureCheck}. */
    static Transaction unsigned(KeyPair from, long nonce, long fee, TxPayload payload) {
        return Transaction.of(PARAMS.chainId(), from.publicKey(), nonce, fee, payload, Signature.wrap(new byte[64]));
    }

    static Transaction unsignedTransfer(KeyPair from, long nonce, long fee, long amount) {
        return unsigned(from, nonce, fee, new TxPayload.Transfer(RECIPIENT, amount));
    }

    static Mempool pool(MempoolConfig config, SignatureCheck check) {
        return new Mempool(PARAMS, config, check);
    }

    static Mempool pool() {
        return new Mempool(PARAMS);
    }

    /** A signature check that counts its calls and answers with the real Ed25519 rule or a fixed answer. */
    static final class CountingCheck implements SignatureCheck {
        final AtomicInteger calls = new AtomicInteger();
        private final SignatureCheck delegate;

        CountingCheck(SignatureCheck delegate) {
            this.delegate = delegate;
        }

        static CountingCheck ed25519() {
            return new CountingCheck(SignatureCheck.ED25519);
        }

        static CountingCheck passAll() {
            return new CountingCheck(tx -> true);
        }

        @Override
        public boolean verify(Transaction tx) {
            calls.incrementAndGet();
            return delegate.verify(tx);
        }
    }

    /** A head with chosen accounts on top of the genesis chain state: for nonces and balances no block made. */
    static final class FakeHead implements LedgerState {
        private final ChainState chain;
        private final Map<Address, Account> accounts = new HashMap<>();

        FakeHead(ChainState chain) {
            this.chain = chain;
        }

        FakeHead with(Address address, long balance, long nonce) {
            accounts.put(address, new Account(balance, nonce, 0, List.of(), false, false, 0));
            return this;
        }

        @Override
        public ChainState chain() {
            return chain;
        }

        @Override
        public Account account(Address address) {
            return accounts.getOrDefault(address, Account.EMPTY);
        }

        @Override
        public boolean hasEvidence(Hash evidenceId) {
            return false;
        }

        @Override
        public Hash stateRoot() {
            return Hash.ZERO;
        }

        @Override
        public TreeNodeReader treeNodes() {
            throw new UnsupportedOperationException("not needed by the pool");
        }
    }
}
