package org.portaudit.reports.model;

import java.util.List;

/**
 * One TCP port the endpoint mapper advertised (ncacn_ip_tcp), probed on its own, with the RPC interfaces
 * registered behind it. A row of its own in every format.
 *
 * @param port       the advertised port
 * @param state      what a connect saw, or null when it was not probed
 * @param finding    the verdict on this port alone
 * @param message    one line for people: what answers, or what its silence breaks
 * @param rttMillis  round-trip time of the answer, or null
 * @param attempts   connects sent
 * @param evidence   what proved the state
 * @param interfaces the interfaces the mapper lists on this port
 * @param remedy     what to do when the port is required and blocked; else null
 */
public record RpcEndpointCheck(int port, PortState state, FindingKind finding, String message, Double rttMillis,
                               int attempts, List<Evidence> evidence, List<RpcInterfaceRef> interfaces,
                               Remedy remedy) {
    public RpcEndpointCheck {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535");
        }
        message = Sanitize.text(message, 2048);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    }

    /** An endpoint without a remedy. */
    public RpcEndpointCheck(int port, PortState state, FindingKind finding, String message, Double rttMillis,
                            int attempts, List<Evidence> evidence, List<RpcInterfaceRef> interfaces) {
        this(port, state, finding, message, rttMillis, attempts, evidence, interfaces, null);
    }

    /** The same endpoint with a remedy. */
    public RpcEndpointCheck withRemedy(Remedy remedy) {
        return new RpcEndpointCheck(port, state, finding, message, rttMillis, attempts, evidence, interfaces, remedy);
    }
}
