package org.stakechain.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stakechain} command: every subcommand a person types. */
@Command(name = "stakechain", mixinStandardHelpOptions = true, versionProvider = StakechainCommand.Version.class,
        description = "A Proof-of-Stake blockchain node: forger lottery, attestors, 75%% stake finality, slashing.",
        subcommands = {NodeCommand.class, TestnetCommand.class, DemoCommand.class, GenesisCommand.class, KeyCommand.class,
                CommandLine.HelpCommand.class})
public final class StakechainCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new StakechainCommand());
        // a wrong argument is the user's to fix: say what and show usage, no stack trace
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = StakechainCommand.class.getPackage().getImplementationVersion();
            return new String[] {"stakechain " + (v == null ? "development build" : v)};
        }
    }
}
