package org.stakechain.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.stakechain.crypto.KeyPair;
import org.stakechain.crypto.keystore.Keystore;
import org.stakechain.ledger.ChainParams;
import org.stakechain.ledger.Coins;
import org.stakechain.ledger.genesis.DemoGenesis;
import org.stakechain.ledger.genesis.Genesis;
import org.stakechain.ledger.tx.Transaction;
import org.stakechain.ledger.tx.TxPayload;
import org.stakechain.network.Await;
import org.stakechain.network.wire.HostPort;
import org.stakechain.node.Node;
import org.stakechain.node.NodeBuilder;
import org.stakechain.node.NodeConfig;

/**
 * The explorer in a real headless Chromium (Debian's {@code chromium} + {@code chromium-driver}, driven by Selenium
 * through the system chromedriver). Four in-process validators with the notebook's stakes (edwin 500, charles 350,
 * sonia 275, oliver 200) finalize blocks; the page served by edwin's node must show a final block with its forger,
 * ticket and confirmation bar, the lottery picture with the four validators, a transfer, and a balance looked up by
 * name. Screenshot: target/explorer.png. Without the browser the test is skipped locally and fails in CI (CI=true).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplorerBrowserTest {
    static final String CHROMIUM = System.getProperty("explorer.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("explorer.chromedriver", "/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    final List<Node> nodes = new ArrayList<>();
    ApiServer api;
    String base;
    ChromeDriverService service;
    WebDriver driver;
    Path profile;

    @BeforeAll
    void start() throws Exception {
        boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        if (!present) {
            String why = "the explorer browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                    + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but " + why);
            }
            Assumptions.abort("skipped: " + why);
        }
        ChainParams params = ChainParams.defaults(DemoGenesis.CHAIN_ID).withSlotMillis(500);
        Genesis genesis = DemoGenesis.create(params, System.currentTimeMillis());
        Files.writeString(dir.resolve("genesis.json"), genesis.toJson());
        List<HostPort> peers = new ArrayList<>();
        // edwin first: its node serves the page
        for (String name : List.of("edwin", "charles", "sonia", "oliver")) {
            Path key = dir.resolve(name + ".json");
            Files.writeString(key, Keystore.encrypt(DemoGenesis.key(name), "pw".toCharArray(),
                    Keystore.TEST_ITERATIONS, new SecureRandom()));
            NodeConfig config = NodeConfig.of(dir.resolve(name), dir.resolve("genesis.json")).withKey(key, null)
                    .withBootnodes(peers);
            Node node = NodeBuilder.of(config).environment(Map.of(NodeConfig.PASSWORD_ENV, "pw")).build().start();
            nodes.add(node);
            peers = new ArrayList<>(peers);
            peers.add(new HostPort("127.0.0.1", node.p2pPort()));
        }
        api = new ApiServer(nodes.get(0));
        base = "http://127.0.0.1:" + api.start("127.0.0.1", 0);
        Await.until("first final block", () -> nodes.get(0).store().finalHeight() >= 1, WAIT);

        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort()
                .build();
        profile = Files.createTempDirectory(Path.of("/tmp"), "explorer-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,1200", "--hide-scrollbars");
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (api != null) {
            api.close();
        }
        for (Node n : nodes) {
            n.stop();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void thePageShowsFinalBlocksTheLotteryTransfersAndBalances() throws Exception {
        driver.get(base + "/");
        assertThat(driver.getTitle()).isEqualTo("stakechain explorer");
        WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(250));
        // a transfer for the page's transaction feed: the treasury (the seed's ICO wallet) pays erick
        KeyPair treasury = DemoGenesis.key("treasury");
        nodes.get(0).submit(Transaction.sign(DemoGenesis.CHAIN_ID, treasury, 0, Coins.parse("0.001"),
                new TxPayload.Transfer(DemoGenesis.key("erick").address(), Coins.of(25))));
        try {
            // a final block with its forger, its ticket and a confirmation bar filled past the 75% line
            wait.until(d -> !d.findElements(By.cssSelector("#blocks li.block .confbar.final")).isEmpty());
            // the lottery picture: a slice per demo validator
            Set<String> expected = Set.of("edwin", "charles", "sonia", "oliver");
            wait.until(d -> sliceNames(d).containsAll(expected));
            // the transfer shows in the transaction feed
            wait.until(d -> d.findElement(By.id("txs")).getText().contains("transfer"));
            // a balance looked up by genesis name
            WebElement input = driver.findElement(By.id("account-input"));
            input.sendKeys("erick");
            driver.findElement(By.cssSelector("#account-form button")).click();
            wait.until(d -> d.findElement(By.id("account-result")).getText().contains("115 coins"));
            // the page has settled into its live mode (event stream, or polling while the node has none)
            wait.until(d -> List.of("live", "polling").contains(d.findElement(By.tagName("body"))
                    .getAttribute("data-conn")));
        } catch (TimeoutException e) {
            screenshot();
            throw new AssertionError("the explorer did not show what it should within " + WAIT.toSeconds()
                    + " s; page text:\n" + driver.findElement(By.tagName("body")).getText(), e);
        }
        WebElement block = driver.findElement(By.cssSelector("#blocks li.block"));
        assertThat(block.getText()).containsPattern("#\\d+").contains("forged by").containsPattern("ticket [\\d,?]+ of");
        assertThat(sliceNames(driver)).containsExactlyInAnyOrder("edwin", "charles", "sonia", "oliver");
        assertThat(driver.findElement(By.id("lottery-legend")).getText()).contains("edwin").contains("500 staked");
        Path shot = screenshot();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }

    @Test
    void theApiIsNotShadowedByThePage() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"chainId\":\"" + DemoGenesis.CHAIN_ID + "\"");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/index.html"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).startsWith("{").contains("\"error\"");
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("explorer.js").doesNotContain("http://").doesNotContain("https://");
        HttpResponse<String> names = http.send(HttpRequest.newBuilder(URI.create(base + "/explorer/names.json"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(names.body()).contains("\"" + DemoGenesis.key("edwin").address().text() + "\":\"edwin\"");
    }

    /** The names on the lottery picture's slices, read in one script (the picture is redrawn on every block). */
    private static Set<String> sliceNames(WebDriver d) {
        Object names = ((JavascriptExecutor) d).executeScript("return Array.from(document.querySelectorAll("
                + "'#lottery-pie path.slice')).map(function (p) { return p.getAttribute('data-name'); });");
        Set<String> out = new TreeSet<>();
        if (names instanceof List<?> list) {
            list.forEach(n -> out.add(String.valueOf(n)));
        }
        return out;
    }

    private Path screenshot() throws Exception {
        Path target = Path.of("target", "explorer.png");
        Files.createDirectories(target.getParent());
        File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }
}
