package org.portaudit.catalog;

import java.util.List;

/** A server role: the services it is made of, its own requirements and level overrides. */
public record Role(String id, String name, String description, Source source, List<ServiceRef> services,
                   List<RoleRequirement> requirements, List<LevelOverride> overrides) {
    public Role {
        services = List.copyOf(services);
        requirements = List.copyOf(requirements);
        overrides = List.copyOf(overrides);
    }
}
