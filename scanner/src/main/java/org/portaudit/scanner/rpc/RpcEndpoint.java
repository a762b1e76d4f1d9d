package org.portaudit.scanner.rpc;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * One registration read from an endpoint mapper.
 *
 * @param interfaceId      the RPC interface UUID
 * @param versionMajor     interface major version
 * @param versionMinor     interface minor version
 * @param interfaceName    well-known name ("drsuapi") from {@link RpcInterfaces}, or null when not known
 * @param annotation       the mapper's annotation, sanitised (may be empty)
 * @param protocolSequence ncacn_ip_tcp, ncacn_http, ncacn_np, ncalrpc, ncadg_ip_udp, or "unknown(..)"
 * @param endpoint         the port (as decimal text) or pipe / LRPC name; null when the tower has none
 * @param hostAddress      the host floor (IPv4 text, often 0.0.0.0, or a NetBIOS name); null when absent
 */
public record RpcEndpoint(UUID interfaceId, int versionMajor, int versionMinor, String interfaceName,
                          String annotation, String protocolSequence, String endpoint, String hostAddress) {
    public static final String NCACN_IP_TCP = "ncacn_ip_tcp";
    public static final String NCACN_HTTP = "ncacn_http";
    public static final String NCACN_NP = "ncacn_np";
    public static final String NCALRPC = "ncalrpc";
    public static final String NCADG_IP_UDP = "ncadg_ip_udp";

    /** The TCP or UDP port for ncacn_ip_tcp, ncacn_http and ncadg_ip_udp. */
    public OptionalInt port() {
        boolean ported = NCACN_IP_TCP.equals(protocolSequence) || NCACN_HTTP.equals(protocolSequence)
                || NCADG_IP_UDP.equals(protocolSequence);
        if (!ported || endpoint == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(endpoint));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** True for a TCP endpoint (ncacn_ip_tcp or ncacn_http) that a firewall must let through. */
    public boolean isTcp() {
        return port().isPresent() && !NCADG_IP_UDP.equals(protocolSequence);
    }

    /** String binding as Windows prints it: {@code ncacn_ip_tcp:198.18.0.10[49152]}. */
    public String stringBinding() {
        return protocolSequence + ":" + (hostAddress == null ? "" : hostAddress)
                + (endpoint == null ? "" : "[" + endpoint + "]");
    }

    /** Interface as "uuid v3.0". */
    public String interfaceVersion() {
        return interfaceId.toString().toLowerCase(Locale.ROOT) + " v" + versionMajor + "." + versionMinor;
    }
}
