package org.stakechain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CoinsTest {

    @Test
    void parsesWholeAndFractionalCoins() {
        assertThat(Coins.parse("350")).isEqualTo(350_000_000L);
        assertThat(Coins.parse(" 12.5 ")).isEqualTo(12_500_000L);
        assertThat(Coins.parse("0.000001")).isEqualTo(1L);
        assertThat(Coins.parse("1.500000")).isEqualTo(1_500_000L);
        assertThat(Coins.parse("1e3")).isEqualTo(1_000_000_000L);
        assertThat(Coins.parse("9223372036854.775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Coins.format(12_500_000L)).isEqualTo("12.5");
    }

    @Test
    void refusesWhatIsNoAmount() {
        assertThatThrownBy(() -> Coins.parse("-1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Coins.parse("0.0000001")).hasMessageContaining("decimals");
        assertThatThrownBy(() -> Coins.parse("9223372036854.775808")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Coins.parse("12 coins")).hasMessageContaining("not an amount");
        assertThatThrownBy(() -> Coins.parse("1".repeat(65))).hasMessageContaining("65 characters");
    }

    /**
     * Found by TextFormatFuzzTest's generated corpus: "1e999999999" is a valid BigDecimal, and converting it to a
     * long computed all of its billion digits first (minutes of CPU for one genesis field or one API request).
     * The bound only turns a hang into a failure; the refusal itself takes microseconds.
     */
    @Test
    void hugeExponentsAreRefusedWithoutComputingTheirValue() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (String text : new String[] {"1e999999999", "1E+999999999", "123456789e99999999", "0.5e999999998"}) {
                assertThatThrownBy(() -> Coins.parse(text)).as(text).hasMessageContaining("too large");
            }
            assertThatThrownBy(() -> Coins.parse("1e-999999999")).hasMessageContaining("decimals");
            assertThat(Coins.parse("0e-999999999")).isZero();
        });
    }
}
