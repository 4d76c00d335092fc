package org.stakechain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The CLI's side of a node's HTTP API (v1), on the JDK's HttpClient. Every failure becomes a {@link CliException}
 * with the exit code and a sentence that says what to do: unreachable (3), refused by the node (1).
 */
final class NodeClient {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String base;
    private final HttpClient http;

    NodeClient(String url) {
        this.base = normalize(url);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    static String normalize(String url) {
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        try {
            URI uri = new URI(u);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(u, "not http");
            }
        } catch (URISyntaxException e) {
            throw CliException.usage("--node \"" + url + "\" is not a node URL; write it like " + DEFAULT_URL);
        }
        return u;
    }

    String url() {
        return base;
    }

    /** A response with a JSON body; {@code status} is the HTTP status. */
    record Reply(int status, JsonNode body) {
        String detail() {
            String detail = body.path("detail").asText("");
            String error = body.path("error").asText(body.path("title").asText(""));
            return detail.isEmpty() ? (error.isEmpty() ? "HTTP " + status : "HTTP " + status + ": " + error) : detail;
        }
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Reply post(String path, String jsonBody) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    /** GET that must answer 200; a 4xx is a refusal (exit 1) carrying the node's detail. */
    JsonNode getOk(String path, String what) {
        Reply r = get(path);
        if (r.status() == 200) {
            return r.body();
        }
        throw CliException.rejected(what + ": " + r.detail());
    }

    JsonNode status() {
        return getOk("/api/v1/status", "the node's status");
    }

    JsonNode account(String address) {
        return getOk("/api/v1/accounts/" + address, "account " + address);
    }

    private Reply send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(TIMEOUT).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "the node at " + base + " did not answer within "
                    + TIMEOUT.toSeconds() + " s; is it overloaded or stuck? check its log");
        } catch (IOException e) {
            throw unreachable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.UNREACHABLE, "interrupted while asking " + base);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw new CliException(ExitCodes.UNREACHABLE, base + " answered HTTP " + response.statusCode()
                    + " without the JSON a stakechain node sends; is --node the URL of a stakechain node's HTTP API?");
        }
        return new Reply(response.statusCode(), body);
    }

    private CliException unreachable() {
        return new CliException(ExitCodes.UNREACHABLE, "cannot reach a node at " + base + ": is a node running at "
                + base + "? start one with ./stakechain testnet init --validators 1 --dir /tmp/tn && ./stakechain "
                + "testnet run --dir /tmp/tn, then pass one of its URLs (from /tmp/tn/testnet.json) with --node URL "
                + "or " + CliEnvironment.NODE_ENV);
    }
}
