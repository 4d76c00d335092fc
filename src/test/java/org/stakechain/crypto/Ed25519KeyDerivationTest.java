package org.stakechain.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Ed25519KeyDerivationTest {

    @Test
    void bothPathsGiveRfc8032sPublicKeys() throws Exception {
        AccpKeyDerivation accp = AccpKeyDerivation.load();
        for (String[] v : AccpKeyDerivation.VECTORS) {
            assertThat(Ed25519KeyDerivation.jdkPublicKeyOf(Hex.decode(v[0])).hex()).isEqualTo(v[1]);
            assertThat(Ed25519KeyDerivation.publicKeyOf(Hex.decode(v[0])).hex()).isEqualTo(v[1]);
            if (accp != null) {
                assertThat(Hex.encode(accp.publicKeyOf(Hex.decode(v[0])))).isEqualTo(v[1]);
            }
        }
    }

    @Test
    void theFastPathIsOnWhereverAccpLoads() {
        // this build ships ACCP for linux-x86_64: if its engine loads, derivation must not silently be slow
        boolean accpLoads = Ed25519Engines.accp().engine() != null;
        assertThat(AccpKeyDerivation.load() != null).isEqualTo(accpLoads);
        assertThat(Ed25519KeyDerivation.fastPath()).isEqualTo(accpLoads);
    }

    @Test
    void accpAndSunEcAgreeOnRandomSeeds() throws Exception {
        AccpKeyDerivation accp = AccpKeyDerivation.load();
        TestRandom random = TestRandom.forTest("accpAndSunEcAgreeOnRandomSeeds");
        for (int i = 0; i < 300; i++) {
            byte[] seed = random.bytes(32);
            String jdk = Ed25519KeyDerivation.jdkPublicKeyOf(seed).hex();
            assertThat(Ed25519KeyDerivation.publicKeyOf(seed).hex()).as("%s seed %s", random, Hex.encode(seed))
                    .isEqualTo(jdk);
            if (accp != null) {
                assertThat(Hex.encode(accp.publicKeyOf(seed))).as("%s seed %s", random, Hex.encode(seed)).isEqualTo(jdk);
            }
        }
    }

    @Test
    void derivingOnEveryCoreGivesWhatOneThreadGives() {
        TestRandom random = TestRandom.forTest("derivingOnEveryCoreGivesWhatOneThreadGives");
        java.util.List<byte[]> seeds = java.util.stream.IntStream.range(0, 400).mapToObj(i -> random.bytes(32)).toList();
        java.util.List<String> parallel = seeds.parallelStream().map(s -> Ed25519KeyDerivation.publicKeyOf(s).hex()).toList();
        for (int i = 0; i < seeds.size(); i++) {
            assertThat(parallel.get(i)).as("%s", random).isEqualTo(Ed25519KeyDerivation.jdkPublicKeyOf(seeds.get(i)).hex());
        }
    }

    @Test
    void theRegistrationPropertyIsPutBack() {
        assertThat(AccpKeyDerivation.load() == null || System.getProperty(AccpKeyDerivation.REGISTER_PROPERTY) == null)
                .isTrue();
    }
}
