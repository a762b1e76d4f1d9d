package org.portaudit.catalog;

import java.util.Set;

/**
 * One port a role needs on one Windows version, fully resolved: which service brings it (null for
 * the role's own requirements), how strongly, why, whom it serves, where that fact comes from, and
 * what an administrator can do about it: the service's predefined firewall rule group
 * ({@code remedy}, null where none) and the service name {@code Stop-Service} takes
 * ({@code stopService}, null where none or where it must not be stopped).
 */
public record Requirement(String roleId, String serviceId, String serviceName, Endpoint endpoint, Level level,
                          String reason, Source source, Set<Perspective> perspectives, FirewallRemedy remedy,
                          String stopService) {
    public Requirement {
        perspectives = Perspective.copyOf(perspectives);
    }

    /** A requirement serving every perspective, without remedy data. */
    public Requirement(String roleId, String serviceId, String serviceName, Endpoint endpoint, Level level,
                       String reason, Source source) {
        this(roleId, serviceId, serviceName, endpoint, level, reason, source, Perspective.all(), null, null);
    }

    public Transport transport() {
        return endpoint.transport();
    }

    public PortSpec port() {
        return endpoint.port();
    }

    public String protocol() {
        return endpoint.protocol();
    }

    /** True when the requirement serves at least one of {@code from}. */
    public boolean serves(Set<Perspective> from) {
        for (Perspective p : from) {
            if (perspectives.contains(p)) {
                return true;
            }
        }
        return false;
    }
}
