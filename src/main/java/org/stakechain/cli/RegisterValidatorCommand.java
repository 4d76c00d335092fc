package org.stakechain.cli;

import org.stakechain.ledger.tx.TxPayload;
import picocli.CommandLine.Command;

@Command(name = "register-validator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Register a wallet as a validator: burns the chain's validator fee (10 coins by default).",
                "It validates from the next epoch once it has the minimum stake; its node needs its keystore (--key)."})
final class RegisterValidatorCommand extends SigningCommand {
    @Override
    TxPayload payload() {
        return new TxPayload.RegisterValidator();
    }

    @Override
    String describe(TxPayload payload) {
        return "register as a validator";
    }
}
