package org.stakechain.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.Receipt;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;

/** The "tx" event written directly is the same text the JSON tree gave before (clients parse it). */
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
}
