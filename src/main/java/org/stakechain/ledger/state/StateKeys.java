package org.stakechain.ledger.state;

import java.nio.charset.StandardCharsets;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;

/** Where each piece of state lives in the state tree: distinct prefixes keep the three kinds of key apart. */
public final class StateKeys {
    private static final byte[] ACCOUNT = "stakechain/account".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVIDENCE = "stakechain/evidence".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHAIN = "stakechain/chain".getBytes(StandardCharsets.US_ASCII);
    public static final Hash CHAIN_KEY = Hash.of(CHAIN);
    public static final Hash EVIDENCE_MARK = Hash.of(EVIDENCE);

    private StateKeys() {
    }

    public static Hash account(Address address) {
        return NodeHashing.digest(ACCOUNT, address);
    }

    public static Hash evidence(Hash evidenceId) {
        return NodeHashing.digest(EVIDENCE, evidenceId.bytes());
    }
}
