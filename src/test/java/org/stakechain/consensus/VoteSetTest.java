package org.stakechain.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.validators.Validator;
import org.stakechain.ledger.validators.ValidatorSet;

class VoteSetTest {
    private static final ChainParams PARAMS = ChainParams.defaults("voteset-test");

    /**
     * Simulator seed 3 (branch simulator): a double voter showed one honest validator a vote for a phantom block
     * and the others a vote for the proposal. Two honest validators locked on the proposal with a quorum that
     * included the double voter's vote; the third never counted it, so it never accepted their proof of lock
     * and the height never ended.
     */
    @Test
    void anEquivocatorsSecondVoteStillCountsForTheBlockItNames() {
        KeyPair byzantine = KeyPair.deterministic("voteset/byzantine");
        KeyPair a = KeyPair.deterministic("voteset/a");
        KeyPair b = KeyPair.deterministic("voteset/b");
        KeyPair c = KeyPair.deterministic("voteset/c");
        ValidatorSet validators = ValidatorSet.of(List.of(new Validator(byzantine.publicKey(), 100),
                new Validator(a.publicKey(), 314), new Validator(b.publicKey(), 214), new Validator(c.publicKey(), 203)));
        VoteSet set = new VoteSet(VoteKind.ATTEST, 8, 0, new Quorum(PARAMS, validators));
        Optional<Hash> block = Optional.of(Hash.of("block".getBytes()));
        Optional<Hash> phantom = Optional.of(Hash.of("phantom".getBytes()));

        set.add(vote(byzantine, phantom));
        set.add(vote(a, block));
        set.add(vote(b, block));
        VoteSet.Added second = set.add(vote(byzantine, block));

        assertThat(second).isInstanceOf(VoteSet.Conflict.class);
        assertThat(set.stakeFor(block)).isEqualTo(628);
        assertThat(set.hasQuorumFor(block)).isTrue();
        assertThat(set.votesFor(block)).hasSize(3);
        assertThat(set.totalVoted()).isEqualTo(628);
        assertThat(set.add(vote(byzantine, block))).isInstanceOf(VoteSet.Conflict.class);
        assertThat(set.stakeFor(block)).isEqualTo(628);
    }

    private static Vote vote(KeyPair key, Optional<Hash> choice) {
        return Vote.sign(VoteKind.ATTEST, PARAMS.chainId(), 8, 0, choice, key);
    }
}
