package org.stakechain.storage;

import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;

/** A final block with the certificate that made it final: what a syncing peer asks for. */
public record DecidedBlock(Block block, CommitCertificate certificate) {
}
