package org.stakechain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.keystore.Keystore;

/** The wallet commands against a temporary wallet folder; none of them needs a node. */
class WalletCommandTest {
    static final String FAST = "--kdf-iterations=" + Keystore.TEST_ITERATIONS;
    static final KeyPair KEY = KeyPair.deterministic("cli-test/wallet");

    @TempDir
    Path dir;

    CliRun cli() {
        return CliRun.in(dir.resolve("wallets")).password("correct horse");
    }

    @Test
    void newWalletIsAnEncryptedOwnerOnlyKeystoreNamedAfterTheWallet() throws Exception {
        CliRun.Result r = cli().run("wallet", "new", "alice", FAST);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path file = dir.resolve("wallets/alice.json");
        String json = Files.readString(file);
        assertThat(r.out()).contains("created wallet alice").contains(Keystore.addressOf(json)).contains(file.toString());
        assertThat(Keystore.decrypt(json, "correct horse".toCharArray()).address().text())
                .isEqualTo(Keystore.addressOf(json));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void newNeverOverwritesAnExistingWallet() throws Exception {
        assertThat(cli().run("wallet", "new", "alice", FAST).exitCode()).isZero();
        String before = Files.readString(dir.resolve("wallets/alice.json"));
        CliRun.Result again = cli().run("wallet", "new", "alice", FAST);
        assertThat(again.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("wallet \"alice\" already exists").contains("choose another name");
        assertThat(Files.readString(dir.resolve("wallets/alice.json"))).isEqualTo(before);
    }

    @Test
    void newAsksForThePasswordTwiceAtATerminal() throws Exception {
        CliRun cli = CliRun.in(dir).terminal("s3cret", "s3cret");
        CliRun.Result r = cli.run("wallet", "new", "bob", FAST);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(cli.asked).hasSize(2);
        assertThat(Keystore.decrypt(Files.readString(dir.resolve("bob.json")), "s3cret".toCharArray())).isNotNull();
    }

    @Test
    void newRefusesTwoDifferentPasswordsAndWritesNothing() {
        CliRun.Result r = CliRun.in(dir).terminal("one", "two").run("wallet", "new", "bob", FAST);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("the two passwords differ");
        assertThat(dir.resolve("bob.json")).doesNotExist();
    }

    @Test
    void withoutATerminalOrAPasswordSourceItSaysWhereAPasswordCanComeFrom() {
        CliRun.Result r = CliRun.in(dir).run("wallet", "new", "bob", FAST);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("STAKECHAIN_PASSWORD").contains("--password-file");
    }

    @Test
    void thePasswordFileWinsOverTheEnvironment() throws Exception {
        Path pw = dir.resolve("pw.txt");
        Files.writeString(pw, "from-file\n");
        CliRun.Result r = cli().run("wallet", "new", "carol", FAST, "--password-file", pw.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Keystore.decrypt(Files.readString(dir.resolve("wallets/carol.json")), "from-file".toCharArray()))
                .isNotNull();
        CliRun.Result missing = cli().run("wallet", "new", "dave", FAST, "--password-file", dir.resolve("no").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("cannot read the password file");
    }

    @Test
    void importsASeedInHexAndShowsItsAddressAndPublicKey() {
        CliRun.Result r = cli().run("wallet", "import", "k", "--seed-hex", KEY.seedHex(), FAST);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        CliRun.Result show = CliRun.in(dir.resolve("wallets")).run("wallet", "show", "k");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains(KEY.address().text()).contains(KEY.publicKey().hex());
    }

    @Test
    void importsAPemPrivateKeyMadeByOpenSsl() throws Exception {
        Path pem = Path.of("src/test/resources/vectors/ed25519-openssl-private.pem");
        CliRun.Result r = cli().run("wallet", "import", "ossl", "--pem", pem.toString(), FAST);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("18a7c187db1f1a35daf68a7ddc7a89f43e740f2c148c0a71fb600b38967dfe63");
    }

    @Test
    void importRefusesBadKeysWithTheReason() throws Exception {
        CliRun.Result shortSeed = cli().run("wallet", "import", "x", "--seed-hex", "abcd", FAST);
        assertThat(shortSeed.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(shortSeed.err()).contains("cannot import the key");
        Path notPem = dir.resolve("x.pem");
        Files.writeString(notPem, "hello");
        CliRun.Result pem = cli().run("wallet", "import", "x", "--pem", notPem.toString(), FAST);
        assertThat(pem.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(pem.err()).contains("cannot import the key");
        CliRun.Result both = cli().run("wallet", "import", "x", "--pem", notPem.toString(), "--seed-hex", "00", FAST);
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        CliRun.Result none = cli().run("wallet", "import", "x", FAST);
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(dir.resolve("wallets/x.json")).doesNotExist();
    }

    @Test
    void theSameKeyIsNotImportedTwiceUnderAnotherName() {
        assertThat(cli().run("wallet", "import", "k", "--seed-hex", KEY.seedHex(), FAST).exitCode()).isZero();
        CliRun.Result again = cli().run("wallet", "import", "k2", "--seed-hex", KEY.seedHex(), FAST);
        assertThat(again.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("already wallet \"k\"");
    }

    @Test
    void listShowsEveryWalletWithItsAddress() {
        CliRun.Result empty = cli().run("wallet", "list");
        assertThat(empty.exitCode()).isZero();
        assertThat(empty.err()).contains("no wallets").contains("wallet new");
        cli().run("wallet", "import", "k", "--seed-hex", KEY.seedHex(), FAST);
        cli().run("wallet", "new", "alice", FAST);
        CliRun.Result list = cli().run("wallet", "list");
        assertThat(list.out().lines()).hasSize(2);
        assertThat(list.out().lines().toList().get(0)).startsWith("alice");
        assertThat(list.out()).containsPattern("(?m)^k +" + KEY.address().text() + "$");
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        cli().run("wallet", "new", "alice", FAST);
        cli().run("wallet", "new", "bob", FAST);
        CliRun.Result r = cli().run("wallet", "show", "carol");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no wallet \"carol\"").contains("known wallets: alice, bob");
    }

    @Test
    void theWalletDirOptionWinsOverTheEnvironment() {
        Path other = dir.resolve("other");
        CliRun.Result r = cli().run("wallet", "new", "z", FAST, "--wallet-dir", other.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(other.resolve("z.json")).exists();
        assertThat(dir.resolve("wallets/z.json")).doesNotExist();
    }

    @Test
    void aWalletNameCannotEscapeTheFolder() {
        CliRun.Result r = cli().run("wallet", "new", "../evil", FAST);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("is not a wallet name");
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        CliRun.Result r = cli().run("--help");
        assertThat(r.out()).contains("wallet", "send", "stake", "unstake", "register-validator", "validators", "block",
                "tx", "Exit codes");
        CliRun.Result send = cli().run("send", "--help");
        assertThat(send.out()).contains("--from", "--to", "--amount", "--fee", "--node", "node unreachable");
    }
}
