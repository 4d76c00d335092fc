package org.stakechain.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs the stakechain command line in-process with captured output, a chosen environment and scripted prompts. */
final class CliRun {
    final Map<String, String> env = new HashMap<>();
    final Deque<String> prompts = new ArrayDeque<>();
    final List<String> asked = new ArrayList<>();
    boolean terminal;

    /** The outcome of one command. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static CliRun in(Path walletDir) {
        CliRun run = new CliRun();
        run.env.put(CliEnvironment.WALLET_DIR_ENV, walletDir.toString());
        return run;
    }

    CliRun password(String password) {
        env.put(CliEnvironment.PASSWORD_ENV, password);
        return this;
    }

    /** A terminal that answers the next prompts with {@code answers}. */
    CliRun terminal(String... answers) {
        terminal = true;
        prompts.addAll(List.of(answers));
        return this;
    }

    Result run(String... args) {
        CliEnvironment.PasswordPrompt prompt = text -> {
            if (!terminal) {
                return null;
            }
            asked.add(text);
            String answer = prompts.poll();
            return answer == null ? null : answer.toCharArray();
        };
        CommandLine cl = StakechainCommand.commandLine(new CliEnvironment(Map.copyOf(env), prompt));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
