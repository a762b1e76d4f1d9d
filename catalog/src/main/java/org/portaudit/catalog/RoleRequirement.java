package org.portaudit.catalog;

import java.util.Set;

/** A port a role itself requires, beyond its services, and whom it serves. */
public record RoleRequirement(Endpoint endpoint, Level level, String reason, Set<Perspective> perspectives) {
    public RoleRequirement {
        perspectives = Perspective.copyOf(perspectives);
    }

    /** A requirement serving every perspective. */
    public RoleRequirement(Endpoint endpoint, Level level, String reason) {
        this(endpoint, level, reason, Perspective.all());
    }
}
