package org.stakechain.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.state.ChainState;
import org.stakechain.ledger.validators.Validator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes and checks genesis files. */
@Command(name = "genesis", mixinStandardHelpOptions = true, description = "Write or inspect a genesis file.",
        subcommands = {GenesisCommand.Demo.class, GenesisCommand.Inspect.class})
final class GenesisCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "The seed notebook's genesis: charles 350, edwin 500, oliver 200, erick 90, sonia 275.")
    static final class Demo implements Callable<Integer> {
        @Option(names = "--out", description = "Write to this file instead of standard output.")
        Path out;

        @Option(names = "--time", description = "Genesis time in milliseconds since the epoch (default: now).")
        Long time;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            String json = DemoGenesis.create(time != null ? time : System.currentTimeMillis()).toJson();
            if (out == null) {
                spec.commandLine().getOut().print(json);
                spec.commandLine().getOut().flush(); // print() does not flush; System.exit would lose it
            } else {
                Files.writeString(out, json, StandardCharsets.UTF_8);
                spec.commandLine().getOut().println("wrote " + out);
            }
            return 0;
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Check a genesis file and print its hash, supply and validators with their tickets.")
    static final class Inspect implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The genesis JSON file.")
        Path file;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
            }
            Genesis genesis = Genesis.fromJson(text);
            ChainState chain = genesis.initialChanges().chain();
            var out = spec.commandLine().getOut();
            out.println("chain id      " + genesis.params().chainId());
            out.println("genesis hash  " + genesis.hash().hex());
            out.println("state root    " + genesis.initialChanges().stateRoot().hex());
            out.println("supply        " + Coins.format(chain.genesisSupply()) + " coins");
            out.println("validators    " + chain.validators().size() + ", "
                    + Coins.format(chain.validators().totalStake()) + " coins staked");
            for (Validator v : chain.validators().validators()) {
                String name = genesis.validators().stream().filter(g -> g.publicKey().equals(v.publicKey()))
                        .map(Genesis.GenesisValidator::name).findFirst().orElse("");
                out.printf("  %-10s %s  stake %8s  odds %5.1f%%%n", name, v.address(), Coins.format(v.stake()),
                        100.0 * v.stake() / chain.validators().totalStake());
            }
            return 0;
        }
    }
}
