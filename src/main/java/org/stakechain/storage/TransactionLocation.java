package org.stakechain.storage;

import java.util.Optional;
import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.crypto.Hash;

/**
 * Where a final transaction is: the block height, its index in the block, and its receipt (empty failure =
 * its payload took effect; otherwise why not, in the words of {@link org.stakechain.ledger.Receipt}).
 */
public record TransactionLocation(Hash txHash, long height, int index, Optional<String> failure) {
    static final int MAX_REASON_BYTES = 4_096;
    private static final int MAX_REASON_CHARS = 1_000;

    public boolean succeeded() {
        return failure.isEmpty();
    }

    byte[] encodeValue() {
        CanonicalWriter w = new CanonicalWriter(failure.isPresent() ? 64 : 8 + 4 + 1).u64(height).u32(index).bool(failure.isPresent());
        failure.ifPresent(r -> w.string(r.length() > MAX_REASON_CHARS ? r.substring(0, MAX_REASON_CHARS) : r));
        return w.toByteArray();
    }

    static TransactionLocation decodeValue(Hash txHash, byte[] bytes) {
        return CanonicalReader.decodeAll(bytes, in -> {
            long height = in.u64("tx height");
            long index = in.u32("tx index");
            Optional<String> failure = in.bool("tx failed")
                    ? Optional.of(in.string(MAX_REASON_BYTES, "tx failure reason")) : Optional.empty();
            return new TransactionLocation(txHash, height, (int) index, failure);
        });
    }
}
