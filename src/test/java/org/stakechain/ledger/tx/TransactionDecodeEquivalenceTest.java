package org.stakechain.ledger.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stakechain.codec.CanonicalReader;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.PublicKey;
import org.stakechain.crypto.Signature;
import org.stakechain.ledger.ChainParams;
import org.stakechain.testing.Seeds;

/**
 * The decoder, which shares recently decoded sender keys ({@link PublicKey#read}), against the decoder as it was
 * (every field copied out, the chain id read fresh), on generated transactions and damaged copies of them: the same
 * transactions, the same rejections with the same reasons.
 */
class TransactionDecodeEquivalenceTest {
    private static final String SEED_PROPERTY = "tx.decode.seed";

    /** The decoder before recent keys were shared: a fresh copy of every field. */
    private static Transaction referenceReadFrom(CanonicalReader in) {
        int start = in.position();
        TxType type = TxType.fromCode(in.u8("transaction type"));
        String chainId = in.string(ChainParams.MAX_CHAIN_ID_BYTES, "chain id");
        PublicKey sender = PublicKey.wrap(in.fixed(PublicKey.LENGTH, "sender"));
        long nonce = in.u64("nonce");
        long fee = in.u64("fee");
        TxPayload payload = TxPayload.readFrom(type, in);
        Signature signature = in.signature("signature");
        if (in.position() - start > Transaction.MAX_ENCODED_BYTES) {
            throw new CodecException("transaction larger than " + Transaction.MAX_ENCODED_BYTES + " bytes");
        }
        return Transaction.of(chainId, sender, nonce, fee, payload, signature);
    }

    private static Object outcome(byte[] bytes, boolean reference) {
        try {
            Transaction tx = reference ? CanonicalReader.decodeAll(bytes, TransactionDecodeEquivalenceTest::referenceReadFrom)
                    : Transaction.decode(bytes);
            // everything a caller can see, by value
            return List.of(tx.type(), tx.chainId(), tx.sender().hex(), tx.senderAddress(), tx.nonce(), tx.fee(),
                    tx.payload(), tx.signature(), tx.signature().hex(), tx.signature().hashCode(), tx.hash(),
                    Arrays.toString(tx.encode()), tx.encodedSize(), tx.verifySignature());
        } catch (CodecException | IllegalArgumentException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @Test
    void theDecoderAgreesWithTheCopyingDecoder() {
        for (long seed : Seeds.of(SEED_PROPERTY, 9_600, 6)) {
            Random random = new Random(seed);
            List<KeyPair> senders = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                senders.add(KeyPair.deterministic("decode-equivalence/" + seed + "/" + i));
            }
            int accepted = 0;
            int refused = 0;
            for (int i = 0; i < 600; i++) {
                byte[] bytes = damaged(random, transaction(random, senders).encode());
                Object expected = outcome(bytes, true);
                Object actual = outcome(bytes, false);
                assertThat(actual).as("seed %d (replay with -D%s=%d), case %d: %s", seed, SEED_PROPERTY, seed, i,
                        org.stakechain.crypto.Hex.encode(bytes)).isEqualTo(expected);
                if (expected instanceof String) {
                    refused++;
                } else {
                    accepted++;
                }
            }
            assertThat(accepted).as("seed %d", seed).isGreaterThan(100);
            assertThat(refused).as("seed %d", seed).isGreaterThan(100);
        }
    }

    private static Transaction transaction(Random random, List<KeyPair> senders) {
        KeyPair sender = senders.get(random.nextInt(senders.size()));
        String chainId = random.nextInt(4) == 0 ? "chain-" + random.nextInt(3) : "stakechain-test";
        long nonce = random.nextInt(3) == 0 ? random.nextLong() & Long.MAX_VALUE : random.nextInt(1_000);
        long fee = random.nextInt(100_000);
        TxPayload payload = switch (random.nextInt(4)) {
            case 0 -> new TxPayload.Stake(1 + random.nextInt(1_000_000));
            case 1 -> new TxPayload.Unstake(1 + random.nextInt(1_000_000));
            case 2 -> new TxPayload.RegisterValidator();
            default -> new TxPayload.Transfer(senders.get(random.nextInt(senders.size())).address(),
                    1 + (random.nextLong() & 0xffffffffffL));
        };
        if (random.nextBoolean()) {
            return Transaction.sign(chainId, sender, nonce, fee, payload);
        }
        byte[] sig = new byte[Signature.LENGTH];
        random.nextBytes(sig);
        return Transaction.of(chainId, sender.publicKey(), nonce, fee, payload, Signature.wrap(sig));
    }

    /** Unchanged half the time; else a flipped byte, a cut, extra bytes, another type byte, or garbage. */
    private static byte[] damaged(Random random, byte[] encoded) {
        byte[] b = encoded.clone();
        switch (random.nextInt(10)) {
            case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case 2 -> b = Arrays.copyOf(b, b.length + 1 + random.nextInt(3));
            case 3 -> b[0] = (byte) random.nextInt(256);
            case 4 -> {
                byte[] garbage = new byte[random.nextInt(300)];
                random.nextBytes(garbage);
                b = garbage;
            }
            default -> {
            }
        }
        return b;
    }

    @Test
    void theSameKeyDecodedTwiceIsOneObjectAndItsAddressIsRight() {
        Transaction tx = Transaction.sign("c", KeyPair.deterministic("decode-equivalence/same"), 1, 1,
                new TxPayload.Stake(5));
        Transaction a = Transaction.decode(tx.encode());
        Transaction b = Transaction.decode(tx.encode());
        assertThat(b.sender()).isEqualTo(a.sender());
        assertThat(a.senderAddress()).isEqualTo(org.stakechain.crypto.Address.of(tx.sender()));
        assertThat(b.hash()).isEqualTo(Hash.of(tx.encode()));
    }

    /**
     * The signature is read back from the encoding's last 64 bytes, not kept apart: it is the signature given
     * (or made), verifies as one held in its own array does, and a change to what a caller got never reaches the
     * transaction.
     */
    @Test
    void theSignatureIsTheEncodingsLastBytesAndVerifiesAsItself() {
        KeyPair keys = KeyPair.deterministic("decode-equivalence/signature");
        Transaction signed = Transaction.sign("c", keys, 3, 7, new TxPayload.Transfer(keys.address(), 11));
        byte[] encoded = signed.encode();
        byte[] last = Arrays.copyOfRange(encoded, encoded.length - Signature.LENGTH, encoded.length);
        for (Transaction tx : List.of(signed, Transaction.decode(encoded),
                Transaction.of("c", keys.publicKey(), 3, 7, new TxPayload.Transfer(keys.address(), 11),
                        Signature.wrap(last)))) {
            assertThat(tx.signature().bytes()).isEqualTo(last);
            assertThat(tx.signature()).isEqualTo(Signature.wrap(last)).hasSameHashCodeAs(Signature.wrap(last));
            assertThat(tx.verifySignature()).isTrue();
            tx.signature().bytes()[0] ^= 1;
            tx.encode()[encoded.length - 1] ^= 1;
            assertThat(tx.signature().bytes()).isEqualTo(last);
            assertThat(tx.verifySignature()).isTrue();
            assertThat(tx).isEqualTo(signed);
        }
        for (int at : new int[] {encoded.length - Signature.LENGTH, encoded.length - 33, encoded.length - 1}) {
            byte[] bad = encoded.clone();
            bad[at] ^= 4;
            Transaction tx = Transaction.decode(bad);
            assertThat(tx.signature().bytes()).isEqualTo(Arrays.copyOfRange(bad, bad.length - 64, bad.length));
            assertThat(tx.verifySignature()).as("signature byte %d altered", at).isFalse();
        }
    }
}
