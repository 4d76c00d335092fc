package org.stakechain.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of the wallet and node-facing commands; the same table is in every --help and docs/cli.md. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The node refused the request (a transaction rejected, a block or transaction not found, a timeout). */
    public static final int REJECTED = 1;
    /** The user's input is wrong: usage, an address, an amount, a wallet name, a password, a file. */
    public static final int USAGE = 2;
    /** No stakechain node answered at the URL. */
    public static final int UNREACHABLE = 3;

    static final Map<String, String> TABLE = table();

    private ExitCodes() {
    }

    private static Map<String, String> table() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("0", "ok");
        m.put("1", "rejected by the node, or not found (the message says why)");
        m.put("2", "usage or input error: options, address, amount, wallet name, password, file");
        m.put("3", "node unreachable: nothing (or no stakechain node) answers at --node URL");
        return m;
    }
}
