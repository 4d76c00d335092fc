package org.stakechain.mempool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stakechain.mempool.PoolFixture.FEE;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.Signature;
import org.stakechain.ledger.tx.Transaction;

/**
 * Transactions refused for room are kept, bounded, for rebuilding compact proposals ({@link Mempool#lookup}),
 * whether or not their signatures were checked (a full pool answers before it checks); they are never pooled,
 * offered to a forger or counted as verified.
 */
class RefusedTransactionsTest {
    private final PoolFixture chain = new PoolFixture(6, 100);

    private Mempool fullPoolOfTwo(MempoolConfig config) {
        Mempool pool = PoolFixture.pool(config.withCapacity(2, Long.MAX_VALUE), SignatureCheck.ED25519);
        List<Admission> first = pool.addAll(List.of(PoolFixture.transfer(chain.key(0), 0, FEE),
                PoolFixture.transfer(chain.key(1), 0, FEE)), chain.state, SignatureVerifiers.inline());
        assertThat(first).allMatch(Admission::isAccepted);
        return pool;
    }

    @Test
    void aVerifiedTransactionRefusedForRoomIsFoundByLookupButNotPooled() {
        Mempool pool = fullPoolOfTwo(MempoolConfig.defaults());
        Transaction third = PoolFixture.transfer(chain.key(2), 0, FEE);

        List<Admission> answer = pool.addAll(List.of(third), chain.state, SignatureVerifiers.inline());

        assertThat(answer.get(0)).isInstanceOf(Admission.PoolFull.class);
        assertThat(pool.lookup(List.of(third.hash()))).containsExactly(third);
        assertThat(pool.refusedKept()).isEqualTo(1);
        assertThat(pool.size()).isEqualTo(2);
        assertThat(pool.contains(third.hash())).isFalse();
        assertThat(pool.get(third.hash())).isEmpty();
        assertThat(pool.candidates(chain.state, 10, Long.MAX_VALUE)).doesNotContain(third);
    }

    @Test
    void aFullPoolRefusesForRoomBeforeItChecksASignatureAndKeepsWhatItRefused() {
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        SignatureCheck counting = tx -> {
            checks.incrementAndGet();
            return tx.verifySignature();
        };
        Mempool pool = PoolFixture.pool(MempoolConfig.defaults().withCapacity(2, Long.MAX_VALUE), counting);
        assertThat(pool.addAll(List.of(PoolFixture.transfer(chain.key(0), 0, FEE),
                PoolFixture.transfer(chain.key(1), 0, FEE)), chain.state, SignatureVerifiers.inline()))
                .allMatch(Admission::isAccepted);
        assertThat(checks.get()).isEqualTo(2);
        Transaction good = PoolFixture.transfer(chain.key(3), 0, FEE);
        Transaction forged = Transaction.of(good.chainId(), good.sender(), good.nonce(), good.fee(), good.payload(),
                Signature.wrap(new byte[64]));
        Transaction other = PoolFixture.transfer(chain.key(2), 0, FEE);
        Transaction single = PoolFixture.transfer(chain.key(4), 0, FEE);

        // the batch path asks the pool's rules first while the pool is full, as the single path always did
        assertThat(pool.addAll(List.of(forged, other), chain.state, SignatureVerifiers.inline()))
                .allMatch(a -> a instanceof Admission.PoolFull);
        assertThat(pool.add(single, chain.state)).isInstanceOf(Admission.PoolFull.class);
        assertThat(checks.get()).as("no signature checked for a newcomer refused for room").isEqualTo(2);

        // kept for rebuilding compact proposals, checked or not (a proposal naming them has them verified then)
        assertThat(pool.lookup(List.of(forged.hash(), other.hash(), single.hash())))
                .containsExactly(forged, other, single);
        assertThat(pool.refusedKept()).isEqualTo(3);
        assertThat(pool.isVerified(other.hash())).isFalse();
        assertThat(pool.candidates(chain.state, 10, Long.MAX_VALUE)).doesNotContain(forged, other, single);
    }

    @Test
    void theOldestAreForgottenFirstAndZeroKeepsNone() {
        Mempool pool = fullPoolOfTwo(MempoolConfig.defaults().withRefusedCacheSize(2));
        List<Transaction> refused = List.of(PoolFixture.transfer(chain.key(2), 0, FEE),
                PoolFixture.transfer(chain.key(3), 0, FEE), PoolFixture.transfer(chain.key(4), 0, FEE));
        for (Transaction tx : refused) {
            assertThat(pool.addAll(List.of(tx), chain.state, SignatureVerifiers.inline()).get(0))
                    .isInstanceOf(Admission.PoolFull.class);
        }
        List<Hash> ids = refused.stream().map(Transaction::hash).toList();
        assertThat(pool.lookup(ids)).containsExactly(null, refused.get(1), refused.get(2));
        assertThat(pool.refusedKept()).isEqualTo(2);

        Mempool none = fullPoolOfTwo(MempoolConfig.defaults().withRefusedCacheSize(0));
        assertThat(none.addAll(List.of(refused.get(0)), chain.state, SignatureVerifiers.inline()).get(0))
                .isInstanceOf(Admission.PoolFull.class);
        assertThat(none.lookup(List.of(ids.get(0)))).containsExactly((Transaction) null);
        assertThat(none.refusedKept()).isZero();
    }
}
