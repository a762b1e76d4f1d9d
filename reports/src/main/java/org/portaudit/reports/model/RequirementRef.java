package org.portaudit.reports.model;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.portaudit.catalog.Level;
import org.portaudit.catalog.Perspective;
import org.portaudit.catalog.Source;

/**
 * Why a port is expected: which role and service need it, how strongly, where that comes from, and whom it
 * serves ({@code perspectives}: KB 179442's connecting parties, in declaration order; empty in a report written
 * before portaudit recorded them).
 */
public record RequirementRef(String role, String service, String serviceName, String protocol, Level level,
                             String reason, Source source, List<Perspective> perspectives) {
    public RequirementRef {
        perspectives = ordered(perspectives);
        role = Sanitize.text(role, 128);
        service = Sanitize.text(service, 128);
        serviceName = Sanitize.text(serviceName, 256);
        protocol = Sanitize.text(protocol, 256);
        reason = Sanitize.text(reason, 1024);
    }

    /** A requirement whose perspectives are not known (built by hand, or read from an older report). */
    public RequirementRef(String role, String service, String serviceName, String protocol, Level level,
                          String reason, Source source) {
        this(role, service, serviceName, protocol, level, reason, source, List.of());
    }

    /** Whom an expected row serves: the union of its requirements' perspectives, in declaration order. */
    public static List<Perspective> served(List<RequirementRef> refs) {
        Set<Perspective> all = EnumSet.noneOf(Perspective.class);
        for (RequirementRef r : refs) {
            all.addAll(r.perspectives());
        }
        return List.copyOf(all);
    }

    /** Distinct perspectives in declaration order; null is none. */
    static List<Perspective> ordered(Collection<Perspective> p) {
        if (p == null || p.isEmpty()) {
            return List.of();
        }
        Set<Perspective> s = EnumSet.noneOf(Perspective.class);
        for (Perspective x : p) {
            if (x == null) {
                throw new IllegalArgumentException("a perspective is missing");
            }
            s.add(x);
        }
        return List.copyOf(s);
    }
}
