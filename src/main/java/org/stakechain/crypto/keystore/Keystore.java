package org.stakechain.crypto.keystore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.stakechain.crypto.Hex;
import org.stakechain.crypto.KeyPair;

/**
 * An encrypted key file in the spirit of EIP-2335: the Ed25519 seed encrypted with AES-256-GCM under a key
 * derived from a password with PBKDF2-HMAC-SHA256. GCM's tag doubles as the password check, so a wrong
 * password is told apart from a damaged file only by the message; neither yields a key. The public key and
 * address are stored in clear so a wallet can list keys without a password.
 */
public final class Keystore {
    public static final int VERSION = 1;
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Enough for tests and throwaway local networks; never for keys that hold value. */
    public static final int TEST_ITERATIONS = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Keystore() {
    }

    /** Encrypts {@code keys} under {@code password}; returns the keystore JSON. */
    public static String encrypt(KeyPair keys, char[] password, int iterations, SecureRandom random) {
        if (iterations < TEST_ITERATIONS) {
            throw new IllegalArgumentException("at least " + TEST_ITERATIONS + " PBKDF2 iterations");
        }
        byte[] salt = new byte[32];
        byte[] iv = new byte[12];
        random.nextBytes(salt);
        random.nextBytes(iv);
        byte[] seed = keys.seed();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, derive(password, salt, iterations), new GCMParameterSpec(128, iv));
            cipher.updateAAD(keys.publicKey().bytes());
            byte[] sealed = cipher.doFinal(seed);
            ObjectNode root = JSON.createObjectNode();
            root.put("version", VERSION);
            root.put("address", keys.address().text());
            root.put("publicKey", keys.publicKey().hex());
            ObjectNode crypto = root.putObject("crypto");
            ObjectNode kdf = crypto.putObject("kdf");
            kdf.put("function", "pbkdf2");
            kdf.putObject("params").put("prf", "hmac-sha256").put("c", iterations).put("dklen", 32)
                    .put("salt", Hex.encode(salt));
            ObjectNode c = crypto.putObject("cipher");
            c.put("function", "aes-256-gcm");
            c.putObject("params").put("iv", Hex.encode(iv));
            c.put("message", Hex.encode(sealed));
            return JSON.writeValueAsString(root) + "\n";
        } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("keystore encryption failed", e);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** Decrypts a keystore; the exception's message says whether the password or the file is wrong. */
    public static KeyPair decrypt(String json, char[] password) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("keystore is not valid JSON");
        }
        if (root == null || root.path("version").asInt() != VERSION) {
            throw new IllegalArgumentException("not a stakechain keystore (version " + VERSION + ")");
        }
        JsonNode kdf = root.path("crypto").path("kdf");
        JsonNode cipherNode = root.path("crypto").path("cipher");
        if (!"pbkdf2".equals(kdf.path("function").asText()) || !"aes-256-gcm".equals(cipherNode.path("function").asText())) {
            throw new IllegalArgumentException("keystore uses an unknown kdf or cipher");
        }
        int iterations = kdf.path("params").path("c").asInt(0);
        if (iterations < TEST_ITERATIONS || iterations > 100_000_000) {
            throw new IllegalArgumentException("keystore has an implausible iteration count " + iterations);
        }
        byte[] publicKey = Hex.decode(root.path("publicKey").asText());
        byte[] iv = Hex.decode(cipherNode.path("params").path("iv").asText());
        byte[] message = Hex.decode(cipherNode.path("message").asText());
        // checked here, not left to the cipher: a provider may answer an empty or short input with a
        // ProviderException instead of a bad tag (found by fuzzing: a keystore without "message")
        if (publicKey.length != 32 || iv.length != 12 || message.length != 32 + 16) {
            throw new IllegalArgumentException("keystore is damaged: expected a 32-byte public key, a 12-byte iv and a "
                    + "48-byte ciphertext, found " + publicKey.length + ", " + iv.length + " and " + message.length);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, derive(password, Hex.decode(kdf.path("params").path("salt").asText()), iterations),
                    new GCMParameterSpec(128, iv));
            cipher.updateAAD(publicKey);
            byte[] seed = cipher.doFinal(message);
            KeyPair keys = KeyPair.fromSeed(seed);
            Arrays.fill(seed, (byte) 0);
            if (!Arrays.equals(keys.publicKey().bytes(), publicKey)) {
                throw new IllegalArgumentException("keystore is damaged: the key does not match its public key");
            }
            return keys;
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("wrong password for keystore " + root.path("address").asText()
                    + " (or the file is damaged)");
        } catch (GeneralSecurityException | java.security.ProviderException e) {
            throw new IllegalArgumentException("keystore cannot be decrypted: " + e.getMessage());
        }
    }

    /** The address a keystore holds, readable without the password. */
    public static String addressOf(String json) {
        try {
            return JSON.readTree(json).path("address").asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("keystore is not valid JSON");
        }
    }

    private static SecretKeySpec derive(char[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new SecretKeySpec(key, "AES");
        } finally {
            spec.clearPassword();
        }
    }
}
