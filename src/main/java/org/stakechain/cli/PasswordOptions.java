package org.stakechain.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** Where a wallet's password comes from: --password-file, else $STAKECHAIN_PASSWORD, else a prompt without echo. */
final class PasswordOptions {
    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the wallet password from the first line of FILE (else $STAKECHAIN_PASSWORD, "
                    + "else a prompt).")
    Path passwordFile;

    /** The password and where it came from, for messages. */
    record Password(char[] chars, String source) {
    }

    /** Reads the password; {@code confirm} asks twice at a prompt (for a new wallet). */
    Password read(CliEnvironment environment, String purpose, boolean confirm) {
        if (passwordFile != null) {
            String text;
            try {
                text = Files.readString(passwordFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliException.usage("cannot read the password file " + passwordFile + ": " + e.getMessage());
            }
            String first = text.lines().findFirst().orElse("");
            return new Password(nonEmpty(first.toCharArray(), "the password file " + passwordFile), "--password-file "
                    + passwordFile);
        }
        String fromEnv = environment.get(CliEnvironment.PASSWORD_ENV);
        if (fromEnv != null) {
            return new Password(fromEnv.toCharArray(), "$" + CliEnvironment.PASSWORD_ENV);
        }
        char[] first = environment.prompt().read("Password for " + purpose + ": ");
        if (first == null) {
            throw CliException.usage("no password: there is no terminal to ask on; set " + CliEnvironment.PASSWORD_ENV
                    + " or pass --password-file FILE");
        }
        nonEmpty(first, "the password");
        if (confirm) {
            char[] again = environment.prompt().read("Repeat the password: ");
            if (again == null || !Arrays.equals(first, again)) {
                throw CliException.usage("the two passwords differ; nothing was written, run the command again");
            }
            Arrays.fill(again, '\0');
        }
        return new Password(first, "the prompt");
    }

    private static char[] nonEmpty(char[] password, String what) {
        if (password.length == 0) {
            throw CliException.usage(what + " is empty; a wallet needs a password");
        }
        return password;
    }
}
