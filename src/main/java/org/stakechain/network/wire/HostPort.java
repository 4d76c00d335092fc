package org.stakechain.network.wire;

import java.util.Objects;

/** Where a node listens: a host name or IP literal and a TCP port, as exchanged in {@code Peers}. */
public record HostPort(String host, int port) {
    public static final int MAX_HOST_BYTES = 253;

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || host.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_HOST_BYTES) {
            throw new IllegalArgumentException("host must be 1.." + MAX_HOST_BYTES + " bytes: " + host);
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
    }

    /** Parses {@code host:port}; IPv6 literals in brackets, {@code [::1]:7000}. */
    public static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got " + text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new HostPort(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + text);
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
