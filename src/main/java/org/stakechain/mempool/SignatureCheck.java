package org.stakechain.mempool;

import org.stakechain.ledger.tx.Transaction;

/** The one expensive admission check, behind a seam so tests can count calls and benchmarks can omit it. */
@FunctionalInterface
public interface SignatureCheck {

    SignatureCheck ED25519 = Transaction::verifySignature;

    boolean verify(Transaction tx);
}
