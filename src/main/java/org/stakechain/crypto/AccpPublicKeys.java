package org.stakechain.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * ACCP's own key objects for recently seen Ed25519 public keys, so that {@code initVerify} gets a key it need not
 * parse. Handed any other {@link java.security.PublicKey}, ACCP translates it on every key change (a KeyFactory
 * lookup, three copies of the X.509 encoding, a native parse, a native key with its cleaner registration): about
 * 2% of a node's CPU and 2.5% of its allocation under load, when consecutive transactions come from different
 * senders. Keys it made itself it uses as they are.
 *
 * <p>A bounded two-way set-associative table: a key's 32 bytes pick a set of two slots; a hit compares all 32 bytes
 * (a key is never taken for another), a miss parses the key and replaces the less recently used slot of its set.
 * Entries are immutable (final fields only) and read and written racily in a plain array, so threads share the
 * table without locks or fences: the Java memory model guarantees that a thread seeing an entry sees its fields,
 * and what they reference, as constructed (an {@code AtomicReferenceArray}'s VarHandle checks cost more than the
 * lookup under C1). Two threads missing on one key at once both parse it and one entry wins, which is harmless.
 * ACCP's keys are safe to share (each guards its native key with a read-write lock), and one that is evicted while a
 * thread's
 * {@code Signature} still holds it stays alive until that thread moves on (ACCP frees its native key only when the
 * Java object is unreachable). Keys are parsed only after {@link Ed25519StrictRule} has passed them; keys that
 * collide only cost the parse they cost without the table.
 *
 * <p>A key enters the table on its second sight, not its first: on a key's first sight (a doorkeeper of 32-bit
 * key fingerprints, one per set, remembers it) the engine hands ACCP the key's encoding, as without the table. A key
 * object parsed here registers a cleaner that only a collection finding the object unreachable releases, and an
 * entry lives until thousands of other keys pushed it out, seconds under load: long enough for young collections to
 * copy and promote it, so once evicted its object, cleaner and native key stayed in the old generation until a full
 * collection (tens of thousands of them live at a full collection in a bench cycling through 20,000 senders, where
 * every lookup missed: the table was pure churn there). A key ACCP translates itself it frees at the next change of
 * key. A sender that signs again soon is stored at its second transaction (one translation more than before).
 *
 * <p>ACCP 2.5 registers its EdDSA KeyFactory only on a provider built while a system property asks for it, so the
 * table gets a private provider instance built the way {@link AccpKeyDerivation} builds its own.
 */
final class AccpPublicKeys {
    /**
     * 2 × 4,096 slots: ~2.7 MB of heap when full (ACCP's key object with its lock and cleaner: ~340 B each,
     * measured), plus ACCP's native keys.
     */
    static final int DEFAULT_SETS = 4_096;

    private final Entry[] slots;
    /** Per set, the way used last (0 or 1): racy reads and writes only move which slot a miss replaces. */
    private final byte[] recent;
    private final int setMask;
    /** Per set, a fingerprint of the last key missed there and not stored (racy ints: a lost write costs a parse). */
    private final int[] seenOnce;
    private final ThreadLocal<KeyFactory> factories;

    private record Entry(byte[] encoded, java.security.PublicKey key) {
    }

    private AccpPublicKeys(AmazonCorrettoCryptoProvider provider, int sets) {
        if (Integer.bitCount(sets) != 1) {
            throw new IllegalArgumentException("the number of sets must be a power of two, got " + sets);
        }
        this.slots = new Entry[2 * sets];
        this.recent = new byte[sets];
        this.setMask = sets - 1;
        this.seenOnce = new int[sets];
        // The JCA does not promise that a KeyFactory is safe to share.
        this.factories = ThreadLocal.withInitial(() -> {
            try {
                return KeyFactory.getInstance("EdDSA", provider);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ACCP's EdDSA KeyFactory vanished", e);
            }
        });
    }

    /** The table with {@code sets} sets of two, or null when ACCP's KeyFactory cannot be had (the caller parses). */
    static AccpPublicKeys load(int sets) {
        try {
            AmazonCorrettoCryptoProvider provider = AccpKeyDerivation.providerWithKeyFactory();
            AccpPublicKeys keys = new AccpPublicKeys(provider, sets);
            keys.parse(Hex.decode(AccpKeyDerivation.VECTORS[0][1]));
            return keys;
        } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * ACCP's key object for the 32-byte {@code publicKey}, parsed on a miss and stored on the key's second sight;
     * on a first sight parsed but not stored (tests: the engine calls {@link #lookup} and lets ACCP translate).
     *
     * @throws InvalidKeySpecException when ACCP refuses the key (not stored)
     */
    java.security.PublicKey get(byte[] publicKey) throws InvalidKeySpecException {
        java.security.PublicKey key = lookup(publicKey);
        return key != null ? key : parse(publicKey);
    }

    /**
     * ACCP's key object for the 32-byte {@code publicKey} (not kept: the table stores its own copy) when the table
     * holds it or this is its second sight (then parsed and stored); null on a first sight, when the caller hands
     * ACCP the key's encoding instead: ACCP translates it inside {@code initVerify} and frees the translation itself
     * at the next change of key, while a key object parsed here is freed only once a collection finds it unreachable
     * (its cleaner registration waits for that, in the old generation if it lived long enough to get there).
     *
     * @throws InvalidKeySpecException when ACCP refuses the key (not stored)
     */
    java.security.PublicKey lookup(byte[] publicKey) throws InvalidKeySpecException {
        int set = setOf(publicKey);
        int first = 2 * set;
        Entry e = slots[first];
        if (e != null && Arrays.equals(e.encoded, publicKey)) {
            touch(set, 0);
            return e.key;
        }
        e = slots[first + 1];
        if (e != null && Arrays.equals(e.encoded, publicKey)) {
            touch(set, 1);
            return e.key;
        }
        int fingerprint = fingerprintOf(publicKey);
        if (seenOnce[set] != fingerprint) {
            seenOnce[set] = fingerprint; // first sight (as far as the doorkeeper knows): not parsed here
            return null;
        }
        seenOnce[set] = 0;
        java.security.PublicKey key = parse(publicKey);
        int way = recent[set] == 0 ? 1 : 0;
        slots[first + way] = new Entry(publicKey.clone(), key);
        recent[set] = (byte) way;
        return key;
    }

    private void touch(int set, int way) {
        if (recent[set] != way) {
            recent[set] = (byte) way;
        }
    }

    private java.security.PublicKey parse(byte[] publicKey) throws InvalidKeySpecException {
        // with the algorithm given, the spec does not parse the DER to find it (a third of a miss's time under C1)
        return factories.get().generatePublic(new X509EncodedKeySpec(Ed25519Der.spki(publicKey), "EdDSA"));
    }

    /** Bytes 0-3 of the key (a curve point's encoding: close to uniform), mixed so that any bits choose the set. */
    private int setOf(byte[] publicKey) {
        int h = (publicKey[0] & 0xff) | (publicKey[1] & 0xff) << 8 | (publicKey[2] & 0xff) << 16 | publicKey[3] << 24;
        h *= 0x9E3779B9;
        return (h ^ h >>> 16) & setMask;
    }

    /**
     * Bytes 4-7 of the key, never 0 (the doorkeeper's empty mark). Only decides whether a key is stored: a false
     * match stores a key seen once, never hands out another key.
     */
    private static int fingerprintOf(byte[] publicKey) {
        int f = (publicKey[4] & 0xff) | (publicKey[5] & 0xff) << 8 | (publicKey[6] & 0xff) << 16 | publicKey[7] << 24;
        return f == 0 ? 1 : f;
    }

    /** How many slots hold a key (tests). */
    int size() {
        int n = 0;
        for (Entry e : slots) {
            n += e == null ? 0 : 1;
        }
        return n;
    }

    /** The number of slots, twice the sets (tests). */
    int capacity() {
        return slots.length;
    }
}
