package org.stakechain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.Receipt;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/**
 * The "tx" event written directly is the same text the JSON tree gave before (clients parse it); the {@code types}
 * filter's names. The filter on a live stream: {@link EventStreamFilterTest}.
 */
class EventStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void transactionEventIsTheTreesText() {
        KeyPair from = KeyPair.deterministic("events/from");
        Transaction tx = Transaction.sign("events", from, 3, 1_000,
                new TxPayload.Transfer(KeyPair.deterministic("events/to").address(), 5));
        for (String failure : List.of("insufficient balance: 1.5 available", "quote \" backslash \\ tab \t newline \n",
                "control \u0001 and non-ASCII é ✓ \uD83D\uDE00", "")) {
            assertThat(EventStream.transactionEvent(tx, 42, Receipt.failed(tx.hash(), failure)))
                    .isEqualTo(tree(tx, 42, failure));
        }
        assertThat(EventStream.transactionEvent(tx, 7, Receipt.success(tx.hash()))).isEqualTo(tree(tx, 7, null));
    }

    @Test
    void aBlocksEventsAreEachEventFramedInTurn() {
        KeyPair from = KeyPair.deterministic("events/from");
        List<Transaction> txs = new java.util.ArrayList<>();
        List<Receipt> receipts = new java.util.ArrayList<>();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            Transaction tx = Transaction.sign("events", from, i, 1_000,
                    new TxPayload.Transfer(KeyPair.deterministic("events/to").address(), 5 + i));
            Receipt receipt = i % 7 == 3 ? Receipt.failed(tx.hash(), "nonce gap é \" " + i) : Receipt.success(tx.hash());
            txs.add(tx);
            receipts.add(receipt);
            expected.append("event: tx\ndata: ").append(tree(tx, 1_234_567_890_123L, receipt.failure().orElse(null)))
                    .append("\n\n");
        }
        // one extra receipt: only as many events as both lists have
        receipts.add(Receipt.success(txs.get(0).hash()));
        assertThat(EventStream.transactionEvents(txs, 1_234_567_890_123L, receipts, 40).text())
                .isEqualTo(expected.toString());
        assertThat(EventStream.transactionEvents(List.of(), 5, List.of(), 0).text()).isEmpty();
    }

    @Test
    void otherEventsAreFramedAsJavalinFramesThem() {
        assertThat(frame("block", "{\"height\":7}")).isEqualTo("event: block\ndata: {\"height\":7}\n\n");
        assertThat(frame("round", "a\nb\r\nc\rd")).isEqualTo("event: round\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
        assertThat(frame("x", "a\n")).isEqualTo("event: x\ndata: a\n\n");
        assertThat(frame("x", "a\n\nb")).isEqualTo("event: x\ndata: a\ndata: \ndata: b\n\n");
        assertThat(frame("x", "")).isEqualTo("event: x\n\n");
        assertThat(frame("x", "é ✓")).isEqualTo("event: x\ndata: é ✓\n\n");
    }

    private static String frame(String event, String text) {
        return new String(EventStream.sseFrame(event, text), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** What EventStream sent before: a Jackson tree, serialized. */
    private static String tree(Transaction tx, long height, String failure) {
        ObjectNode o = JSON.createObjectNode().put("hash", tx.hash().hex()).put("height", height)
                .put("status", "final");
        if (failure == null) {
            o.putNull("failure");
        } else {
            o.put("failure", failure);
        }
        return o.toString();
    }

    @Test
    void theTypesParameterIsAMaskOfKnownNames() {
        assertThat(EventStream.parseTypes(List.of())).isEqualTo(EventStream.ALL);
        assertThat(EventStream.parseTypes(List.of(""))).isEqualTo(EventStream.ALL);
        assertThat(EventStream.parseTypes(List.of("block"))).isEqualTo(EventStream.BLOCK);
        assertThat(EventStream.parseTypes(List.of("block, round"))).isEqualTo(EventStream.BLOCK | EventStream.ROUND);
        assertThat(EventStream.parseTypes(List.of("tx", "slashing,"))).isEqualTo(EventStream.TX | EventStream.SLASHING);
        assertThat(EventStream.parseTypes(List.of("block,tx,slashing,round"))).isEqualTo(EventStream.ALL);
    }

    @Test
    void anUnknownTypeIsABadRequest() {
        for (String bad : List.of("blocks", "block,dropped", "TX", "x".repeat(500))) {
            assertThatThrownBy(() -> EventStream.parseTypes(List.of(bad)))
                    .isInstanceOfSatisfying(ApiServer.ApiError.class, e -> {
                        assertThat(e.status).isEqualTo(400);
                        assertThat(e.code).isEqualTo("bad_event_types");
                        assertThat(e.getMessage()).contains("block, tx, slashing, round").hasSizeLessThan(200);
                    });
        }
    }
}
