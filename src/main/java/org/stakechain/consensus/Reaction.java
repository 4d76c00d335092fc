package org.stakechain.consensus;

import java.util.List;

/** The engine's answer to one peer message: its {@link Verdict} on the message and the actions it asks for. */
public record Reaction(Verdict verdict, List<Action> actions) {
    public Reaction {
        actions = List.copyOf(actions);
    }
}
