package org.stakechain.consensus.lottery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.PublicKey;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.state.ChainState;
import org.stakechain.ledger.validators.Validator;
import org.stakechain.ledger.validators.ValidatorSet;

class ForgerLotteryTest {
    /** Chi-square critical value at p = 0.001 for 3 degrees of freedom (four validators). */
    private static final double CHI_SQUARE_3_DF_P001 = 16.266;
    private static final Hash FIXED_SEED = Hash.of("forger-lottery-test".getBytes(StandardCharsets.US_ASCII));

    private static ChainState demoChain() {
        return DemoGenesis.create(1_700_000_000_000L).initialState().chain();
    }

    @Test
    void eachValidatorIsDrawnInProportionToItsStakeOverAHundredThousandDraws() {
        ValidatorSet set = demoChain().validators();
        ForgerLottery lottery = ForgerLottery.of(set);
        assertThat(lottery.totalTickets()).isEqualTo(Coins.of(1_325));
        int draws = 100_000;
        Map<PublicKey, Integer> wins = new HashMap<>();
        for (int i = 0; i < draws; i++) {
            ForgerLottery.Draw d = lottery.draw(i + 1, 0, FIXED_SEED);
            wins.merge(d.forger().publicKey(), 1, Integer::sum);
        }
        double chiSquare = 0;
        for (Validator v : set.validators()) {
            double expected = draws * (double) v.stake() / set.totalStake();
            double observed = wins.getOrDefault(v.publicKey(), 0);
            chiSquare += (observed - expected) * (observed - expected) / expected;
        }
        assertThat(set.size()).isEqualTo(4);
        assertThat(chiSquare).as("chi-square over %s", wins).isLessThan(CHI_SQUARE_3_DF_P001);
    }

    @Test
    void nobodyOutsideTheValidatorSetIsEverDrawn() {
        ChainState chain = demoChain();
        PublicKey erick = DemoGenesis.key("erick").publicKey();
        assertThat(chain.validators().contains(erick)).as("erick has 90 < 100 and is no validator").isFalse();
        Set<PublicKey> drawn = new HashSet<>();
        for (int h = 1; h <= 20_000; h++) {
            drawn.add(ForgerLottery.forgerOf(chain, h, h % 3).forger().publicKey());
        }
        assertThat(drawn).doesNotContain(erick);
        assertThat(drawn).allMatch(k -> chain.validators().contains(k));
        assertThat(drawn).hasSize(4);
    }

    @Test
    void theSameSeedHeightAndRoundAlwaysDrawTheSameForgerAndTicket() {
        ChainState chain = demoChain();
        ForgerLottery.Draw a = ForgerLottery.forgerOf(chain, 7, 2);
        ForgerLottery.Draw b = ForgerLottery.forgerOf(demoChain(), 7, 2);
        assertThat(a).isEqualTo(b);
        assertThat(a.totalTickets()).isEqualTo(chain.validators().totalStake());
        assertThat(a.ticket()).isBetween(0L, a.totalTickets() - 1);
        assertThat(a.totalCoinTickets()).as("the notebook's 1325 tokens").isEqualTo(1_325);
        assertThat(a.coinTicket()).isBetween(0L, 1_324L);
    }

    @Test
    void theWinningTicketBelongsToTheDrawnValidatorInCanonicalOrder() {
        ValidatorSet set = demoChain().validators();
        ForgerLottery lottery = ForgerLottery.of(set);
        for (int h = 1; h <= 500; h++) {
            ForgerLottery.Draw d = lottery.draw(h, 0, FIXED_SEED);
            long before = 0;
            for (Validator v : set.validators()) {
                if (v.equals(d.forger())) {
                    break;
                }
                before += v.stake();
            }
            assertThat(d.ticket()).isGreaterThanOrEqualTo(before).isLessThan(before + d.forger().stake());
        }
    }

    @Test
    void aSingleValidatorSetAlwaysDrawsThatValidator() {
        Validator only = new Validator(DemoGenesis.key("edwin").publicKey(), Coins.of(500));
        ForgerLottery lottery = ForgerLottery.of(ValidatorSet.of(List.of(only)));
        for (int h = 1; h <= 1_000; h++) {
            assertThat(lottery.draw(h, h % 5, FIXED_SEED).forger()).isEqualTo(only);
        }
    }

    @Test
    void laterRoundsOfOneHeightDrawDifferently() {
        ChainState chain = demoChain();
        Set<Long> tickets = new HashSet<>();
        Set<PublicKey> forgers = new HashSet<>();
        for (int r = 0; r < 16; r++) {
            ForgerLottery.Draw d = ForgerLottery.forgerOf(chain, 1, r);
            tickets.add(d.ticket());
            forgers.add(d.forger().publicKey());
        }
        assertThat(tickets).hasSize(16);
        assertThat(forgers).hasSizeGreaterThan(1);
        assertThat(ForgerLottery.seedFor(chain.lotterySeed(), 1, 0))
                .isNotEqualTo(ForgerLottery.seedFor(chain.lotterySeed(), 1, 1));
    }

    @Test
    void ticketsAreUniformEvenWhenTheBoundDoesNotDivideTwoToTheSixtyThird() {
        // bound 3 * 2^61: with plain modulo, tickets below 2^61 would be drawn twice as often as the rest
        long bound = 3L << 61;
        long low = 0;
        int draws = 30_000;
        for (int i = 0; i < draws; i++) {
            long t = ForgerLottery.uniformTicket(Hash.of(FIXED_SEED.bytes(), new byte[] {(byte) i, (byte) (i >> 8)}), bound);
            assertThat(t).isBetween(0L, bound - 1);
            if (t < (1L << 61)) {
                low++;
            }
        }
        // a third expected in [0, 2^61); modulo bias would give a half
        assertThat((double) low / draws).isBetween(0.31, 0.356);
    }

    /**
     * Every node must draw the same forger: the seed and the ticket stream are pinned to the values the first
     * implementation gave (one new digest per draw; now the thread's digest), including a draw whose first four
     * words are all rejected, so that the stream's second block is read.
     */
    @Test
    void drawsAreBitIdenticalToTheGoldenValues() {
        Hash seed = Hash.of("stakechain/lottery-golden".getBytes(StandardCharsets.US_ASCII));
        assertThat(ForgerLottery.seedFor(seed, 42, 3))
                .isEqualTo(Hash.parse("232ba2dd7937aad72fba30ab1ebe30ddca6a8e8d26b8cee3a9977cc72cd76029"));
        assertThat(ForgerLottery.uniformTicket(seed, 1)).isEqualTo(0L);
        assertThat(ForgerLottery.uniformTicket(seed, 7)).isEqualTo(1L);
        assertThat(ForgerLottery.uniformTicket(seed, 350_000_000_000L)).isEqualTo(128_635_936_661L);
        assertThat(ForgerLottery.uniformTicket(seed, (1L << 62) + 1)).isEqualTo(3_364_342_228_635_936_661L);
        assertThat(ForgerLottery.uniformTicket(seed, Long.MAX_VALUE)).isEqualTo(3_364_342_228_635_936_661L);
        Hash rejectedFirstBlock = Hash.of("stakechain/lottery-golden-6".getBytes(StandardCharsets.US_ASCII));
        assertThat(ForgerLottery.uniformTicket(rejectedFirstBlock, (1L << 62) + 1)).isEqualTo(1_227_094_718_237_024_131L);
    }

    @Test
    void anEmptySetHasNoLottery() {
        assertThatThrownBy(() -> ForgerLottery.of(ValidatorSet.of(List.of()))).isInstanceOf(IllegalArgumentException.class);
    }
}
