package org.stakechain.consensus.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.block.VoteKind;

class InMemorySlashingProtectionTest {
    private static final Hash A = Hash.of(new byte[] {1});
    private static final Hash B = Hash.of(new byte[] {2});

    @Test
    void refusesToSignAConflictingVoteForTheSameHeightAndRound() {
        SlashingProtection p = new InMemorySlashingProtection();
        assertThat(p.mayVoteAndRecord(VoteKind.ATTEST, 5, 0, Optional.of(A))).isTrue();
        assertThat(p.mayVoteAndRecord(VoteKind.ATTEST, 5, 0, Optional.of(B))).isFalse();
        assertThat(p.mayVoteAndRecord(VoteKind.ATTEST, 5, 0, Optional.empty())).isFalse();
    }

    @Test
    void allowsSigningTheSameVoteAgain() {
        SlashingProtection p = new InMemorySlashingProtection();
        assertThat(p.mayVoteAndRecord(VoteKind.CONFIRM, 5, 1, Optional.empty())).isTrue();
        assertThat(p.mayVoteAndRecord(VoteKind.CONFIRM, 5, 1, Optional.empty())).isTrue();
    }

    @Test
    void refusesAnythingBelowTheHighWaterMarkAndAllowsWhatIsAbove() {
        SlashingProtection p = new InMemorySlashingProtection();
        assertThat(p.mayVoteAndRecord(VoteKind.ATTEST, 5, 2, Optional.of(A))).isTrue();
        assertThat(p.mayVoteAndRecord(VoteKind.ATTEST, 5, 1, Optional.of(A))).isFalse();
        assertThat(p.mayVoteAndRecord(VoteKind.ATTEST, 4, 9, Optional.of(A))).isFalse();
        assertThat(p.mayVoteAndRecord(VoteKind.ATTEST, 5, 3, Optional.of(B))).isTrue();
        assertThat(p.mayVoteAndRecord(VoteKind.ATTEST, 6, 0, Optional.of(A))).isTrue();
        assertThat(p.lastSigned(SignedKind.ATTEST)).contains(
                new SigningMark(SignedKind.ATTEST, 6, 0, SigningMark.voteContent(Optional.of(A))));
    }

    @Test
    void keepsOneMarkPerKind() {
        SlashingProtection p = new InMemorySlashingProtection();
        assertThat(p.mayVoteAndRecord(VoteKind.ATTEST, 5, 0, Optional.of(A))).isTrue();
        assertThat(p.mayVoteAndRecord(VoteKind.CONFIRM, 5, 0, Optional.empty())).isTrue();
        assertThat(p.mayProposeAndRecord(5, 0, A, -1)).isTrue();
        assertThat(p.mayProposeAndRecord(5, 0, B, -1)).isFalse();
        assertThat(p.mayProposeAndRecord(5, 0, A, -1)).isTrue();
        assertThat(p.mayProposeAndRecord(5, 1, A, 0)).isTrue();
    }

    @Test
    void aRestartFromSavedMarksStillRefusesConflictingMessages() {
        SlashingProtection before = new InMemorySlashingProtection();
        before.mayVoteAndRecord(VoteKind.ATTEST, 9, 3, Optional.of(A));
        before.mayProposeAndRecord(9, 2, B, -1);
        List<SigningMark> saved = new ArrayList<>();
        for (SignedKind k : SignedKind.values()) {
            before.lastSigned(k).ifPresent(saved::add);
        }
        SlashingProtection after = InMemorySlashingProtection.restoredFrom(saved);
        assertThat(after.mayVoteAndRecord(VoteKind.ATTEST, 9, 3, Optional.empty())).isFalse();
        assertThat(after.mayVoteAndRecord(VoteKind.ATTEST, 9, 3, Optional.of(A))).isTrue();
        assertThat(after.mayProposeAndRecord(9, 2, A, -1)).isFalse();
        assertThat(after.mayVoteAndRecord(VoteKind.CONFIRM, 1, 0, Optional.empty())).isTrue();
    }
}
