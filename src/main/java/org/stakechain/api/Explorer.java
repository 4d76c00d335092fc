package org.stakechain.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import org.stakechain.node.Node;

/**
 * The live explorer: plain HTML/CSS/JS from the jar ({@code src/main/resources/explorer/}) served at {@code /},
 * plus {@code /explorer/names.json}, the genesis names of addresses so the page can say "edwin" rather than a hash.
 * Nothing under {@code /api/} is ever answered from the static files: the API routes keep their paths and their
 * JSON 404s. See docs/explorer.md.
 */
final class Explorer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Explorer() {
    }

    static void register(JavalinConfig cfg, Node node) {
        cfg.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/explorer";
            files.location = Location.CLASSPATH;
            files.skipFileFunction = request -> {
                String path = request.getRequestURI();
                return path.startsWith("/api/") || path.equals("/api") || path.startsWith("/metrics")
                        || path.startsWith("/openapi");
            };
            files.headers = java.util.Map.of("Cache-Control", "no-cache");
        });
        cfg.routes.get("/explorer/names.json", ctx -> {
            ObjectNode names = JSON.createObjectNode();
            node.genesisNames().forEach((address, name) -> names.put(address.text(), name));
            ctx.contentType("application/json");
            ctx.result(names.toString());
        });
    }
}
