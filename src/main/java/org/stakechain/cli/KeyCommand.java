package org.stakechain.cli;

import java.util.concurrent.Callable;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.PublicKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Key and address utilities that need no node. Wallets with encrypted keystores come with the CLI issue. */
@Command(name = "key", mixinStandardHelpOptions = true, description = "Addresses from public keys; check an address.",
        subcommands = {KeyCommand.AddressOf.class, KeyCommand.Check.class})
final class KeyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "address", mixinStandardHelpOptions = true, description = "The address of an Ed25519 public key (hex).")
    static final class AddressOf implements Callable<Integer> {
        @Parameters(paramLabel = "PUBLIC_KEY_HEX")
        String publicKey;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(PublicKey.parse(publicKey).address().text());
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "Check an address's format and checksum.")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println("valid: " + Address.parse(address).text());
            return 0;
        }
    }

}
