package org.stakechain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.stakechain.ledger.genesis.Genesis;
import picocli.CommandLine;

class GenesisCommandTest {

    @Test
    void genesisDemoWritesAGenesisThatInspectAccepts() throws Exception {
        CommandLine cl = StakechainCommand.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("genesis", "demo", "--time", "0")).isZero();
        Genesis genesis = Genesis.fromJson(out.toString());
        assertThat(genesis.validators()).hasSize(4);
        assertThat(genesis.params().chainId()).isEqualTo("stakechain-demo");
    }

    @Test
    void everyCommandsHelpRendersWithoutFormatWarnings() {
        // picocli renders a description with a lone '%' raw and warns on standard error
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true));
        try {
            checkHelp(StakechainCommand.commandLine());
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString()).doesNotContain("picocli WARN");
    }

    private static void checkHelp(CommandLine cl) {
        cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
        cl.getSubcommands().values().forEach(GenesisCommandTest::checkHelp);
    }
}
