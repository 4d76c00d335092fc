package org.stakechain.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.keystore.Keystore;

/**
 * A folder of encrypted keystores, one file {@code NAME.json} per wallet. Files are created exclusively
 * (O_EXCL) with mode 0600 in a 0700 folder, so a wallet is never overwritten, not even by a race.
 */
final class WalletStore {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String SUFFIX = ".json";

    private final Path dir;

    WalletStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** --wallet-dir, else $STAKECHAIN_WALLET_DIR, else ~/.stakechain/wallets. */
    static WalletStore resolve(Path option, CliEnvironment environment) {
        if (option != null) {
            return new WalletStore(option);
        }
        String fromEnv = environment.get(CliEnvironment.WALLET_DIR_ENV);
        if (fromEnv != null) {
            return new WalletStore(Path.of(fromEnv));
        }
        return new WalletStore(Path.of(System.getProperty("user.home"), ".stakechain", "wallets"));
    }

    Path dir() {
        return dir;
    }

    static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw CliException.usage("\"" + name + "\" is not a wallet name: use 1 to 64 letters, digits, '.', '_' "
                    + "or '-', starting with a letter or digit");
        }
        return name;
    }

    Path file(String name) {
        return dir.resolve(checkName(name) + SUFFIX);
    }

    List<String> names() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(SUFFIX))
                    .map(f -> f.substring(0, f.length() - SUFFIX.length()))
                    .filter(n -> NAME.matcher(n).matches()).sorted().forEach(names::add);
        } catch (IOException e) {
            throw CliException.usage("cannot read the wallet folder " + dir + ": " + e.getMessage());
        }
        return names;
    }

    /** The keystore JSON of {@code name}; an unknown name is an error that lists the names there are. */
    String read(String name) {
        Path file = file(name);
        if (!Files.isRegularFile(file)) {
            List<String> known = names();
            throw CliException.usage("no wallet \"" + name + "\" in " + dir + "; "
                    + (known.isEmpty() ? "there are none yet: create one with ./stakechain wallet new NAME or "
                            + "./stakechain wallet import NAME --seed-hex HEX"
                            : "known wallets: " + String.join(", ", known))
                    + " (another folder: --wallet-dir DIR or " + CliEnvironment.WALLET_DIR_ENV + ")");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.usage("cannot read wallet file " + file + ": " + e.getMessage());
        }
    }

    String addressOf(String name) {
        try {
            return Keystore.addressOf(read(name));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("wallet file " + file(name) + " is damaged: " + e.getMessage());
        }
    }

    /** Decrypts {@code name}; a wrong password is a usage error that says where the password came from. */
    KeyPair unlock(String name, char[] password, String passwordSource) {
        String json = read(name);
        try {
            return Keystore.decrypt(json, password);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("wrong password")) {
                throw CliException.usage("wrong password for wallet \"" + name + "\" (" + file(name) + "), read from "
                        + passwordSource + "; try again with the password it was created with");
            }
            throw CliException.usage("wallet file " + file(name) + " cannot be used: " + e.getMessage());
        }
    }

    /** Refuses an existing name, or a key that is already here under another name. */
    void checkNew(String name, KeyPair keys) {
        Path file = file(name);
        if (Files.exists(file)) {
            throw CliException.usage("wallet \"" + name + "\" already exists (" + file + "); choose another name, "
                    + "or move the file away first if you really mean to replace it");
        }
        for (String other : names()) {
            if (keys.address().text().equals(addressOf(other))) {
                throw CliException.usage("this key is already wallet \"" + other + "\" (" + keys.address().text() + ")");
            }
        }
    }

    /** Writes a new wallet, never over an existing file. */
    Path create(String name, KeyPair keys, char[] password, int iterations) {
        checkNew(name, keys);
        Path file = file(name);
        String json = Keystore.encrypt(keys, password, iterations, new java.security.SecureRandom());
        try {
            createDirectory();
            createOwnerOnly(file);
        } catch (FileAlreadyExistsException e) {
            throw CliException.usage("wallet \"" + name + "\" already exists (" + file + "); choose another name");
        } catch (IOException e) {
            throw CliException.usage("cannot create " + file + ": " + e.getMessage());
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the first failure is the one to report
            }
            throw CliException.usage("cannot write " + file + ": " + e.getMessage());
        }
        return file;
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (posix()) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    private void createOwnerOnly(Path file) throws IOException {
        if (posix()) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    private static boolean posix() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
