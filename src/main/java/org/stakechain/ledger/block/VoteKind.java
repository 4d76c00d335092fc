package org.stakechain.ledger.block;

import org.stakechain.crypto.SigningDomain;

/** The two votes of a round, in the seeds' words: attest (Tendermint's prevote) and confirm (precommit). */
public enum VoteKind {
    ATTEST(1, SigningDomain.ATTEST),
    CONFIRM(2, SigningDomain.CONFIRM);

    private final int code;
    private final SigningDomain domain;

    VoteKind(int code, SigningDomain domain) {
        this.code = code;
        this.domain = domain;
    }

    public int code() {
        return code;
    }

    public SigningDomain domain() {
        return domain;
    }

    public static VoteKind fromCode(int code) {
        for (VoteKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new org.stakechain.codec.CodecException("unknown vote kind " + code);
    }
}
