package org.stakechain.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stakechain.network.wire.HostPort;

class NodeConfigTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenConfigReadsBackWithPathsRelativeToItsFolder() throws Exception {
        NodeConfig config = new NodeConfig(Path.of("data"), Path.of("../genesis.json"),
                Optional.of(Path.of("key.json")), Optional.of(Path.of("pw.txt")), "0.0.0.0", 7000,
                List.of(new HostPort("10.0.0.2", 7001)), "127.0.0.1", 8080, 12);
        Path folder = Files.createDirectories(dir.resolve("node-1"));
        Files.writeString(folder.resolve("node.json"), config.toJson());
        NodeConfig read = NodeConfig.read(folder.resolve("node.json"));
        assertThat(read.dataDir()).isEqualTo(folder.toAbsolutePath().resolve("data"));
        assertThat(read.genesisFile()).isEqualTo(dir.toAbsolutePath().resolve("genesis.json"));
        assertThat(read.keyFile()).contains(folder.toAbsolutePath().resolve("key.json"));
        assertThat(read.bootnodes()).containsExactly(new HostPort("10.0.0.2", 7001));
        assertThat(read.p2pPort()).isEqualTo(7000);
        assertThat(read.httpPort()).isEqualTo(8080);
        assertThat(read.maxPeers()).isEqualTo(12);
    }

    @Test
    void bootnodesAreAcceptedWithOrWithoutSchemeAndPath() {
        assertThat(NodeConfig.parseBootnode("ws://1.2.3.4:7000/p2p")).isEqualTo(new HostPort("1.2.3.4", 7000));
        assertThat(NodeConfig.parseBootnode("host:7000")).isEqualTo(new HostPort("host", 7000));
        assertThatThrownBy(() -> NodeConfig.parseBootnode("ws://nowhere")).hasMessageContaining("ws://host:port");
    }

    @Test
    void aConfigWithoutTheRequiredFieldsSaysWhichIsMissing() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"genesis\":\"g.json\"}");
        assertThatThrownBy(() -> NodeConfig.read(file)).hasMessageContaining("\"dataDir\"");
    }

    @Test
    void thePasswordComesFromTheFileElseTheEnvironmentElseAnErrorNamingBoth() throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "secret\nignored\n");
        assertThat(NodeKeys.password(Optional.of(pw), Map.of())).containsExactly("secret".toCharArray());
        assertThat(NodeKeys.password(Optional.empty(), Map.of(NodeConfig.PASSWORD_ENV, "env")))
                .containsExactly("env".toCharArray());
        assertThatThrownBy(() -> NodeKeys.password(Optional.empty(), Map.of()))
                .hasMessageContaining("--password-file").hasMessageContaining(NodeConfig.PASSWORD_ENV);
    }

    @Test
    void theNodeKeyIsCreatedOnceAndKept() {
        var first = NodeKeys.nodeKey(dir.resolve("data"));
        assertThat(NodeKeys.nodeKey(dir.resolve("data"))).isEqualTo(first);
    }

    @Test
    void peerExchangeAndClockOffsetReadBackAndDefaultToOnAndZero() throws Exception {
        NodeConfig plain = NodeConfig.of(Path.of("data"), Path.of("genesis.json"));
        assertThat(plain.peerExchange()).isTrue();
        assertThat(plain.clockOffsetMillis()).isZero();
        assertThat(plain.toJson()).doesNotContain("peerExchange").doesNotContain("clockOffsetMillis");

        NodeConfig faulty = plain.withPeerExchange(false).withClockOffsetMillis(-250);
        Files.writeString(dir.resolve("node.json"), faulty.toJson());
        NodeConfig read = NodeConfig.read(dir.resolve("node.json"));
        assertThat(read.peerExchange()).isFalse();
        assertThat(read.clockOffsetMillis()).isEqualTo(-250);
        assertThat(read.withBootnodes(List.of()).peerExchange()).as("kept by the with* copies").isFalse();
    }
}
