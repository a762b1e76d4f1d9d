package org.portaudit.reports.model;

import java.util.List;
import org.portaudit.catalog.Level;
import org.portaudit.catalog.Transport;

/**
 * One expected endpoint on one host, and what was seen there.
 *
 * @param transport  tcp, udp or ip
 * @param port       the port number, or null for a range, dynamic RPC or an IP protocol ({@link Located})
 * @param range      a range row's ports, or dynamic RPC's range (numbers); else null
 * @param dynamicRpc true for the dynamic RPC row
 * @param ipProtocol an IP protocol row's number; else null
 * @param protocol   the application protocol(s) expected there
 * @param level      the strongest level among {@code requiredBy}
 * @param requiredBy every role/service requirement that names this endpoint
 * @param state      the port state seen, or null when it was not probed
 * @param finding    the verdict
 * @param message    one line for people, explaining the verdict
 * @param rttMillis  round-trip time of the answer that decided the state, or null
 * @param attempts   probes sent, or 0 when not probed
 * @param evidence   what proved the state and the service's identity
 * @param endpoints  the dynamic RPC row only: one entry per TCP port the endpoint mapper advertised
 * @param remedy     what to do about a required-blocked or forbidden-open verdict; null for other verdicts
 */
public record PortCheck(Transport transport, Integer port, Span range, boolean dynamicRpc, Integer ipProtocol,
                        String protocol, Level level, List<RequirementRef> requiredBy, PortState state,
                        FindingKind finding, String message, Double rttMillis, int attempts, List<Evidence> evidence,
                        List<RpcEndpointCheck> endpoints, Remedy remedy) implements Located {
    public PortCheck {
        Located.check(transport, port, range, dynamicRpc, ipProtocol);
        protocol = Sanitize.text(protocol, 512);
        message = Sanitize.text(message, 2048);
        requiredBy = requiredBy == null ? List.of() : List.copyOf(requiredBy);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        if (!dynamicRpc && !endpoints.isEmpty()) {
            throw new IllegalArgumentException("only the dynamic RPC row has endpoints");
        }
    }

    /** A check without a remedy. */
    public PortCheck(Transport transport, Integer port, Span range, boolean dynamicRpc, Integer ipProtocol,
                     String protocol, Level level, List<RequirementRef> requiredBy, PortState state,
                     FindingKind finding, String message, Double rttMillis, int attempts, List<Evidence> evidence,
                     List<RpcEndpointCheck> endpoints) {
        this(transport, port, range, dynamicRpc, ipProtocol, protocol, level, requiredBy, state, finding, message,
                rttMillis, attempts, evidence, endpoints, null);
    }

    public PortCheck(Transport transport, Located.Where where, String protocol, Level level,
                     List<RequirementRef> requiredBy, PortState state, FindingKind finding, String message,
                     Double rttMillis, int attempts, List<Evidence> evidence, List<RpcEndpointCheck> endpoints) {
        this(transport, where.port(), where.range(), where.dynamicRpc(), where.ipProtocol(), protocol, level,
                requiredBy, state, finding, message, rttMillis, attempts, evidence, endpoints);
    }

    /** The same check with another verdict (policy, exceptions); a remedy for the old verdict is dropped. */
    public PortCheck withVerdict(FindingKind finding, String message) {
        return new PortCheck(transport, port, range, dynamicRpc, ipProtocol, protocol, level, requiredBy, state,
                finding, message, rttMillis, attempts, evidence, endpoints, finding == this.finding ? remedy : null);
    }

    /** The same check with a remedy and (for the dynamic RPC row) endpoints that carry theirs. */
    public PortCheck withRemedy(Remedy remedy, List<RpcEndpointCheck> endpoints) {
        return new PortCheck(transport, port, range, dynamicRpc, ipProtocol, protocol, level, requiredBy, state,
                finding, message, rttMillis, attempts, evidence, endpoints, remedy);
    }
}
