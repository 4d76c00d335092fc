package org.stakechain.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stakechain} command: every subcommand a person types. */
@Command(name = "stakechain", mixinStandardHelpOptions = true, versionProvider = StakechainCommand.Version.class,
        description = "A Proof-of-Stake blockchain node: forger lottery, attestors, 75%% stake finality, slashing.",
        subcommands = {NodeCommand.class, TestnetCommand.class, DemoCommand.class, BenchCommand.class, GenesisCommand.class,
                KeyCommand.class,
                WalletCommand.class, SendCommand.class, StakeCommand.class, UnstakeCommand.class,
                RegisterValidatorCommand.class, ValidatorsCommand.class, BlockCommand.class, TxCommand.class,
                CommandLine.HelpCommand.class})
public final class StakechainCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    private final CliEnvironment environment;

    public StakechainCommand() {
        this(CliEnvironment.system());
    }

    StakechainCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    CliEnvironment environment() {
        return environment;
    }

    public static CommandLine commandLine() {
        return commandLine(CliEnvironment.system());
    }

    /** The command line with the environment variables and password prompt the commands see (tests pass their own). */
    public static CommandLine commandLine(CliEnvironment environment) {
        CommandLine cl = new CommandLine(new StakechainCommand(environment));
        documentExitCodes(cl);
        // a wrong argument is the user's to fix: say what and show usage, no stack trace
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliException c) {
                commandLine.getErr().println("error: " + c.getMessage());
                return c.exitCode();
            }
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl;
    }

    /** The wallet and node-facing commands (and the top level) list their exit codes in --help. */
    private static void documentExitCodes(CommandLine cl) {
        Object command = cl.getCommand();
        if (command instanceof CliCommand || command instanceof WalletCommand) {
            cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.TABLE);
        } else if (command instanceof StakechainCommand) {
            cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes of wallet, send, stake, unstake, "
                    + "register-validator, validators, block, tx (see docs/cli.md):%n").exitCodeList(ExitCodes.TABLE);
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            documentExitCodes(sub);
        }
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
