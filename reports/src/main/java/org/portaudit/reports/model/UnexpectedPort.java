package org.portaudit.reports.model;

import java.util.List;
import org.portaudit.catalog.Transport;

/** An open port that no chosen role expects, named from the well-known port dictionary where it can be. */
public record UnexpectedPort(Transport transport, int port, String name, String description, PortState state,
                             FindingKind finding, String message, Double rttMillis, List<Evidence> evidence) {
    public UnexpectedPort {
        if (transport == null || transport == Transport.IP) {
            throw new IllegalArgumentException("an unexpected port is tcp or udp");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535");
        }
        name = Sanitize.text(name, 128);
        description = Sanitize.text(description, 512);
        message = Sanitize.text(message, 2048);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** "23/tcp". */
    public String portLabel() {
        return port + "/" + transport.id();
    }
}
