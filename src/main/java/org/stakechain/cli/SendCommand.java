package org.stakechain.cli;

import org.stakechain.ledger.Coins;
import org.stakechain.ledger.tx.TxPayload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Send coins from a wallet to an address; prints the transaction hash.")
final class SendCommand extends SigningCommand {
    @Option(names = "--to", required = true, paramLabel = "ADDRESS", description = "The receiving address (sc…).")
    String to;

    @Option(names = "--amount", required = true, paramLabel = "COINS", description = "Coins to send, e.g. 12.5.")
    String amount;

    @Override
    TxPayload payload() {
        return new TxPayload.Transfer(CliInput.address(to, "--to"), CliInput.positiveCoins(amount, "--amount"));
    }

    @Override
    String describe(TxPayload payload) {
        TxPayload.Transfer t = (TxPayload.Transfer) payload;
        return "transfer " + Coins.format(t.amount()) + " coins to " + t.to().text();
    }
}
