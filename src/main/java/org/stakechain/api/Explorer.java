package org.stakechain.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.stakechain.node.Node;

/**
 * The live explorer: plain HTML/CSS/JS from the jar ({@code src/main/resources/explorer/}) served at {@code /},
 * plus {@code /explorer/names.json}, the genesis names of addresses so the page can say "edwin" rather than a hash.
 * Nothing under {@code /api/} is ever answered from the static files: the API routes keep their paths and their
 * JSON 404s. See docs/explorer.md.
 *
 * <p>The three files are read from the classpath once, when the server starts, and answered from memory by plain
 * routes. Javalin's static-file handler (Jetty's resource handling) would instead mount the whole fat jar as a
 * {@code jdk.nio.zipfs} file system for the life of the server: one {@code ZipFileSystem$IndexNode} per jar entry,
 * ~37,000 objects (plus their names) that every full collection of the node had to mark (docs/performance.md "Fewer long-lived objects (round 10)").
 */
final class Explorer {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file of the page: its bytes, content type and a strong validator (the SHA-256 of the bytes). */
    record StaticFile(String path, String contentType, byte[] bytes, String etag) {
        static StaticFile load(String path, String resource, String contentType) {
            try (InputStream in = Explorer.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource);
                }
                byte[] bytes = in.readAllBytes();
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
                return new StaticFile(path, contentType, bytes,
                        "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + resource, e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no SHA-256", e);
            }
        }

        void answer(Context ctx) {
            ctx.header("Cache-Control", "no-cache");
            ctx.header("ETag", etag);
            ctx.contentType(contentType);
            String ifNoneMatch = ctx.header("If-None-Match");
            if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
                ctx.status(304);
                return;
            }
            ctx.result(bytes);
        }
    }

    /** The page's files, by the paths they are served at ({@code /} is {@code index.html}). */
    static List<StaticFile> files() {
        StaticFile index = StaticFile.load("/index.html", "/explorer/index.html", "text/html; charset=utf-8");
        return List.of(
                new StaticFile("/", index.contentType(), index.bytes(), index.etag()),
                index,
                StaticFile.load("/explorer.css", "/explorer/explorer.css", "text/css; charset=utf-8"),
                StaticFile.load("/explorer.js", "/explorer/explorer.js", "text/javascript; charset=utf-8"));
    }

    private Explorer() {
    }

    static void register(JavalinConfig cfg, Node node) {
        for (StaticFile f : files()) {
            cfg.routes.get(f.path(), f::answer);
            cfg.routes.head(f.path(), f::answer);
        }
        cfg.routes.get("/explorer/names.json", ctx -> {
            ObjectNode names = JSON.createObjectNode();
            node.genesisNames().forEach((address, name) -> names.put(address.text(), name));
            ctx.contentType("application/json");
            ctx.result(names.toString());
        });
    }
}
