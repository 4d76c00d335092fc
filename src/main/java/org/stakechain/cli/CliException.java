package org.stakechain.cli;

/** An error a person can act on: its message says what went wrong and how to fix it; it carries the exit code. */
public final class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }

    public static CliException rejected(String message) {
        return new CliException(ExitCodes.REJECTED, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
