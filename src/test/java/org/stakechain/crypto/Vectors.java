package org.stakechain.crypto;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The golden vectors under src/test/resources/vectors/. */
final class Vectors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Vectors() {
    }

    /** RFC 8032 §7.1: TEST 1, 2, 3, 1024 and SHA(abc). */
    record Rfc8032(String name, byte[] seed, PublicKey publicKey, byte[] message, Signature signature) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One of the 15 ed25519-speccheck cases ("Taming the many EdDSAs"). */
    record SpeccheckCase(int number, byte[] message, PublicKey publicKey, Signature signature) {
        @Override
        public String toString() {
            return "speccheck case " + number;
        }
    }

    static List<Rfc8032> rfc8032() {
        return readList("ed25519-rfc8032.json").stream()
                .map(v -> new Rfc8032(v.get("name"), Hex.decode(v.get("secret_key")), PublicKey.parse(v.get("public_key")),
                        Hex.decode(v.get("message")), Signature.parse(v.get("signature"))))
                .toList();
    }

    static List<SpeccheckCase> speccheck() {
        List<Map<String, String>> cases = readList("ed25519-speccheck-cases.json");
        return java.util.stream.IntStream.range(0, cases.size())
                .mapToObj(i -> new SpeccheckCase(i, Hex.decode(cases.get(i).get("message")),
                        PublicKey.parse(cases.get(i).get("pub_key")), Signature.parse(cases.get(i).get("signature"))))
                .toList();
    }

    static Map<String, String> opensslInterop() {
        try (InputStream in = open("ed25519-openssl-interop.json")) {
            return JSON.readValue(in, new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, String>> readList(String name) {
        try (InputStream in = open(name)) {
            return JSON.readValue(in, new TypeReference<List<Map<String, String>>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name);
        if (in == null) {
            throw new IllegalStateException("missing test resource vectors/" + name);
        }
        return in;
    }
}
