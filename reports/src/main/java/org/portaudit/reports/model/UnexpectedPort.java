package org.portaudit.reports.model;

import java.util.List;

/** An open port that no chosen role expects, named from the well-known port dictionary where it can be. */
public record UnexpectedPort(String transport, int port, String name, String description, PortState state,
                             FindingKind finding, String message, Double rttMillis, List<Evidence> evidence) {
    public UnexpectedPort {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
