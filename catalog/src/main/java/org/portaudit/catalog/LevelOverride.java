package org.portaudit.catalog;

import java.util.Set;

/**
 * A role's change to an endpoint its services bring: a new level (null: unchanged) and/or the
 * perspectives the port serves on this role (null: unchanged; otherwise intersected with the
 * service's).
 */
public record LevelOverride(Transport transport, PortSpec port, Level level, String reason,
                            Set<Perspective> perspectives) {
    public LevelOverride {
        if (level == null && perspectives == null) {
            throw new IllegalArgumentException("an override changes the level, the perspectives or both");
        }
        perspectives = perspectives == null ? null : Perspective.copyOf(perspectives);
    }

    /** An override of the level alone. */
    public LevelOverride(Transport transport, PortSpec port, Level level, String reason) {
        this(transport, port, level, reason, null);
    }

    boolean matches(Endpoint e) {
        return transport == e.transport() && port.equals(e.port());
    }
}
