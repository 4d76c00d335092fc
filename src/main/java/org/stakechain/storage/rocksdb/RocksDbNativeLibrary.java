package org.stakechain.storage.rocksdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;

/**
 * Loads RocksDB's native library without leaving a copy behind. RocksJava's own loader copies the 15 MB library
 * out of its jar into a randomly named file in the temporary directory and deletes it only when the JVM exits
 * normally, so every node killed with SIGKILL, by the OOM killer or by a power cut left one behind (hundreds of
 * them in {@code /tmp} on a machine that runs crash tests). Here the library is copied into a fresh private
 * directory, loaded, and both are deleted at once: a loaded library stays mapped after its file is unlinked, so
 * nothing is left whenever the process ends. Where the jar does not carry the library for this platform,
 * RocksJava's own search ({@code java.library.path}) is used.
 */
final class RocksDbNativeLibrary {
    private static boolean loaded;
    /** The directory the last extraction used (deleted again); for tests. */
    private static Path lastDirectory;
    /** Whether the library was loaded from our copy (else RocksJava's own loader was used); for tests. */
    private static boolean loadedFromCopy;

    private RocksDbNativeLibrary() {
    }

    static synchronized void load() {
        if (loaded) {
            return;
        }
        // the jar's name for this platform's library (librocksdbjni-linux64.so), and the name loadLibrary(paths)
        // looks for in a directory (RocksJava passes "rocksdbjni" there: librocksdbjnijni-linux64.so)
        String resource = Environment.getJniLibraryFileName("rocksdb");
        String name = Environment.getJniLibraryFileName("rocksdbjni");
        try (InputStream in = RocksDB.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                RocksDB.loadLibrary();
            } else {
                Path dir = Files.createTempDirectory("stakechain-rocksdbjni");
                lastDirectory = dir;
                Path library = dir.resolve(name);
                try {
                    Files.copy(in, library);
                    RocksDB.loadLibrary(List.of(dir.toString()));
                    loadedFromCopy = true;
                } catch (UnsatisfiedLinkError e) {
                    // a RocksJava whose loadLibrary(paths) looks for another file name: its own loader still works
                    RocksDB.loadLibrary();
                } finally {
                    delete(library);
                    delete(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy RocksDB's native library out of its jar: " + e.getMessage(), e);
        }
        loaded = true;
    }

    /** Deleted now; where the platform refuses while the library is loaded, when the JVM exits. */
    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            path.toFile().deleteOnExit();
        }
    }

    static synchronized boolean loadedFromCopy() {
        return loadedFromCopy;
    }

    static synchronized Path lastDirectory() {
        return lastDirectory;
    }
}
