package org.stakechain.cli;

import java.io.Console;
import java.util.Map;

/**
 * What the commands read from outside their arguments: environment variables and a terminal to ask a password
 * on. Injected so tests run every path without a real terminal or a process environment.
 */
public record CliEnvironment(Map<String, String> env, CliEnvironment.PasswordPrompt prompt) {
    public static final String NODE_ENV = "STAKECHAIN_NODE";
    public static final String PASSWORD_ENV = "STAKECHAIN_PASSWORD";
    public static final String WALLET_DIR_ENV = "STAKECHAIN_WALLET_DIR";

    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), PasswordPrompt.console());
    }

    public String get(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** Asks for a secret without echo; returns {@code null} when there is no terminal to ask on. */
    public interface PasswordPrompt {
        char[] read(String prompt);

        static PasswordPrompt console() {
            return prompt -> {
                Console console = System.console();
                return console == null ? null : console.readPassword("%s", prompt);
            };
        }

        static PasswordPrompt none() {
            return prompt -> null;
        }
    }
}
