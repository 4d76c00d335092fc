package org.stakechain.storage;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.stakechain.crypto.Address;
import org.stakechain.crypto.Hash;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.BlockBuilder;
import org.stakechain.ledger.BlockOutcome;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.StateTransition;
import org.stakechain.ledger.block.Block;
import org.stakechain.ledger.block.CommitCertificate;
import org.stakechain.ledger.block.Vote;
import org.stakechain.ledger.block.VoteKind;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.storage.rocksdb.RocksDbKeyValueStore;

/**
 * Memory and start-up of a store holding many funded accounts, measured in a JVM started with the node's flags
 * (a tool, not a test):
 *
 * <pre>
 * java -Xmx256m -XX:+UseSerialGC -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     org.stakechain.storage.StateMemoryProbe /tmp/probe 100000 10
 * </pre>
 *
 * <p>The first run creates the store: a genesis of {@code accounts} funded accounts, then {@code blocks} blocks of
 * 1,000 transfers each applied and committed the node's way ({@link HeadState} in, {@link ChainStore#commit} out),
 * printing each commit's time. Every run then reopens the store (timing {@link ChainStore#open}, which rebuilds the
 * state tree), reads every account once through a head view (filling the account cache as a busy node would) and
 * prints the heap after a full GC, the process's resident set (VmRSS) and its peak (VmHWM).
 *
 * <p>{@code StateMemoryProbe --add-accounts genesis.json out.json 100000} writes a copy of a genesis file with that
 * many more funded accounts (10 coins each), to measure real node processes (docs/operations.md).
 */
public final class StateMemoryProbe {
    private static final int TRANSFERS = 1_000;

    private StateMemoryProbe() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 4 && args[0].equals("--add-accounts")) {
            Genesis in = Genesis.fromJson(Files.readString(Path.of(args[1])));
            List<Genesis.GenesisAccount> all = new ArrayList<>(in.accounts());
            for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                all.add(new Genesis.GenesisAccount("", Address.wrap(Arrays.copyOf(Hash.of(("probe/holder/" + i)
                        .getBytes(StandardCharsets.US_ASCII)).bytes(), Address.LENGTH)), Coins.of(10)));
            }
            Files.writeString(Path.of(args[2]), new Genesis(in.params(), in.genesisTimeMillis(), all,
                    in.validators()).toJson());
            return;
        }
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/stakechain-probe");
        int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int blocks = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        ChainParams params = ChainParams.defaults("probe");
        KeyPair forger = KeyPair.deterministic("probe/forger");
        List<KeyPair> senders = new ArrayList<>();
        List<Address> holders = new ArrayList<>();
        for (int i = 0; i < TRANSFERS; i++) {
            senders.add(KeyPair.deterministic("probe/sender/" + i));
            holders.add(senders.get(i).address());
        }
        for (int i = TRANSFERS; i < accounts; i++) {
            holders.add(Address.wrap(Arrays.copyOf(Hash.of(("probe/holder/" + i).getBytes(StandardCharsets.US_ASCII))
                    .bytes(), Address.LENGTH)));
        }
        report("start");
        if (!Files.exists(dir)) {
            create(dir, params, forger, senders, holders, blocks);
            report("after creating");
        }
        long start = System.nanoTime();
        long cpuStart = cpu();
        try (ChainStore store = ChainStore.open(RocksDbKeyValueStore.open(dir))) {
            System.out.printf("open (state tree rebuilt from %d accounts): %d ms wall, %d ms CPU of this thread;"
                            + " height %d, %d tree nodes%n", accounts, (System.nanoTime() - start) / 1_000_000,
                    (cpu() - cpuStart) / 1_000_000, store.finalHeight(), store.treeNodeCount());
            report("after open");
            long total = 0;
            try (HeadState head = store.headState()) {
                for (Address a : holders) {
                    total = Math.addExact(total, head.account(a).balance());
                }
                report("after reading every account (" + Coins.format(total) + " coins)");
            }
        }
    }

    private static void create(Path dir, ChainParams params, KeyPair forger, List<KeyPair> senders,
                               List<Address> holders, int blocks) {
        List<Genesis.GenesisAccount> funded = new ArrayList<>();
        for (Address a : holders) {
            funded.add(new Genesis.GenesisAccount("", a, Coins.of(1_000)));
        }
        Genesis genesis = new Genesis(params, 0, funded,
                List.of(new Genesis.GenesisValidator("forger", forger.publicKey(), Coins.of(100))));
        try (ChainStore store = ChainStore.open(RocksDbKeyValueStore.open(dir))) {
            long start = System.nanoTime();
            store.initialize(genesis);
            System.out.printf("genesis of %d accounts written: %d ms%n", holders.size(),
                    (System.nanoTime() - start) / 1_000_000);
            Optional<CommitCertificate> last = Optional.empty();
            for (int b = 0; b < blocks; b++) {
                try (HeadState pre = store.headState()) {
                    long height = pre.height() + 1;
                    List<Transaction> txs = new ArrayList<>();
                    for (int i = 0; i < senders.size(); i++) {
                        KeyPair from = senders.get(i);
                        // to existing holders: the state does not grow, as in a steady-state benchmark
                        Address to = holders.get((int) ((height * 7919L + i * 104_729L) % holders.size()));
                        txs.add(Transaction.sign(params.chainId(), from, pre.account(from.address()).nonce(),
                                params.minimumFee(), new TxPayload.Transfer(to, Coins.of(1))));
                    }
                    Block block = BlockBuilder.build(params, pre, forger, 0,
                            pre.chain().lastTimestampMillis() + params.slotMillis(), txs, last).block();
                    long applyStart = cpu();
                    BlockOutcome.Applied applied = (BlockOutcome.Applied) StateTransition.apply(params, pre, block);
                    CommitCertificate certificate = CommitCertificate.fromVotes(height, 0, block.hash(), List.of(
                            Vote.sign(VoteKind.CONFIRM, params.chainId(), height, 0, Optional.of(block.hash()), forger)));
                    long commitStart = cpu();
                    long commitWall = System.nanoTime();
                    store.commit(block, certificate, applied.changes(), applied.receipts());
                    long end = cpu();
                    System.out.printf("block %d: CPU of this thread: apply %d ms (signatures included), commit %d ms"
                                    + " (%d ms wall); %d tree nodes%n", height, (commitStart - applyStart) / 1_000_000,
                            (end - commitStart) / 1_000_000, (System.nanoTime() - commitWall) / 1_000_000,
                            store.treeNodeCount());
                    last = Optional.of(certificate);
                }
            }
        }
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static void report(String when) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed();
        System.out.printf("%-50s heap used after GC %4d MiB, non-heap %3d MiB, %s%n", when, heap >> 20,
                nonHeap >> 20, rss());
    }

    private static String rss() {
        try {
            String rss = "?";
            String hwm = "?";
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = line.substring(6).trim();
                } else if (line.startsWith("VmHWM:")) {
                    hwm = line.substring(6).trim();
                }
            }
            return "RSS " + rss + " (peak " + hwm + ")";
        } catch (IOException e) {
            return "RSS unknown (" + e.getMessage() + ")";
        }
    }
}
