package org.stakechain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.keystore.Keystore;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Wallets: encrypted keystores in a folder, one NAME.json per key. Keys never leave this machine. */
@Command(name = "wallet", mixinStandardHelpOptions = true,
        description = {"Keys in encrypted keystore files (AES-256-GCM under PBKDF2), one NAME.json per wallet in "
                + "--wallet-dir (else $STAKECHAIN_WALLET_DIR, else ~/.stakechain/wallets).",
                "Passwords come from --password-file, else $STAKECHAIN_PASSWORD, else a prompt without echo."},
        subcommands = {WalletCommand.New.class, WalletCommand.Import.class, WalletCommand.ListWallets.class,
                WalletCommand.Show.class, WalletCommand.Balance.class})
final class WalletCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options of commands that write a keystore. */
    abstract static class Writing extends CliCommand {
        @Mixin
        WalletOptions wallets;

        @Mixin
        PasswordOptions password;

        @Option(names = "--kdf-iterations", defaultValue = "" + Keystore.DEFAULT_ITERATIONS, hidden = true,
                description = "PBKDF2 iterations (tests lower it to run fast).")
        int kdfIterations;

        int write(String name, KeyPair keys, String verb) {
            WalletStore store = wallets.store(environment());
            store.checkNew(name, keys); // before asking a password for nothing
            PasswordOptions.Password pw = password.read(environment(), "new wallet \"" + name + "\"", true);
            Path file = store.create(name, keys, pw.chars(), kdfIterations);
            java.util.Arrays.fill(pw.chars(), '\0');
            out().println(verb + " wallet " + name);
            out().println("address    " + keys.address().text());
            out().println("public key " + keys.publicKey().hex());
            out().println("file       " + file);
            return ExitCodes.OK;
        }
    }

    @Command(name = "new", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Create a wallet with a fresh random key; asks for its password twice.")
    static final class New extends Writing {
        @Parameters(paramLabel = "NAME", description = "The wallet's name (letters, digits, '.', '_', '-').")
        String name;

        @Override
        public Integer call() {
            return write(name, KeyPair.generate(new SecureRandom()), "created");
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Import a key made elsewhere into an encrypted wallet.",
                    "A PEM from OpenSSL: openssl genpkey -algorithm ed25519 -out key.pem",
                    "The 32-byte seed in hex: openssl pkey -in key.pem -text -noout (the \"priv\" bytes)."})
    static final class Import extends Writing {
        @Parameters(paramLabel = "NAME", description = "The wallet's name.")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        static final class Source {
            @Option(names = "--seed-hex", paramLabel = "HEX", description = "The Ed25519 seed, 64 hex digits.")
            String seedHex;

            @Option(names = "--pem", paramLabel = "FILE", description = "A PKCS#8 PEM private key file (OpenSSL's).")
            Path pem;
        }

        @Override
        public Integer call() {
            KeyPair keys;
            try {
                if (source.seedHex != null) {
                    keys = KeyPair.parseSeedHex(source.seedHex.trim());
                } else {
                    String text;
                    try {
                        text = Files.readString(source.pem, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw CliException.usage("cannot read the PEM file " + source.pem + ": " + e.getMessage());
                    }
                    keys = KeyPair.parsePem(text);
                }
            } catch (IllegalArgumentException e) {
                throw CliException.usage("cannot import the key: " + e.getMessage());
            }
            return write(name, keys, "imported");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The wallets in the folder and their addresses.")
    static final class ListWallets extends CliCommand {
        @Mixin
        WalletOptions wallets;

        @Override
        public Integer call() {
            WalletStore store = wallets.store(environment());
            List<String> names = store.names();
            if (names.isEmpty()) {
                err().println("no wallets in " + store.dir() + "; create one with ./stakechain wallet new NAME");
                return ExitCodes.OK;
            }
            int width = names.stream().mapToInt(String::length).max().orElse(4);
            for (String name : names) {
                out().printf("%-" + width + "s  %s%n", name, store.addressOf(name));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "A wallet's address and public key (hex); needs no password.")
    static final class Show extends CliCommand {
        @Mixin
        WalletOptions wallets;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            WalletStore store = wallets.store(environment());
            JsonNode keystore;
            try {
                keystore = PRETTY.readTree(store.read(name));
            } catch (IOException e) {
                throw CliException.usage("wallet file " + store.file(name) + " is damaged: not JSON");
            }
            out().println("name       " + name);
            out().println("address    " + keystore.path("address").asText());
            out().println("public key " + keystore.path("publicKey").asText());
            out().println("file       " + store.file(name));
            return ExitCodes.OK;
        }
    }

    @Command(name = "balance", mixinStandardHelpOptions = true,
            description = "Ask the node for a wallet's (or any address's) balance, stake, unbonding and nonce.")
    static final class Balance extends CliCommand {
        @Mixin
        WalletOptions wallets;

        @Mixin
        NodeOptions node;

        @Parameters(paramLabel = "NAME|ADDRESS", description = "A wallet name, or any address.")
        String who;

        @Option(names = "--json", description = "Print the node's JSON answer.")
        boolean json;

        @Override
        public Integer call() {
            WalletStore store = wallets.store(environment());
            String address;
            if (WalletStore.NAME.matcher(who).matches() && Files.isRegularFile(store.file(who))) {
                address = store.addressOf(who);
            } else if (who.startsWith(Address.PREFIX) && who.length() == Address.TEXT_LENGTH) {
                address = CliInput.address(who, "address").text();
            } else {
                store.read(who); // says the name is unknown and lists the known ones
                return ExitCodes.USAGE;
            }
            JsonNode a = node.client(environment()).account(address);
            if (json) {
                printJson(a);
                return ExitCodes.OK;
            }
            out().println("address   " + a.path("address").asText());
            out().println("balance   " + a.path("balance").asText() + " coins");
            out().println("staked    " + a.path("staked").asText() + " coins");
            for (JsonNode u : a.path("unbonding")) {
                out().println("unbonding " + u.path("amount").asText() + " coins, released at height "
                        + u.path("releaseHeight").asLong());
            }
            out().println("nonce     " + a.path("nonce").asLong());
            if (a.path("validator").asBoolean()) {
                out().println("validator yes" + (a.path("jailed").asBoolean() ? ", jailed" : "")
                        + (a.path("slashedUnits").asLong() > 0 ? ", slashed " + a.path("slashed").asText() + " coins" : ""));
            }
            out().println("at height " + a.path("height").asLong());
            return ExitCodes.OK;
        }
    }
}
