package org.portaudit.catalog;

import java.util.List;

/** A system service (or product component) and the endpoints it listens on. */
public record Service(String id, String name, String serviceName, String product, String description,
                      Source source, List<Endpoint> endpoints) {
    public Service {
        endpoints = List.copyOf(endpoints);
    }
}
