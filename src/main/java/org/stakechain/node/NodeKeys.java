package org.stakechain.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.keystore.Keystore;

/** Where a node's keys come from: the validator key from its encrypted keystore, the node key from the data dir. */
public final class NodeKeys {
    static final String NODE_KEY_FILE = "node.key";

    private NodeKeys() {
    }

    /**
     * Decrypts the validator keystore with the password from {@code passwordFile} (its first line) or, without one,
     * from the environment variable {@value NodeConfig#PASSWORD_ENV}. The password is never logged or kept.
     */
    public static KeyPair validatorKey(Path keystore, Optional<Path> passwordFile, Map<String, String> env) {
        String json;
        try {
            json = Files.readString(keystore, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the keystore " + keystore + ": " + e.getMessage());
        }
        char[] password = password(passwordFile, env);
        try {
            return Keystore.decrypt(json, password);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot open the keystore " + keystore + ": " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    static char[] password(Optional<Path> passwordFile, Map<String, String> env) {
        if (passwordFile.isPresent()) {
            try {
                String text = Files.readString(passwordFile.get(), StandardCharsets.UTF_8);
                int nl = text.indexOf('\n');
                String line = nl >= 0 ? text.substring(0, nl) : text;
                if (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                return line.toCharArray();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the password file " + passwordFile.get() + ": "
                        + e.getMessage());
            }
        }
        String fromEnv = env.get(NodeConfig.PASSWORD_ENV);
        if (fromEnv == null) {
            throw new IllegalArgumentException("the keystore needs a password: give --password-file or set "
                    + NodeConfig.PASSWORD_ENV);
        }
        return fromEnv.toCharArray();
    }

    /**
     * The node's network identity: a key of its own (not the validator key, so a validator's key never signs
     * handshakes), created on first start and kept in {@code dataDir/node.key}, readable by the owner only.
     */
    public static KeyPair nodeKey(Path dataDir) {
        Path file = dataDir.resolve(NODE_KEY_FILE);
        try {
            if (Files.exists(file)) {
                return KeyPair.parseSeedHex(Files.readString(file, StandardCharsets.US_ASCII).trim());
            }
            Files.createDirectories(dataDir);
            KeyPair key = KeyPair.generate(new SecureRandom());
            Path tmp = dataDir.resolve(NODE_KEY_FILE + ".tmp");
            Files.writeString(tmp, key.seedHex() + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the data dir's own permissions protect it
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read or create the node key " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the node key " + file + " is damaged (" + e.getMessage()
                    + "); delete it to get a new node id");
        }
    }
}
