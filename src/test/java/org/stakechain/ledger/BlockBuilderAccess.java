package org.stakechain.ledger;

import java.util.List;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.BlockHeader;
import org.stakechain.testing.TestChain;

/** Builds blocks the honest builder refuses to: for tests of rejection. */
final class BlockBuilderAccess {
    private BlockBuilderAccess() {
    }

    static Block buildUnchecked(TestChain chain, KeyPair forger) {
        var pre = chain.state();
        long height = pre.chain().height() + 1;
        BlockHeader h = new BlockHeader(chain.params().chainId(), height, 0, pre.chain().lastBlockHash(),
                pre.chain().lastTimestampMillis() + 1, forger.publicKey(),
                forger.sign(StateTransition.beaconRevealPayload(chain.params().chainId(), height)),
                Block.txRootOf(List.of()), Hash.ZERO, Block.lastCommitHashOf(chain.lastCertificate()));
        return Block.of(h, List.of(), chain.lastCertificate());
    }
}
