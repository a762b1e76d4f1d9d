package org.portaudit.catalog;

/**
 * One port a role needs on one Windows version, fully resolved: which service brings it (null for
 * the role's own requirements), how strongly, why, and where that fact comes from.
 */
public record Requirement(String roleId, String serviceId, String serviceName, Endpoint endpoint, Level level,
                          String reason, Source source) {
    public Transport transport() {
        return endpoint.transport();
    }

    public PortSpec port() {
        return endpoint.port();
    }

    public String protocol() {
        return endpoint.protocol();
    }
}
