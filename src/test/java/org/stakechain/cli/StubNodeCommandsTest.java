package org.stakechain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Answers a real node gives rarely on cue (validators, rejected and failed transactions), from a stub HTTP server. */
class StubNodeCommandsTest {
    static final String VALIDATORS = """
            {"height":42,"totalStake":"1325","totalStakeUnits":1325000000,"validators":[
             {"address":"sc1111111111111111111111111111111111111111aaaaaaaa","publicKey":"ab","stake":"350",
              "stakeUnits":350000000,"shareBps":2641,"jailed":false,"slashed":"0","active":true},
             {"address":"sc2222222222222222222222222222222222222222bbbbbbbb","publicKey":"cd","stake":"500",
              "stakeUnits":500000000,"shareBps":3773,"jailed":true,"slashed":"25","active":false}]}""";

    @TempDir
    Path dir;
    HttpServer server;
    final Map<String, String[]> routes = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String[] answer = routes.getOrDefault(exchange.getRequestURI().getPath(),
                    new String[] {"404", "{\"error\":\"not_found\",\"detail\":\"no such endpoint\"}"});
            byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    CliRun.Result run(String... args) {
        CliRun cli = CliRun.in(dir);
        cli.env.put(CliEnvironment.NODE_ENV, "http://127.0.0.1:" + server.getAddress().getPort() + "/");
        return cli.run(args);
    }

    @Test
    void validatorsShowStakeShareAndState() {
        routes.put("/api/v1/validators", new String[] {"200", VALIDATORS});
        CliRun.Result r = run("validators");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("height 42, total stake 1325 coins, 2 validator(s)");
        assertThat(r.out()).containsPattern("sc1111\\S+ +350 +26\\.41%  active");
        assertThat(r.out()).containsPattern("sc2222\\S+ +500 +37\\.73%  inactive, jailed, slashed 25");
        CliRun.Result json = run("validators", "--json");
        assertThat(json.out()).contains("\"shareBps\" : 2641");
    }

    @Test
    void aNodeWithoutTheValidatorsEndpointIsExitOneWithAHint() {
        CliRun.Result r = run("validators");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.err()).contains("has no /api/v1/validators");
    }

    @Test
    void aRejectedTransactionIsExitOneWithTheNodesReason() {
        String hash = "ef".repeat(32);
        routes.put("/api/v1/transactions/" + hash, new String[] {"200", "{\"hash\":\"" + hash + "\",\"status\":"
                + "\"rejected\",\"reason\":\"NONCE_GAP\",\"detail\":\"nonce 7 but the account's next is 3\"}"});
        CliRun.Result r = run("tx", hash, "--wait", "--timeout", "5");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.err()).contains("was rejected by the node (NONCE_GAP): nonce 7 but the account's next is 3");
    }

    @Test
    void aFinalTransactionThatFailedIsExitOneAndSaysTheFeeWasPaid() {
        String hash = "12".repeat(32);
        routes.put("/api/v1/transactions/" + hash, new String[] {"200", "{\"hash\":\"" + hash + "\",\"status\":"
                + "\"final\",\"height\":9,\"receipt\":{\"success\":false,\"failure\":\"stake below the minimum\"}}"});
        CliRun.Result r = run("tx", hash);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.out()).contains("final at height 9, FAILED: stake below the minimum");
        assertThat(r.err()).contains("its fee was paid");
    }

    @Test
    void aServerThatIsNotAStakechainNodeIsExitThree() {
        routes.put("/api/v1/status", new String[] {"200", "<html>hello</html>"});
        CliRun.Result r = run("block", "latest");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).contains("is --node the URL of a stakechain node");
    }
}
