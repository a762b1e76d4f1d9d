package org.portaudit.catalog;

import java.util.Set;

/** A role's use of a service: every endpoint of the service at this level, serving these perspectives. */
public record ServiceRef(String serviceId, Level level, String reason, Set<Perspective> perspectives) {
    public ServiceRef {
        perspectives = Perspective.copyOf(perspectives);
    }

    /** A use serving every perspective. */
    public ServiceRef(String serviceId, Level level, String reason) {
        this(serviceId, level, reason, Perspective.all());
    }
}
