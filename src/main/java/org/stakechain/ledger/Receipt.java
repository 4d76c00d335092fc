package org.stakechain.ledger;

import java.util.Optional;
import org.stakechain.crypto.Hash;

/**
 * What happened to one transaction of an applied block. A failed transaction still paid its fee and used its
 * nonce (the forger did the work of including it); {@code failure} says why its payload had no effect.
 */
public record Receipt(Hash txHash, Optional<String> failure) {

    public static Receipt success(Hash txHash) {
        return new Receipt(txHash, Optional.empty());
    }

    public static Receipt failed(Hash txHash, String reason) {
        return new Receipt(txHash, Optional.of(reason));
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }
}
