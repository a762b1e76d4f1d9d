package org.portaudit.reports.model;

import org.portaudit.catalog.Source;

/** Why a port is expected: which role and service need it, how strongly, and where that comes from. */
public record RequirementRef(String role, String service, String serviceName, String protocol, String level,
                             String reason, Source source) {
}
