package org.stakechain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SigningDomainTest {
    private static final String CHAIN = "stakechain-testnet";

    @Test
    void buildsTheGoldenPayloadBytes() {
        // "stakechain/v1" || 18 || "stakechain-testnet" || kind 1 || body 010203, computed independently
        assertThat(Hex.encode(SigningDomain.TRANSACTION.payload(CHAIN, new byte[] {1, 2, 3})))
                .isEqualTo("7374616b65636861696e2f7631" + "12" + "7374616b65636861696e2d746573746e6574" + "01" + "010203");
        assertThat(Hex.encode(SigningDomain.CONFIRM.payload(CHAIN, new byte[0])))
                .isEqualTo("7374616b65636861696e2f7631127374616b65636861696e2d746573746e657404");
    }

    @Test
    void givesEveryKindOfMessageItsOwnCode() {
        Set<Integer> codes = new HashSet<>();
        for (SigningDomain domain : SigningDomain.values()) {
            assertThat(codes.add(domain.code())).as(domain.name()).isTrue();
        }
        assertThat(SigningDomain.TRANSACTION.code()).isEqualTo(1);
        assertThat(SigningDomain.PEER_HANDSHAKE.code()).isEqualTo(6);
    }

    @Test
    void makesASignatureForOneChainOrKindUselessForAnother() {
        KeyPair keys = KeyPair.deterministic("domain");
        byte[] body = {9, 9, 9};
        Signature attest = keys.sign(SigningDomain.ATTEST, CHAIN, body);

        assertThat(Ed25519.verify(keys.publicKey(), SigningDomain.ATTEST.payload(CHAIN, body), attest)).isTrue();
        assertThat(Ed25519.verify(keys.publicKey(), SigningDomain.CONFIRM.payload(CHAIN, body), attest)).isFalse();
        assertThat(Ed25519.verify(keys.publicKey(), SigningDomain.ATTEST.payload("stakechain-mainnet", body), attest)).isFalse();
        assertThat(Ed25519.verify(keys.publicKey(), body, attest)).isFalse();
    }

    @Test
    void keepsChainIdAndBodyApartByTheLengthPrefix() {
        // without the length byte, chain "ab" + body "c" and chain "a" + body "bc" could collide
        byte[] one = SigningDomain.TRANSACTION.payload("ab", new byte[] {'c'});
        byte[] two = SigningDomain.TRANSACTION.payload("a", new byte[] {'b', 'c'});
        assertThat(Arrays.equals(one, two)).isFalse();
    }

    @Test
    void rejectsAChainIdLongerThan255Bytes() {
        assertThatThrownBy(() -> SigningDomain.TRANSACTION.payload("x".repeat(256), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("chain id longer than 255 bytes");
    }

    @Test
    void aPayloadOfARangeIsThePayloadOfThoseBytes() {
        byte[] source = {9, 1, 2, 3, 4, 9, 9};
        assertThat(SigningDomain.TRANSACTION.payload("chain", source, 1, 4))
                .isEqualTo(SigningDomain.TRANSACTION.payload("chain", new byte[] {1, 2, 3, 4}));
        assertThatThrownBy(() -> SigningDomain.TRANSACTION.payload("chain", source, 5, 4))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
