package org.stakechain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stakechain.codec.CodecException;
import org.stakechain.crypto.Hex;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.testing.Seeds;

/** The binary batch body: count u32, then length u32 + bytes per entry; every malformed framing refused whole. */
class TransactionBatchBodyTest {
    static final int MAX = TransactionSubmission.MAX_BATCH;

    static Transaction transfer(int nonce) {
        KeyPair from = KeyPair.deterministic("batch-body/from");
        return Transaction.sign("batch-body", from, nonce, 1_000,
                new TxPayload.Transfer(KeyPair.deterministic("batch-body/to").address(), 5));
    }

    static TransactionBatchBody.Entries entries(byte[] body) {
        TransactionBatchBody.Parsed p = TransactionBatchBody.parse(body, MAX);
        assertThat(p).as(String.valueOf(p)).isInstanceOf(TransactionBatchBody.Entries.class);
        return (TransactionBatchBody.Entries) p;
    }

    static TransactionBatchBody.Refused refused(byte[] body) {
        TransactionBatchBody.Parsed p = TransactionBatchBody.parse(body, MAX);
        assertThat(p).isInstanceOf(TransactionBatchBody.Refused.class);
        TransactionBatchBody.Refused r = (TransactionBatchBody.Refused) p;
        assertThat(r.detail()).isNotBlank();
        return r;
    }

    @Test
    void theLayoutIsACountThenEachEntryLengthPrefixedBigEndian() {
        byte[] body = TransactionBatchBody.encode(List.of(new byte[] {1, 2}, new byte[] {(byte) 0xff}));
        assertThat(Hex.encode(body)).isEqualTo("00000002" + "00000002" + "0102" + "00000001" + "ff");
        TransactionBatchBody.Entries e = entries(body);
        assertThat(e.size()).isEqualTo(2);
        assertThat(e.offsets()).containsExactly(8, 14);
        assertThat(e.lengths()).containsExactly(2, 1);
    }

    @Test
    void transactionsRoundTripThroughTheBody() {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            txs.add(transfer(i));
        }
        TransactionBatchBody.Entries e = entries(TransactionBatchBody.encode(txs.stream().map(Transaction::encode)
                .toList()));
        for (int i = 0; i < txs.size(); i++) {
            assertThat(e.transaction(i)).isEqualTo(txs.get(i));
            assertThat(e.transaction(i).hash()).isEqualTo(txs.get(i).hash());
        }
    }

    @Test
    void seededBodiesRoundTripTheirFraming() {
        for (long seed : Seeds.of("batchbody.seed", 600, 100)) {
            SplittableRandom r = new SplittableRandom(seed);
            List<byte[]> entries = new ArrayList<>();
            int n = 1 + r.nextInt(50);
            for (int i = 0; i < n; i++) {
                byte[] b = new byte[1 + r.nextInt(Transaction.MAX_ENCODED_BYTES)];
                r.nextBytes(b);
                entries.add(b);
            }
            TransactionBatchBody.Entries e = entries(TransactionBatchBody.encode(entries));
            assertThat(e.size()).as("seed %d", seed).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                assertThat(Arrays.copyOfRange(e.body(), e.offsets()[i], e.offsets()[i] + e.lengths()[i]))
                        .as("seed %d entry %d", seed, i).isEqualTo(entries.get(i));
            }
        }
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] body = TransactionBatchBody.encode(List.of(transfer(0).encode()));
        byte[] longer = Arrays.copyOf(body, body.length + 1);
        assertThat(refused(longer).error()).isEqualTo("bad_batch_body");
        assertThat(refused(longer).detail()).contains("1 trailing bytes");
    }

    @Test
    void truncatedBodiesAreRefused() {
        byte[] body = TransactionBatchBody.encode(List.of(transfer(0).encode(), transfer(1).encode()));
        // every cut: inside the count, inside a length, inside an entry's bytes
        for (int cut = 0; cut < body.length; cut++) {
            TransactionBatchBody.Refused r = refused(Arrays.copyOf(body, cut));
            assertThat(r.error()).as("cut at %d", cut).isEqualTo("bad_batch_body");
        }
        assertThat(refused(Arrays.copyOf(body, body.length - 1)).detail()).contains("truncated");
    }

    @Test
    void entryLengthsOutsideOneToTheTransactionLimitAreRefused() {
        byte[] oversize = TransactionBatchBody.encode(List.of(new byte[Transaction.MAX_ENCODED_BYTES + 1]));
        assertThat(refused(oversize).detail()).contains("length " + (Transaction.MAX_ENCODED_BYTES + 1));
        byte[] empty = TransactionBatchBody.encode(List.of(new byte[0]));
        assertThat(refused(empty).error()).isEqualTo("bad_batch_body");
        // a length near 2^32 in a short body: refused from the header, nothing allocated for it
        byte[] huge = Hex.decode("00000001" + "fffffff0" + "00");
        assertThat(refused(huge).detail()).contains("length 4294967280");
        assertThat(entries(TransactionBatchBody.encode(List.of(new byte[Transaction.MAX_ENCODED_BYTES]))).size())
                .isEqualTo(1);
    }

    @Test
    void aCountOfZeroOrAboveTheLimitIsABadBatchSize() {
        assertThat(refused(Hex.decode("00000000")).error()).isEqualTo("bad_batch_size");
        List<byte[]> tooMany = Collections.nCopies(MAX + 1, new byte[] {7});
        assertThat(refused(TransactionBatchBody.encode(tooMany)).error()).isEqualTo("bad_batch_size");
        // a huge count with no entries behind it: refused by the count, before any array is sized by it
        assertThat(refused(Hex.decode("ffffffff")).error()).isEqualTo("bad_batch_size");
        assertThat(entries(TransactionBatchBody.encode(Collections.nCopies(MAX, new byte[] {7}))).size())
                .isEqualTo(MAX);
    }

    @Test
    void anEntryThatIsNotACanonicalTransactionFailsAloneWhenDecoded() {
        byte[] good = transfer(0).encode();
        byte[] withTrailing = Arrays.copyOf(good, good.length + 1);
        TransactionBatchBody.Entries e = entries(TransactionBatchBody.encode(List.of(new byte[] {0}, good,
                withTrailing)));
        assertThatThrownBy(() -> e.transaction(0)).isInstanceOf(CodecException.class);
        assertThat(e.transaction(1)).isEqualTo(transfer(0));
        assertThatThrownBy(() -> e.transaction(2)).isInstanceOf(CodecException.class).hasMessageContaining("trailing");
    }
}
