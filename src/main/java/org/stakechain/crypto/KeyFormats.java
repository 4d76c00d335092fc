package org.stakechain.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Ed25519 keys as text, interoperable with OpenSSL ({@code openssl genpkey -algorithm ed25519}):
 * PEM PKCS#8 private keys ({@code -----BEGIN PRIVATE KEY-----}, RFC 5958 / RFC 8410), PEM
 * SubjectPublicKeyInfo public keys ({@code -----BEGIN PUBLIC KEY-----}), and the bare 32-byte seed in
 * hex. Parsing refuses anything else with an {@link IllegalArgumentException} whose message says what
 * is wrong in words, because the person reading it is usually holding the wrong file.
 */
public final class KeyFormats {
    static final String PRIVATE_KEY_LABEL = "PRIVATE KEY";
    static final String PUBLIC_KEY_LABEL = "PUBLIC KEY";
    private static final byte[] ED25519_OID = {0x2b, 0x65, 0x70};
    private static final Map<String, String> KNOWN_ALGORITHMS = Map.of(
            "1.2.840.10045.2.1", "an EC (ECDSA) key",
            "1.2.840.113549.1.1.1", "an RSA key",
            "1.3.101.110", "an X25519 key",
            "1.3.101.111", "an X448 key",
            "1.3.101.113", "an Ed448 key");

    private KeyFormats() {
    }

    // ---- seed hex

    public static String seedHex(KeyPair keys) {
        return Hex.encode(keys.seedUnsafe());
    }

    public static KeyPair parseSeedHex(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no seed: expected 64 hex characters");
        }
        byte[] seed = Hex.decode(text.trim());
        if (seed.length != KeyPair.SEED_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes (64 hex characters), this one is " + seed.length + " bytes");
        }
        return KeyPair.fromSeed(seed);
    }

    // ---- PEM

    public static String privateKeyPem(KeyPair keys) {
        return pem(PRIVATE_KEY_LABEL, Ed25519Der.pkcs8(keys.seedUnsafe()));
    }

    public static String publicKeyPem(PublicKey key) {
        return pem(PUBLIC_KEY_LABEL, Ed25519Der.spki(key.raw()));
    }

    /** A PKCS#8 v1 or v2 Ed25519 private key; a public key inside (v2) must be the one the seed derives. */
    public static KeyPair parsePrivateKeyPem(String text) {
        byte[] der = pemBody(text, PRIVATE_KEY_LABEL);
        try {
            return readPrivateKeyInfo(der);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static KeyPair readPrivateKeyInfo(byte[] der) {
        Der in = new Der(der, "private key");
        Der info = in.sequence("PrivateKeyInfo");
        in.end("PrivateKeyInfo");
        long version = info.smallInteger("version");
        if (version != 0 && version != 1) {
            throw new IllegalArgumentException("unsupported PKCS#8 version " + version + " (expected 0 or 1)");
        }
        checkAlgorithm(info.sequence("AlgorithmIdentifier"));
        Der privateKey = info.nested(0x04, "privateKey");
        byte[] seed = privateKey.octetString("CurvePrivateKey");
        try {
            privateKey.end("CurvePrivateKey");
            if (seed.length != KeyPair.SEED_LENGTH) {
                throw new IllegalArgumentException("an Ed25519 private key holds a 32-byte seed, this one holds " + seed.length + " bytes");
            }
            if (info.peek(0xa0)) {
                info.skip("attributes");
            }
            byte[] embeddedPublicKey = null;
            if (info.peek(0x81)) {
                if (version != 1) {
                    throw new IllegalArgumentException("a public key inside a PKCS#8 key needs version 1, this one is version 0");
                }
                embeddedPublicKey = bitStringKey(info.primitive(0x81, "publicKey"), "embedded public key");
            }
            info.end("PrivateKeyInfo");
            KeyPair keys = KeyPair.fromSeed(seed);
            if (embeddedPublicKey != null && !Arrays.equals(embeddedPublicKey, keys.publicKey().raw())) {
                throw new IllegalArgumentException("the public key stored in this private key file is not the one its seed derives: the file is corrupt");
            }
            return keys;
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    public static PublicKey parsePublicKeyPem(String text) {
        byte[] der = pemBody(text, PUBLIC_KEY_LABEL);
        Der in = new Der(der, "public key");
        Der info = in.sequence("SubjectPublicKeyInfo");
        in.end("SubjectPublicKeyInfo");
        checkAlgorithm(info.sequence("AlgorithmIdentifier"));
        byte[] key = bitStringKey(info.primitive(0x03, "subjectPublicKey"), "public key");
        info.end("SubjectPublicKeyInfo");
        return PublicKey.wrap(key);
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** The DER inside the first PEM block; text around the block is ignored, as RFC 7468 allows. */
    static byte[] pemBody(String text, String label) {
        String kind = label.toLowerCase(Locale.ROOT);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no " + kind + ": the text is empty (expected -----BEGIN " + label + "-----)");
        }
        int begin = text.indexOf("-----BEGIN ");
        if (begin < 0) {
            throw new IllegalArgumentException("not a PEM " + kind + ": there is no '-----BEGIN " + label + "-----' line");
        }
        int labelStart = begin + "-----BEGIN ".length();
        int labelEnd = text.indexOf("-----", labelStart);
        int lineEnd = text.indexOf('\n', labelStart);
        if (labelEnd < 0 || (lineEnd >= 0 && labelEnd > lineEnd)) {
            throw new IllegalArgumentException("malformed PEM: the BEGIN line does not end with '-----'");
        }
        String found = text.substring(labelStart, labelEnd);
        if (!found.equals(label)) {
            throw new IllegalArgumentException(wrongLabel(found, label));
        }
        String endLine = "-----END " + label + "-----";
        int end = text.indexOf(endLine, labelEnd + 5);
        if (end < 0) {
            throw new IllegalArgumentException("PEM " + kind + " is cut short: there is no '" + endLine + "' line");
        }
        String body = text.substring(labelEnd + 5, end);
        if (body.indexOf(':') >= 0) {
            throw new IllegalArgumentException("PEM headers (such as Proc-Type/DEK-Info) mean a legacy encrypted key, which is not supported");
        }
        StringBuilder base64 = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (!Character.isWhitespace(c)) {
                base64.append(c);
            }
        }
        if (base64.length() == 0) {
            throw new IllegalArgumentException("PEM " + kind + " is empty between its BEGIN and END lines");
        }
        try {
            return Base64.getDecoder().decode(base64.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM " + kind + " body is not valid base64: " + e.getMessage(), e);
        }
    }

    private static String wrongLabel(String found, String expected) {
        if (found.equals("ENCRYPTED PRIVATE KEY")) {
            return "this private key is encrypted; stakechain reads unencrypted PKCS#8: "
                    + "openssl pkey -in encrypted.pem -out key.pem (and keep key.pem safe)";
        }
        if (found.equals("OPENSSH PRIVATE KEY")) {
            return "this is an OpenSSH private key; stakechain reads PKCS#8 ('-----BEGIN PRIVATE KEY-----', as made by openssl genpkey -algorithm ed25519)";
        }
        if (found.equals(PUBLIC_KEY_LABEL) && expected.equals(PRIVATE_KEY_LABEL)) {
            return "this is a public key; a private key ('-----BEGIN PRIVATE KEY-----') is needed here";
        }
        if (found.equals(PRIVATE_KEY_LABEL) && expected.equals(PUBLIC_KEY_LABEL)) {
            return "this is a private key; only a public key ('-----BEGIN PUBLIC KEY-----') belongs here, keep the private key secret";
        }
        return "expected '-----BEGIN " + expected + "-----', found '-----BEGIN " + found + "-----'";
    }

    private static void checkAlgorithm(Der algorithm) {
        byte[] oid = algorithm.primitive(0x06, "algorithm OID");
        if (!Arrays.equals(oid, ED25519_OID)) {
            String dotted = dottedOid(oid);
            String what = KNOWN_ALGORITHMS.getOrDefault(dotted, "a key of algorithm " + dotted);
            throw new IllegalArgumentException("not an Ed25519 key: this is " + what + " (Ed25519 is 1.3.101.112)");
        }
        if (!algorithm.atEnd()) {
            throw new IllegalArgumentException("an Ed25519 AlgorithmIdentifier has no parameters (RFC 8410), this one has some");
        }
    }

    private static byte[] bitStringKey(byte[] bitString, String what) {
        if (bitString.length != 1 + PublicKey.LENGTH || bitString[0] != 0) {
            throw new IllegalArgumentException("the " + what + " is not 32 bytes: an Ed25519 public key is a BIT STRING of 32 whole bytes, got "
                    + Math.max(0, bitString.length - 1) + " bytes");
        }
        return Arrays.copyOfRange(bitString, 1, bitString.length);
    }

    static String dottedOid(byte[] oid) {
        if (oid.length == 0) {
            return "(empty)";
        }
        StringBuilder out = new StringBuilder();
        long value = 0;
        boolean first = true;
        for (byte b : oid) {
            value = (value << 7) | (b & 0x7f);
            if ((b & 0x80) == 0) {
                if (first) {
                    long top = Math.min(value / 40, 2);
                    out.append(top).append('.').append(value - 40 * top);
                    first = false;
                } else {
                    out.append('.').append(value);
                }
                value = 0;
            }
            if (value > (1L << 50)) {
                return "(unreadable)";
            }
        }
        return out.toString();
    }

    /**
     * Just enough DER to read the two key structures, every bound checked, every failure in words.
     * Nested elements are views of one array, so the only copy of a seed is the one returned.
     */
    private static final class Der {
        private final byte[] data;
        private final int end;
        private final String what;
        private int at;

        Der(byte[] data, String what) {
            this(data, 0, data.length, what);
        }

        private Der(byte[] data, int from, int end, String what) {
            this.data = data;
            this.at = from;
            this.end = end;
            this.what = what;
        }

        boolean atEnd() {
            return at == end;
        }

        boolean peek(int tag) {
            return at < end && (data[at] & 0xff) == tag;
        }

        Der sequence(String name) {
            return nested(0x30, name);
        }

        Der nested(int tag, String name) {
            int length = header(tag, name);
            Der inner = new Der(data, at, at + length, what);
            at += length;
            return inner;
        }

        byte[] octetString(String name) {
            return primitive(0x04, name);
        }

        long smallInteger(String name) {
            byte[] value = primitive(0x02, name);
            if (value.length == 0 || value.length > 4) {
                throw malformed(name + " is not a small integer");
            }
            long v = value[0];
            for (int i = 1; i < value.length; i++) {
                v = (v << 8) | (value[i] & 0xff);
            }
            return v;
        }

        void skip(String name) {
            at += header(data[at] & 0xff, name);
        }

        byte[] primitive(int tag, String name) {
            int length = header(tag, name);
            byte[] value = Arrays.copyOfRange(data, at, at + length);
            at += length;
            return value;
        }

        void end(String name) {
            if (at != end) {
                throw malformed((end - at) + " unexpected bytes after the " + name);
            }
        }

        /** Reads tag and length; leaves {@code at} on the contents and returns their length. */
        private int header(int tag, String name) {
            if (at >= end) {
                throw malformed(name + " is missing");
            }
            int found = data[at] & 0xff;
            if (found != tag) {
                throw malformed(String.format("expected %s (tag 0x%02x), found tag 0x%02x", name, tag, found));
            }
            at++;
            if (at >= end) {
                throw malformed(name + " has no length");
            }
            int first = data[at++] & 0xff;
            int length;
            if (first < 0x80) {
                length = first;
            } else {
                int count = first & 0x7f;
                if (count == 0 || count > 2 || count > end - at) {
                    throw malformed(name + " has an unsupported length encoding");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (data[at++] & 0xff);
                }
            }
            if (length > end - at) {
                throw malformed(name + " claims " + length + " bytes, only " + (end - at) + " remain");
            }
            return length;
        }

        private IllegalArgumentException malformed(String detail) {
            return new IllegalArgumentException("malformed " + what + " (DER): " + detail);
        }
    }
}
