package org.stakechain.cli;

import org.stakechain.ledger.Coins;
import org.stakechain.ledger.tx.TxPayload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "unstake", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start unbonding staked coins; they become spendable after the chain's unbonding period.")
final class UnstakeCommand extends SigningCommand {
    @Option(names = "--amount", required = true, paramLabel = "COINS", description = "Coins to unstake.")
    String amount;

    @Override
    TxPayload payload() {
        return new TxPayload.Unstake(CliInput.positiveCoins(amount, "--amount"));
    }

    @Override
    String describe(TxPayload payload) {
        return "unstake " + Coins.format(((TxPayload.Unstake) payload).amount()) + " coins";
    }
}
