package org.stakechain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.stakechain.api.ApiConfig;
import org.stakechain.crypto.Hex;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.keystore.Keystore;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.node.Node;
import org.stakechain.testing.SoloValidator;

/**
 * The commands that talk to a node, against one in-process validator that finalizes alone, with the demo
 * treasury's key funded in its genesis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeFacingCommandsTest {
    static final String FAST = "--kdf-iterations=" + Keystore.TEST_ITERATIONS;
    static final KeyPair VALIDATOR = KeyPair.deterministic("cli-test/validator");
    static final KeyPair TREASURY = DemoGenesis.key("treasury");

    @TempDir
    static Path dir;
    SoloValidator.Running solo;
    Node node;
    String url;

    @BeforeAll
    void startNode() throws Exception {
        Genesis genesis = SoloValidator.genesis(ChainParams.defaults("cli-test").withSlotMillis(200), VALIDATOR,
                SoloValidator.funded("treasury", TREASURY, Coins.of(1_000_000)));
        solo = SoloValidator.startWithApi(dir, genesis, VALIDATOR, ApiConfig.fromEnvironment(System.getenv()));
        node = solo.node();
        url = solo.url();
        CliRun.Result r = cli().run("wallet", "import", "treasury", "--seed-hex", Hex.encode(TREASURY.seed()), FAST);
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @AfterAll
    void stop() {
        if (solo != null) {
            solo.close();
        }
    }

    CliRun cli() {
        CliRun run = CliRun.in(dir.resolve("wallets")).password("treasury-pw");
        run.env.put(CliEnvironment.NODE_ENV, url);
        return run;
    }

    String addressOf(String wallet) {
        CliRun.Result show = cli().run("wallet", "show", wallet);
        return show.out().lines().filter(l -> l.startsWith("address")).findFirst().orElseThrow().split("\\s+")[1];
    }

    CliRun.Result ok(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void coinsSentFromTheTreasuryArriveInANewWallet() {
        ok(cli().run("wallet", "new", "alice", FAST));
        String alice = addressOf("alice");
        CliRun.Result sent = ok(cli().run("send", "--from", "treasury", "--to", alice, "--amount", "12.5"));
        String hash = sent.out().trim();
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(sent.err()).contains("transfer 12.5 coins to " + alice).contains("tx " + hash + " --wait");

        CliRun.Result waited = ok(cli().run("tx", hash, "--wait", "--timeout", "30"));
        assertThat(waited.out()).contains(hash + "  final at height").contains("TRANSFER 12.5 coins to " + alice);

        CliRun.Result balance = ok(cli().run("wallet", "balance", "alice"));
        assertThat(balance.out()).contains("balance   12.5 coins").contains("nonce     0");
        CliRun.Result byAddress = ok(cli().run("wallet", "balance", alice, "--json"));
        assertThat(byAddress.out()).contains("\"balanceUnits\" : 12500000");

        CliRun.Result tx = ok(cli().run("tx", hash));
        assertThat(tx.out()).contains("final at height");
        String height = tx.out().replaceAll("(?s).*final at height (\\d+).*", "$1");
        CliRun.Result block = ok(cli().run("block", height));
        assertThat(block.out()).contains(hash).contains("TRANSFER 12.5 -> " + alice).contains("confirmed by 1");
    }

    @Test
    void stakeRegisterAndUnstakeBecomeFinalAndShowInTheBalance() {
        ok(cli().run("wallet", "new", "staker", FAST));
        String staker = addressOf("staker");
        ok(cli().run("send", "--from", "treasury", "--to", staker, "--amount", "200", "--wait"));
        CliRun staker1 = cli();
        ok(staker1.run("stake", "--from", "staker", "--amount", "150", "--wait"));
        ok(cli().run("register-validator", "--from", "staker", "--wait"));
        ok(cli().run("unstake", "--from", "staker", "--amount", "20", "--wait"));
        CliRun.Result balance = ok(cli().run("wallet", "balance", "staker"));
        assertThat(balance.out()).contains("staked    130 coins").contains("unbonding 20 coins")
                .contains("validator yes").contains("nonce     3");
    }

    @Test
    void theNodesRefusalIsShownWithItsReasonAndExitOne() {
        ok(cli().run("wallet", "new", "pauper", FAST));
        CliRun.Result r = cli().run("send", "--from", "pauper", "--to", TREASURY.address().text(), "--amount", "5");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.err()).contains("the node rejected the transaction (INSUFFICIENT_BALANCE)").contains("balance");
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSigned() {
        String good = VALIDATOR.address().text();
        String typo = good.substring(0, 10) + (good.charAt(10) == 'a' ? 'b' : 'a') + good.substring(11);
        CliRun.Result checksum = cli().run("send", "--from", "treasury", "--to", typo, "--amount", "1");
        assertThat(checksum.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(checksum.err()).contains("--to: address checksum does not match");
        CliRun.Result negative = cli().run("send", "--from", "treasury", "--to", good, "--amount", "-5");
        assertThat(negative.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(negative.err()).contains("--amount").contains("cannot be negative");
        CliRun.Result precise = cli().run("send", "--from", "treasury", "--to", good, "--amount", "0.0000001");
        assertThat(precise.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(precise.err()).contains("at most 6 decimals");
        CliRun.Result zero = cli().run("stake", "--from", "treasury", "--amount", "0");
        assertThat(zero.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(zero.err()).contains("must be more than 0");
        CliRun.Result fee = cli().run("send", "--from", "treasury", "--to", good, "--amount", "1", "--fee", "abc");
        assertThat(fee.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fee.err()).contains("--fee: not an amount of coins");
        CliRun.Result missing = cli().run("send", "--from", "treasury", "--amount", "1");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("--to");
    }

    @Test
    void aWrongPasswordIsAUsageErrorThatSaysSo() {
        CliRun.Result r = cli().password("not-it").run("send", "--from", "treasury", "--to",
                VALIDATOR.address().text(), "--amount", "1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("wrong password for wallet \"treasury\"").contains("$STAKECHAIN_PASSWORD");
    }

    @Test
    void anUnknownSenderListsTheKnownWallets() {
        CliRun.Result r = cli().run("send", "--from", "nobody", "--to", VALIDATOR.address().text(), "--amount", "1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no wallet \"nobody\"").contains("treasury");
    }

    @Test
    void aNodeThatIsDownIsExitThreeWithHowToStartOne() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String down = "http://127.0.0.1:" + closed;
        CliRun.Result send = cli().run("send", "--from", "treasury", "--to", VALIDATOR.address().text(), "--amount",
                "1", "--node", down);
        assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(send.err()).contains("is a node running at " + down).contains("./stakechain testnet");
        for (String[] args : List.of(new String[] {"validators"}, new String[] {"block", "1"},
                new String[] {"tx", "ab".repeat(32)}, new String[] {"wallet", "balance", "treasury"})) {
            CliRun.Result r = cli().run(concat(args, "--node", down));
            assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isEqualTo(ExitCodes.UNREACHABLE);
        }
        CliRun.Result badUrl = cli().run("block", "1", "--node", "localhost:8080");
        assertThat(badUrl.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badUrl.err()).contains("is not a node URL");
    }

    @Test
    void blocksAreFoundByHeightHashOrLatestAndUnknownOnesAreExitOne() {
        CliRun.Result one = ok(cli().run("block", "1"));
        String hash = one.out().lines().filter(l -> l.startsWith("hash")).findFirst().orElseThrow().split("\\s+")[1];
        assertThat(ok(cli().run("block", hash)).out()).contains("height    1 ");
        assertThat(ok(cli().run("block", "latest")).out()).contains("forger    " + VALIDATOR.address().text());
        assertThat(ok(cli().run("block", "1", "--json")).out()).contains("\"certificate\"");
        CliRun.Result far = cli().run("block", "999999999");
        assertThat(far.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(far.err()).contains("no final block 999999999");
        CliRun.Result bad = cli().run("block", "nope");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void anUnknownTransactionIsExitOneAndABadHashExitTwo() {
        CliRun.Result unknown = cli().run("tx", "ab".repeat(32));
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(unknown.err()).contains("unknown to the node");
        CliRun.Result waited = cli().run("tx", "cd".repeat(32), "--wait", "--timeout", "1");
        assertThat(waited.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(waited.err()).contains("still unknown after 1 s");
        CliRun.Result bad = cli().run("tx", "xyz");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("64 hex digits");
    }

    static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
