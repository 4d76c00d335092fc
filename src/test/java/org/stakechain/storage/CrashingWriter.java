package org.stakechain.storage;

import java.nio.file.Path;
import java.util.Optional;
import org.stakechain.crypto.Hash;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.storage.rocksdb.RocksDbKeyValueStore;

/**
 * The child process of the crash tests: writes into a RocksDB directory until the parent kills it with SIGKILL.
 * After each write returns it prints one line, so the parent knows what was acknowledged before the kill.
 *
 * <pre>
 *   chain DIR SEED       commit blocks forever; prints "committed HEIGHT"
 *   protection DIR       record CONFIRMs at heights head+1, head+2, ...; prints "recorded HEIGHT"
 * </pre>
 */
public final class CrashingWriter {
    private CrashingWriter() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[1]);
        if (args[0].equals("chain")) {
            ChainStore store = ChainStore.open(RocksDbKeyValueStore.open(dir, 8L << 20));
            store.initialize(ChainDriver.genesis());
            ChainDriver driver = new ChainDriver(Long.parseLong(args[2]));
            System.out.println("open " + store.finalHeight());
            System.out.flush();
            while (true) {
                long height = driver.commitNext(store, 1 + (int) (store.finalHeight() % 7) * 3).height();
                System.out.println("committed " + height);
                System.out.flush();
            }
        }
        if (args[0].equals("protection")) {
            DurableSlashingProtection protection = DurableSlashingProtection.open(RocksDbKeyValueStore.open(dir, 1L << 20));
            long height = protection.lastSigned(org.stakechain.consensus.protection.SignedKind.CONFIRM)
                    .map(m -> m.height()).orElse(0L);
            while (true) {
                height++;
                Hash block = Hash.of(("block " + height).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                if (!protection.mayVoteAndRecord(VoteKind.CONFIRM, height, 0, Optional.of(block))) {
                    throw new IllegalStateException("refused a fresh height " + height);
                }
                System.out.println("recorded " + height);
                System.out.flush();
            }
        }
        throw new IllegalArgumentException("usage: chain DIR SEED | protection DIR");
    }
}
