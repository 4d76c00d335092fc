package org.stakechain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys in and out as text, interoperable with OpenSSL. */
class KeyFormatsTest {
    private static final Map<String, String> OPENSSL = Vectors.opensslInterop();
    /** RFC 8032 TEST 1's seed, as {@code openssl pkey -inform DER} writes its PKCS#8 and public key. */
    private static final String TEST1_PRIVATE_PEM = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
            -----END PRIVATE KEY-----
            """;
    private static final String TEST1_PUBLIC_PEM = """
            -----BEGIN PUBLIC KEY-----
            MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
            -----END PUBLIC KEY-----
            """;
    private static final KeyPair TEST1 = KeyPair.parseSeedHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

    @Test
    void importsAPrivateKeyMadeByOpensslGenpkey() {
        KeyPair keys = KeyPair.parsePem(Vectors.text(OPENSSL.get("private_key_pem")));
        assertThat(keys.publicKey().hex()).isEqualTo(OPENSSL.get("public_key"));
        assertThat(keys.seedHex()).isEqualTo(OPENSSL.get("seed"));
    }

    @Test
    void importsAPublicKeyMadeByOpenssl() {
        PublicKey key = PublicKey.parsePem(Vectors.text(OPENSSL.get("public_key_pem")));
        assertThat(key.hex()).isEqualTo(OPENSSL.get("public_key"));
    }

    @Test
    void exportsKeysByteForByteAsOpensslDoes() {
        assertThat(TEST1.privateKeyPem()).isEqualTo(TEST1_PRIVATE_PEM);
        assertThat(TEST1.publicKey().pem()).isEqualTo(TEST1_PUBLIC_PEM);
        assertThat(KeyPair.parsePem(Vectors.text(OPENSSL.get("private_key_pem"))).privateKeyPem())
                .isEqualTo(Vectors.text(OPENSSL.get("private_key_pem")));
        assertThat(PublicKey.parsePem(Vectors.text(OPENSSL.get("public_key_pem"))).pem())
                .isEqualTo(Vectors.text(OPENSSL.get("public_key_pem")));
    }

    @Test
    void roundTripsRandomKeysThroughEveryFormat() {
        TestRandom random = TestRandom.forTest("roundTripsRandomKeysThroughEveryFormat");
        for (int i = 0; i < 10; i++) {
            KeyPair keys = random.keyPair();
            assertThat(KeyPair.parsePem(keys.privateKeyPem())).as("%s", random).isEqualTo(keys);
            assertThat(KeyPair.parsePem(keys.privateKeyPem()).publicKey()).isEqualTo(keys.publicKey());
            assertThat(PublicKey.parsePem(keys.publicKey().pem())).isEqualTo(keys.publicKey());
            assertThat(KeyPair.parseSeedHex(keys.seedHex())).isEqualTo(keys);
        }
    }

    @Test
    void readsPemWithExplanatoryTextWindowsLineEndsAndFoldedLines() {
        String messy = "key for validator 1\r\n" + TEST1_PRIVATE_PEM.replace("\n", "\r\n").replace("BCIEIJ1h", "BCIEIJ1h\r\n  ") + "trailing words\n";
        assertThat(KeyPair.parsePem(messy)).isEqualTo(TEST1);
    }

    @Test
    void readsPkcs8Version2WithTheMatchingPublicKeyInside() {
        String v2 = "3051020101300506032b657004220420" + TEST1.seedHex() + "812100" + TEST1.publicKey().hex();
        assertThat(KeyPair.parsePem(pem("PRIVATE KEY", v2))).isEqualTo(TEST1);
    }

    @Test
    void rejectsPkcs8Version2WhosePublicKeyIsNotTheSeeds() {
        String v2 = "3051020101300506032b657004220420" + TEST1.seedHex() + "812100" + KeyPair.deterministic("other").publicKey().hex();
        assertThatThrownBy(() -> KeyPair.parsePem(pem("PRIVATE KEY", v2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not the one its seed derives");
    }

    @Test
    void rejectsEmptyTextAndTextWithoutPem() {
        assertRejected(() -> KeyPair.parsePem(""), "the text is empty");
        assertRejected(() -> KeyPair.parsePem("9d61b19deffd5a60ba844af492ec2cc4"), "no '-----BEGIN PRIVATE KEY-----' line");
    }

    @Test
    void rejectsAPublicKeyWhereAPrivateKeyBelongsAndTheOtherWayRound() {
        assertRejected(() -> KeyPair.parsePem(TEST1_PUBLIC_PEM), "this is a public key; a private key");
        assertRejected(() -> PublicKey.parsePem(TEST1_PRIVATE_PEM), "this is a private key");
    }

    @Test
    void rejectsEncryptedAndOpensshKeysSayingWhatToDo() {
        assertRejected(() -> KeyPair.parsePem(pem("ENCRYPTED PRIVATE KEY", "3000")), "openssl pkey -in encrypted.pem");
        assertRejected(() -> KeyPair.parsePem(pem("OPENSSH PRIVATE KEY", "3000")), "OpenSSH private key");
        assertRejected(() -> KeyPair.parsePem("-----BEGIN PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END PRIVATE KEY-----\n"),
                "legacy encrypted key");
    }

    @Test
    void rejectsPemThatIsCutShortOrNotBase64() {
        assertRejected(() -> KeyPair.parsePem(TEST1_PRIVATE_PEM.substring(0, 60)), "cut short");
        assertRejected(() -> KeyPair.parsePem("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n"), "is empty between");
        assertRejected(() -> KeyPair.parsePem("-----BEGIN PRIVATE KEY-----\nMC4C*QAw\n-----END PRIVATE KEY-----\n"), "not valid base64");
    }

    @Test
    void rejectsDamagedDer() {
        String good = "302e020100300506032b657004220420" + TEST1.seedHex();
        assertRejected(() -> KeyPair.parsePem(pem("PRIVATE KEY", good.substring(0, good.length() - 2))), "claims 46 bytes");
        assertRejected(() -> KeyPair.parsePem(pem("PRIVATE KEY", good + "00")), "unexpected bytes after the PrivateKeyInfo");
        assertRejected(() -> KeyPair.parsePem(pem("PRIVATE KEY", "302d020100300506032b657004210420" + TEST1.seedHex().substring(2))),
                "claims 32 bytes");
        assertRejected(() -> KeyPair.parsePem(pem("PRIVATE KEY", "302e020102300506032b657004220420" + TEST1.seedHex())), "version 2");
        assertRejected(() -> KeyPair.parsePem(pem("PRIVATE KEY", "302c020100300506032b6570042004" + "1e" + TEST1.seedHex().substring(4))),
                "32-byte seed");
        assertRejected(() -> KeyPair.parsePem(pem("PRIVATE KEY", "3030020100300706032b65700500" + "04220420" + TEST1.seedHex())),
                "has no parameters");
        assertRejected(() -> PublicKey.parsePem(pem("PUBLIC KEY", "3029300506032b65700320" + "00" + TEST1.publicKey().hex().substring(2))),
                "not 32 bytes");
    }

    @Test
    void rejectsKeysOfOtherAlgorithmsNamingThem() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        java.security.KeyPair ecKeys = ec.generateKeyPair();
        assertRejected(() -> PublicKey.parsePem(pem("PUBLIC KEY", Hex.encode(ecKeys.getPublic().getEncoded()))),
                "not an Ed25519 key: this is an EC (ECDSA) key");
        assertRejected(() -> KeyPair.parsePem(pem("PRIVATE KEY", Hex.encode(ecKeys.getPrivate().getEncoded()))),
                "not an Ed25519 key: this is an EC (ECDSA) key");

        KeyPairGenerator ed448 = KeyPairGenerator.getInstance("Ed448");
        assertRejected(() -> PublicKey.parsePem(pem("PUBLIC KEY", Hex.encode(ed448.generateKeyPair().getPublic().getEncoded()))),
                "this is an Ed448 key");
    }

    @Test
    void rejectsSeedHexOfTheWrongLengthOrAlphabet() {
        assertRejected(() -> KeyPair.parseSeedHex("abcd"), "32 bytes (64 hex characters), this one is 2 bytes");
        assertRejected(() -> KeyPair.parseSeedHex(" "), "no seed");
        assertRejected(() -> KeyPair.parseSeedHex("zz" + TEST1.seedHex().substring(2)), "not a hex character at position 0");
    }

    @Test
    void neverPutsTheSeedInAnErrorMessage() {
        String seedPem = TEST1_PRIVATE_PEM.replace("-----END PRIVATE KEY-----", "");
        assertThatThrownBy(() -> KeyPair.parsePem(seedPem))
                .message().doesNotContain(TEST1.seedHex()).doesNotContain("MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v");
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    private static String pem(String label, String derHex) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(Hex.decode(derHex))
                + "\n-----END " + label + "-----\n";
    }
}
