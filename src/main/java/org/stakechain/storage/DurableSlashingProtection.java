package org.stakechain.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CanonicalWriter;
import org.stakechain.codec.CodecException;
import org.stakechain.consensus.protection.InMemorySlashingProtection;
import org.stakechain.consensus.protection.SignedKind;
import org.stakechain.consensus.protection.SigningMark;
import org.stakechain.consensus.protection.SlashingProtection;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.block.VoteKind;

/**
 * Slashing protection that survives a crash: each high-water mark lives in the {@link Column#PROTECTION} column
 * and is written with {@code sync = true} before a method returns true, so a validator killed right after it
 * was allowed to sign still refuses a conflicting message when it comes back.
 *
 * <p>The rule is {@link InMemorySlashingProtection}'s, not a copy of it: each request is first decided on a copy
 * of the current marks; only if that allows it and moves a mark is the new mark written, and only once the write
 * has returned is it adopted and true answered. If the write fails, the request is refused by an exception and
 * nothing changes.
 */
public final class DurableSlashingProtection implements SlashingProtection {
    private final KeyValueStore store;
    private InMemorySlashingProtection marks;

    private DurableSlashingProtection(KeyValueStore store, InMemorySlashingProtection marks) {
        this.store = store;
        this.marks = marks;
    }

    /** Loads the marks recorded in {@code store} (none on a fresh store). A record that does not decode is refused. */
    public static DurableSlashingProtection open(KeyValueStore store) {
        List<SigningMark> saved = new ArrayList<>();
        for (SignedKind kind : SignedKind.values()) {
            store.get(Column.PROTECTION, key(kind)).ifPresent(bytes -> saved.add(decode(store, kind, bytes)));
        }
        return new DurableSlashingProtection(store, InMemorySlashingProtection.restoredFrom(saved));
    }

    @Override
    public synchronized boolean mayProposeAndRecord(long height, int round, Hash blockHash, int validRound) {
        InMemorySlashingProtection trial = copy();
        return trial.mayProposeAndRecord(height, round, blockHash, validRound) && adopt(trial, SignedKind.PROPOSAL);
    }

    @Override
    public synchronized boolean mayVoteAndRecord(VoteKind kind, long height, int round, Optional<Hash> blockHash) {
        InMemorySlashingProtection trial = copy();
        return trial.mayVoteAndRecord(kind, height, round, blockHash) && adopt(trial, SignedKind.of(kind));
    }

    @Override
    public synchronized Optional<SigningMark> lastSigned(SignedKind kind) {
        return marks.lastSigned(kind);
    }

    private InMemorySlashingProtection copy() {
        List<SigningMark> current = new ArrayList<>();
        for (SignedKind k : SignedKind.values()) {
            marks.lastSigned(k).ifPresent(current::add);
        }
        return InMemorySlashingProtection.restoredFrom(current);
    }

    /** Writes the trial's mark of {@code kind} durably if it moved, then makes the trial the current marks. */
    private boolean adopt(InMemorySlashingProtection trial, SignedKind kind) {
        SigningMark next = trial.lastSigned(kind).orElseThrow();
        if (!marks.lastSigned(kind).equals(Optional.of(next))) {
            store.write(new WriteBatch().put(Column.PROTECTION, key(kind), encode(next)), true);
        }
        marks = trial;
        return true;
    }

    private static byte[] key(SignedKind kind) {
        return kind.name().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] encode(SigningMark mark) {
        return new CanonicalWriter(48).u8(mark.kind().ordinal()).u64(mark.height()).u32(mark.round())
                .hash(mark.content()).toByteArray();
    }

    private static SigningMark decode(KeyValueStore store, SignedKind kind, byte[] bytes) {
        try {
            SigningMark mark = CanonicalReader.decodeAll(bytes, in -> {
                int ordinal = in.u8("signed kind");
                if (ordinal >= SignedKind.values().length) {
                    throw new CodecException("unknown signed kind " + ordinal);
                }
                long height = in.u64("height");
                long round = in.u32("round");
                if (round > Integer.MAX_VALUE) {
                    throw new CodecException("round above 2^31-1");
                }
                return new SigningMark(SignedKind.values()[ordinal], height, (int) round, in.hash("content"));
            });
            if (mark.kind() != kind) {
                throw new CodecException("record of " + mark.kind() + " under the key of " + kind);
            }
            return mark;
        } catch (CodecException e) {
            throw new StorageException("slashing-protection record " + kind + " in " + store.location()
                    + " is damaged (" + e.getMessage() + "); refusing to start: signing without it could get this "
                    + "validator slashed. Restore it from a backup, or wait until the chain is past every height "
                    + "this validator could have signed and remove it deliberately.", e);
        }
    }
}
