package org.stakechain.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the HTTP API is exposed. Immutable; start from {@link #defaults()} and change what you need.
 *
 * @param maxRequestBytes  bodies above this are refused with 413 before they are read
 * @param corsOrigins      origins allowed to call the API from a browser; empty (the default) = CORS off
 * @param bearerToken      if present, {@code POST /transact} (which signs with the node's own key) needs
 *                         {@code Authorization: Bearer <token>}
 * @param maxSseClients    concurrent {@code /api/v1/events} streams; more are refused with 503
 * @param heartbeat        how often an idle event stream gets a comment line, so proxies keep it open
 * @param maxBlocksPerPage the bound on {@code limit} in {@code /api/v1/blocks}
 */
public record ApiConfig(long maxRequestBytes, List<String> corsOrigins, Optional<String> bearerToken,
                        int maxSseClients, Duration heartbeat, int maxBlocksPerPage) {

    public static final long DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;

    public ApiConfig {
        corsOrigins = List.copyOf(corsOrigins);
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("the request size limit must be at least 1024 bytes");
        }
        if (maxSseClients < 1 || maxBlocksPerPage < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        bearerToken = bearerToken.filter(t -> !t.isBlank());
    }

    /** The API token for POST /transact, from the environment (so it is not in the command line). */
    public static final String TOKEN_ENV = "STAKECHAIN_API_TOKEN";
    /** Comma-separated origins allowed by CORS, or "*"; unset = CORS off. */
    public static final String CORS_ENV = "STAKECHAIN_API_CORS";

    /** The defaults, with the token and CORS origins taken from {@link #TOKEN_ENV} and {@link #CORS_ENV}. */
    public static ApiConfig fromEnvironment(java.util.Map<String, String> env) {
        ApiConfig c = defaults();
        String token = env.get(TOKEN_ENV);
        if (token != null && !token.isBlank()) {
            c = c.withBearerToken(token.trim());
        }
        String cors = env.get(CORS_ENV);
        if (cors != null && !cors.isBlank()) {
            c = c.withCors(java.util.Arrays.stream(cors.split(",")).map(String::trim).filter(o -> !o.isEmpty())
                    .toList());
        }
        return c;
    }

    public static ApiConfig defaults() {
        return new ApiConfig(DEFAULT_MAX_REQUEST_BYTES, List.of(), Optional.empty(), 32, Duration.ofSeconds(15), 100);
    }

    public ApiConfig withCors(List<String> origins) {
        return new ApiConfig(maxRequestBytes, origins, bearerToken, maxSseClients, heartbeat, maxBlocksPerPage);
    }

    public ApiConfig withBearerToken(String token) {
        return new ApiConfig(maxRequestBytes, corsOrigins, Optional.ofNullable(token), maxSseClients, heartbeat,
                maxBlocksPerPage);
    }

    public ApiConfig withMaxSseClients(int n) {
        return new ApiConfig(maxRequestBytes, corsOrigins, bearerToken, n, heartbeat, maxBlocksPerPage);
    }

    public ApiConfig withHeartbeat(Duration every) {
        return new ApiConfig(maxRequestBytes, corsOrigins, bearerToken, maxSseClients, every, maxBlocksPerPage);
    }

    public ApiConfig withMaxRequestBytes(long bytes) {
        return new ApiConfig(bytes, corsOrigins, bearerToken, maxSseClients, heartbeat, maxBlocksPerPage);
    }
}
