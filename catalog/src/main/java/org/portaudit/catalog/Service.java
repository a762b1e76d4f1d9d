package org.portaudit.catalog;

import java.util.List;

/**
 * A system service (or product component) and the endpoints it listens on. {@code firewall} is the
 * predefined firewall rule group that opens its ports (null where Windows has none);
 * {@code stopService} the name {@code Stop-Service} takes when it is not {@code serviceName}, or
 * {@link #NOT_STOPPABLE} where the service must not or cannot be stopped (null: use serviceName).
 */
public record Service(String id, String name, String serviceName, String product, String description,
                      Source source, List<Endpoint> endpoints, FirewallRemedy firewall, String stopService) {
    /** The {@code stopService} word for a service that must not or cannot be stopped. */
    public static final String NOT_STOPPABLE = "none";

    public Service {
        endpoints = List.copyOf(endpoints);
    }

    /** A service without remedy data. */
    public Service(String id, String name, String serviceName, String product, String description, Source source,
                   List<Endpoint> endpoints) {
        this(id, name, serviceName, product, description, source, endpoints, null, null);
    }

    /**
     * The Windows service short name for {@code Stop-Service} / {@code Set-Service}, or null where
     * there is none or it must not be stopped.
     */
    public String stoppableName() {
        if (stopService == null) {
            return serviceName;
        }
        return stopService.equals(NOT_STOPPABLE) ? null : stopService;
    }
}
