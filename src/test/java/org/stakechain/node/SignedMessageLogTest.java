package org.stakechain.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stakechain.consensus.ConsensusMessage;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;

class SignedMessageLogTest {
    static final KeyPair KEY = KeyPair.deterministic("signed-log-test");

    @TempDir
    Path dir;

    static ConsensusMessage vote(VoteKind kind, long height, int round) {
        return new ConsensusMessage.VoteMessage(Vote.sign(kind, "log-test", height, round,
                Optional.of(Hash.of(new byte[] {(byte) height})), KEY));
    }

    @Test
    void whatWasSignedAtTheNewestHeightSurvivesAReopen() {
        SignedMessageLog log = SignedMessageLog.open(dir);
        log.record(vote(VoteKind.ATTEST, 5, 0));
        log.record(vote(VoteKind.ATTEST, 6, 0));
        log.record(vote(VoteKind.CONFIRM, 6, 0));
        SignedMessageLog reopened = SignedMessageLog.open(dir);
        assertThat(reopened.signedAt(6)).containsExactly(vote(VoteKind.ATTEST, 6, 0), vote(VoteKind.CONFIRM, 6, 0));
        assertThat(reopened.signedAt(5)).isEmpty();
    }

    @Test
    void aShorterLogOverwritesALongerOneCompletely() throws Exception {
        SignedMessageLog log = SignedMessageLog.open(dir);
        for (int round = 0; round < 5; round++) {
            log.record(vote(VoteKind.ATTEST, 8, round));
        }
        long longer = Files.size(dir.resolve(SignedMessageLog.FILE));
        log.record(vote(VoteKind.ATTEST, 9, 0));
        assertThat(Files.size(dir.resolve(SignedMessageLog.FILE))).isLessThan(longer);
        assertThat(SignedMessageLog.open(dir).signedAt(9)).containsExactly(vote(VoteKind.ATTEST, 9, 0));
    }

    @Test
    void aStaleTailLeftByAKillBetweenWriteAndTruncateIsIgnored() throws Exception {
        SignedMessageLog log = SignedMessageLog.open(dir);
        log.record(vote(VoteKind.CONFIRM, 4, 1));
        Path file = dir.resolve(SignedMessageLog.FILE);
        Files.write(file, new byte[] {7, 7, 7, 7, 7}, java.nio.file.StandardOpenOption.APPEND);
        assertThat(SignedMessageLog.open(dir).signedAt(4)).containsExactly(vote(VoteKind.CONFIRM, 4, 1));
    }

    @Test
    void theFileKeptOpenIsRewrittenFromTheStartAndARecordAfterCloseOpensItAgain() {
        SignedMessageLog log = SignedMessageLog.open(dir);
        log.record(vote(VoteKind.ATTEST, 3, 0));
        log.record(vote(VoteKind.CONFIRM, 3, 0));
        log.close();
        log.record(vote(VoteKind.ATTEST, 4, 0));
        log.record(vote(VoteKind.CONFIRM, 4, 0));
        assertThat(SignedMessageLog.open(dir).signedAt(4))
                .containsExactly(vote(VoteKind.ATTEST, 4, 0), vote(VoteKind.CONFIRM, 4, 0));
        log.close();
        log.close(); // twice is harmless (the node stopping after a failed write)
    }

    @Test
    void aDamagedFileIsDroppedNotFatal() throws Exception {
        Files.write(dir.resolve(SignedMessageLog.FILE), new byte[] {0, 0, 0, 3, 1, 2});
        assertThat(SignedMessageLog.open(dir).signedAt(1)).isEmpty();
    }
}
