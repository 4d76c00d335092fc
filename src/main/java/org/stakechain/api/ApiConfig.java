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
