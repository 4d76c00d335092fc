package org.stakechain.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.validators.Validator;
import org.stakechain.ledger.validators.ValidatorSet;

/**
 * Checking a CommitCertificate signed by every validator of an equal-stake set: one verify per confirmation plus
 * the quorum rule. Every block costs this twice on a syncing node (its own certificate, and the previous one it
 * carries). Run: {@code scripts/jmh.sh CertificateBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CertificateBenchmark {

    @Param({"4", "21"})
    int validators;

    ChainParams params;
    ValidatorSet set;
    CommitCertificate certificate;

    @Setup(Level.Trial)
    public void setUp() {
        params = ChainParams.defaults("bench");
        Hash block = Hash.of(new byte[] {1, 2, 3});
        List<Validator> members = new ArrayList<>();
        List<Vote> confirms = new ArrayList<>();
        for (int i = 0; i < validators; i++) {
            KeyPair k = KeyPair.deterministic("bench/certificate/" + i);
            members.add(new Validator(k.publicKey(), Coins.of(100)));
            confirms.add(Vote.sign(VoteKind.CONFIRM, params.chainId(), 7, 0, Optional.of(block), k));
        }
        set = ValidatorSet.of(members);
        certificate = CommitCertificate.fromVotes(7, 0, block, confirms);
        if (!(certificate.verify(params, set) instanceof CommitCertificate.Valid)) {
            throw new IllegalStateException("the benchmark's certificate does not verify");
        }
    }

    @Benchmark
    public CommitCertificate.Check verify() {
        return certificate.verify(params, set);
    }
}
