package org.stakechain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.stakechain.api.ApiConfig;
import org.stakechain.api.ApiServer;
import org.stakechain.crypto.KeyPair;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.mempool.MempoolConfig;
import org.stakechain.network.Await;
import org.stakechain.node.Node;
import org.stakechain.testing.SoloValidator;

/**
 * The bench's submitter against a solo validator whose pool holds only {@value #POOL} transactions: most entries
 * are answered POOL_FULL at first, and in both wire forms every one is sent again until taken, counted as
 * retried, none rejected or left unsent, and all become final.
 */
class BenchSubmitterTest {
    static final int POOL = 10;
    static final int TXS = 80;
    /** One transfer per sender: no entry ever waits behind a nonce gap, whatever order the retries take. */
    static final int SENDERS = TXS;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(BenchSubmitter.Format.class)
    void poolFullEntriesAreRetriedUntilTakenAndNoneIsLost(BenchSubmitter.Format format) throws Exception {
        KeyPair validator = KeyPair.deterministic("bench-submitter/validator");
        List<KeyPair> senders = new ArrayList<>();
        List<Genesis.GenesisAccount> funded = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            KeyPair k = KeyPair.deterministic("bench-submitter/" + i);
            senders.add(k);
            funded.add(SoloValidator.funded("s" + i, k, Coins.of(100)));
        }
        ChainParams params = ChainParams.defaults("bench-submitter").withSlotMillis(200);
        Genesis genesis = SoloValidator.genesis(params, validator, funded.toArray(Genesis.GenesisAccount[]::new));
        Files.createDirectories(dir.resolve(format.name()));
        Node node = SoloValidator.start(dir.resolve(format.name()), genesis, validator,
                MempoolConfig.defaults().withCapacity(POOL, 1L << 20));
        try (ApiServer api = new ApiServer(node, ApiConfig.defaults())) {
            String url = "http://127.0.0.1:" + api.start("127.0.0.1", 0);
            List<Transaction> txs = new ArrayList<>();
            for (int i = 0; i < TXS; i++) {
                txs.add(Transaction.sign(params.chainId(), senders.get(i % SENDERS), i / SENDERS,
                        params.minimumFee(), new TxPayload.Transfer(validator.address(), 1_000)));
            }
            BenchRound round = new BenchRound(txs, 1, format == BenchSubmitter.Format.JSON);
            BenchSubmitter submitter = new BenchSubmitter(List.of(url), HttpClient.newHttpClient(), 2, 20, format);
            BenchSubmitter.Result r = submitter.submit(round, 0, TimeUnit.SECONDS.toNanos(60));
            assertThat(r.accepted()).as(r.toString()).isEqualTo(TXS);
            assertThat(r.retried()).as(r.toString()).isPositive();
            assertThat(r.rejected()).as(r.toString()).isZero();
            assertThat(r.unsent()).as(r.toString()).isZero();
            assertThat(r.errors()).as(r.toString()).isZero();
            Await.until("every transfer final", () -> txs.stream()
                    .allMatch(t -> node.store().transaction(t.hash()).isPresent()), Duration.ofSeconds(30));
        } finally {
            node.stop();
        }
    }
}
