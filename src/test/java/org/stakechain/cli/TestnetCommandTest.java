package org.stakechain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stakechain.crypto.keystore.Keystore;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.node.NodeConfig;

class TestnetCommandTest {
    @TempDir
    Path dir;

    @Test
    void initWritesGenesisKeystoresOneFolderPerNodeAndTheManifest() throws Exception {
        Path tn = dir.resolve("tn");
        StringWriter out = new StringWriter();
        int code = StakechainCommand.commandLine().setOut(new PrintWriter(out)).execute("testnet", "init",
                "--validators", "3", "--followers", "1", "--dir", tn.toString(), "--kdf-iterations",
                "" + Keystore.TEST_ITERATIONS);
        assertThat(code).as(out.toString()).isZero();
        Genesis genesis = Genesis.fromJson(Files.readString(tn.resolve("genesis.json")));
        assertThat(genesis.validators()).hasSize(3);
        JsonNode manifest = new ObjectMapper().readTree(Files.readString(tn.resolve("testnet.json")));
        assertThat(manifest.path("genesisHash").asText()).isEqualTo(genesis.hash().hex());
        assertThat(manifest.path("nodes")).hasSize(4);
        Set<Integer> ports = new HashSet<>();
        for (JsonNode n : manifest.path("nodes")) {
            NodeConfig config = NodeConfig.read(tn.resolve(n.path("config").asText()));
            assertThat(config.genesisFile()).isEqualTo(tn.toAbsolutePath().resolve("genesis.json"));
            assertThat(config.bootnodes()).hasSize(3);
            assertThat(n.path("httpUrl").asText()).endsWith(":" + config.httpPort());
            assertThat(n.path("p2pAddress").asText()).isEqualTo("ws://127.0.0.1:" + config.p2pPort() + "/p2p");
            ports.add(config.p2pPort());
            ports.add(config.httpPort());
            boolean validator = !n.path("validator").isNull();
            assertThat(config.keyFile().isPresent()).isEqualTo(validator);
            if (validator) {
                String password = Files.readString(config.passwordFile().orElseThrow()).trim();
                String keystore = Files.readString(config.keyFile().orElseThrow());
                assertThat(Keystore.decrypt(keystore, password.toCharArray()).address().text())
                        .isEqualTo(n.path("validator").asText());
            }
        }
        assertThat(ports).hasSize(8);
        assertThat(Keystore.addressOf(Files.readString(tn.resolve("treasury.keystore.json"))))
                .isEqualTo(manifest.path("treasury").path("address").asText());
    }

    @Test
    void initGivesEachValidatorTheStakeListedInStakes() throws Exception {
        Path tn = dir.resolve("tn");
        int code = StakechainCommand.commandLine().execute("testnet", "init", "--validators", "4", "--dir",
                tn.toString(), "--stakes", "240,260,250,250", "--kdf-iterations", "" + Keystore.TEST_ITERATIONS);
        assertThat(code).isZero();
        Genesis genesis = Genesis.fromJson(Files.readString(tn.resolve("genesis.json")));
        assertThat(genesis.validators()).extracting(Genesis.GenesisValidator::stake)
                .containsExactly(Coins.of(240), Coins.of(260), Coins.of(250), Coins.of(250));

        StringWriter err = new StringWriter();
        code = StakechainCommand.commandLine().setErr(new PrintWriter(err)).execute("testnet", "init",
                "--validators", "3", "--dir", dir.resolve("other").toString(), "--stakes", "1,2");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--stakes lists 2 stakes for 3 validators");
    }

    @Test
    void initRefusesAFolderThatIsNotEmpty() throws Exception {
        Files.writeString(dir.resolve("something"), "x");
        StringWriter err = new StringWriter();
        int code = StakechainCommand.commandLine().setErr(new PrintWriter(err)).execute("testnet", "init",
                "--validators", "2", "--dir", dir.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("not an empty folder");
    }
}
