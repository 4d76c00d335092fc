package org.stakechain.consensus;

/**
 * What the engine thinks of a message a peer sent, as Teku's gossip validation answers: the host relays
 * ACCEPTed messages, drops IGNOREd ones, and penalises the peer that sent a REJECTed one.
 */
public enum Verdict {
    /** Valid and new: counted, worth relaying. */
    ACCEPT,
    /** Harmless but useless: a duplicate, an old height, a round too far ahead. Neither relay nor penalise. */
    IGNORE,
    /** For a height this node has not reached: kept in a bounded buffer and judged when the height comes. */
    SAVE_FOR_FUTURE,
    /** Provably bad: a bad signature, a signer who is not a validator, a forger who was not drawn, an invalid block. */
    REJECT
}
