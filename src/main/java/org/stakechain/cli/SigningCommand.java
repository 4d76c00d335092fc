package org.stakechain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.stakechain.crypto.Hex;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A command that signs one transaction with a wallet's key and submits it: input checked here first, the key
 * unlocked, the chain id and the account's nonce read from the node, the transaction signed locally (the key never
 * leaves this process) and its canonical hex posted. Prints the transaction's hash.
 */
abstract class SigningCommand extends CliCommand {
    static final String DEFAULT_FEE = "0.001";

    @Option(names = "--from", required = true, paramLabel = "NAME", description = "The wallet that signs and pays.")
    String from;

    @Option(names = "--fee", paramLabel = "COINS", defaultValue = DEFAULT_FEE,
            description = "The fee, in coins (default ${DEFAULT-VALUE}, the chain's usual minimum).")
    String fee;

    @Option(names = "--nonce", paramLabel = "N",
            description = "The account's nonce to use (default: the next one after the final state's).")
    Long nonce;

    @Option(names = "--wait", description = "Wait until the transaction is final (bounded by --timeout).")
    boolean await;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long --wait waits (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Mixin
    NodeOptions node;

    @Mixin
    WalletOptions wallets;

    @Mixin
    PasswordOptions password;

    /** The transaction's body, from the options; throws a usage error for bad input. */
    abstract TxPayload payload();

    /** What the transaction does, for people: "transfer 5 coins to sc…". */
    abstract String describe(TxPayload payload);

    @Override
    public Integer call() {
        TxPayload payload = payload();
        long feeUnits = CliInput.coins(fee, "--fee");
        if (nonce != null && nonce < 0) {
            throw CliException.usage("--nonce cannot be negative");
        }
        if (timeoutSeconds <= 0) {
            throw CliException.usage("--timeout must be a positive number of seconds");
        }
        WalletStore store = wallets.store(environment());
        store.read(from); // an unknown name is reported before a password is asked
        NodeClient client = node.client(environment());
        PasswordOptions.Password pw = password.read(environment(), "wallet \"" + from + "\"", false);
        KeyPair keys = store.unlock(from, pw.chars(), pw.source());
        java.util.Arrays.fill(pw.chars(), '\0');

        String chainId = client.status().path("chainId").asText();
        long useNonce = nonce != null ? nonce : client.account(keys.address().text()).path("nonce").asLong();
        Transaction tx;
        try {
            tx = Transaction.sign(chainId, keys, useNonce, feeUnits, payload);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("cannot build the transaction: " + e.getMessage());
        }
        NodeClient.Reply reply = client.post("/api/v1/transactions",
                PRETTY.createObjectNode().put("tx", Hex.encode(tx.encode())).toString());
        if (reply.status() == 202) {
            out().println(tx.hash().hex());
            err().println("submitted: " + describe(payload) + " from " + from + " (" + keys.address().text()
                    + "), fee " + Coins.format(feeUnits) + ", nonce " + useNonce + "; "
                    + reply.body().path("status").asText("pending"));
            if (await) {
                return TxCommand.await(this, client, tx.hash().hex(), Duration.ofSeconds(timeoutSeconds), false);
            }
            err().println("follow it: ./stakechain tx " + tx.hash().hex() + " --wait");
            return ExitCodes.OK;
        }
        JsonNode body = reply.body();
        String why = reply.detail();
        if (body.has("feeToBeat")) {
            why += " (a fee above " + body.path("feeToBeat").asText() + " coins gets in)";
        }
        throw CliException.rejected("the node rejected the transaction"
                + (body.has("error") ? " (" + body.path("error").asText() + ")" : "") + ": " + why);
    }
}
