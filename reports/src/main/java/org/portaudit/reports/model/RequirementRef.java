package org.portaudit.reports.model;

import org.portaudit.catalog.Level;
import org.portaudit.catalog.Source;

/** Why a port is expected: which role and service need it, how strongly, and where that comes from. */
public record RequirementRef(String role, String service, String serviceName, String protocol, Level level,
                             String reason, Source source) {
    public RequirementRef {
        role = Sanitize.text(role, 128);
        service = Sanitize.text(service, 128);
        serviceName = Sanitize.text(serviceName, 256);
        protocol = Sanitize.text(protocol, 256);
        reason = Sanitize.text(reason, 1024);
    }
}
