package org.stakechain.cli;

import org.stakechain.ledger.Coins;
import org.stakechain.ledger.tx.TxPayload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "stake", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lock coins as stake: each coin is a lottery ticket once the wallet is a validator.",
                "A validator needs the chain's minimum stake (100 coins by default) and register-validator."})
final class StakeCommand extends SigningCommand {
    @Option(names = "--amount", required = true, paramLabel = "COINS", description = "Coins to stake.")
    String amount;

    @Override
    TxPayload payload() {
        return new TxPayload.Stake(CliInput.positiveCoins(amount, "--amount"));
    }

    @Override
    String describe(TxPayload payload) {
        return "stake " + Coins.format(((TxPayload.Stake) payload).amount()) + " coins";
    }
}
