package org.stakechain.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.stakechain.crypto.Hex;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.mempool.Admission;

/**
 * What the API's thread does for a batch of {@value #BATCH} transfers besides admission, per transaction: the
 * JSON form (parse the body into a tree, hex-decode each entry, decode it, build one result object per entry,
 * write the answer) against the binary form (check the framing, decode each entry from the body's bytes, write
 * the compact answer). Every entry is accepted, the common case. Run:
 * {@code scripts/jmh.sh TransactionBatchBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TransactionBatchBenchmark {
    static final int BATCH = 200;
    static final ObjectMapper JSON = new ObjectMapper();

    byte[] jsonBody;
    byte[] binaryBody;
    List<Admission> accepted;
    TransactionSubmission submission;

    @Setup(Level.Trial)
    public void setUp() {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            KeyPair from = KeyPair.deterministic("bench/batch/" + i);
            txs.add(Transaction.sign("bench", from, 0, 1_000,
                    new TxPayload.Transfer(KeyPair.deterministic("bench/batch/to").address(), 1_000)));
        }
        StringBuilder json = new StringBuilder("{\"txs\":[");
        for (int i = 0; i < BATCH; i++) {
            json.append(i == 0 ? "\"" : ",\"").append(Hex.encode(txs.get(i).encode())).append('"');
        }
        jsonBody = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        binaryBody = TransactionBatchBody.encode(txs.stream().map(Transaction::encode).toList());
        accepted = txs.stream().<Admission>map(t -> new Admission.Accepted(t.hash(), List.of())).toList();
        // no node: nothing here asks it (admission is left out; retryAfterMs only when an entry is POOL_FULL)
        submission = new TransactionSubmission(null, new TransactionOutcomes());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] json() throws IOException {
        JsonNode txs = JSON.readTree(jsonBody).get("txs");
        Object[] parsed = TransactionSubmission.parseJson(txs);
        return submission.answer(parsed, accepted, false).body().toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] binary() {
        Object[] parsed = TransactionSubmission.parseBinary(binaryBody);
        return submission.answer(parsed, accepted, true).body().toString().getBytes(StandardCharsets.UTF_8);
    }
}
