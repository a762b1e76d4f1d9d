package org.portaudit.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The validated catalog: services, roles and the well-known port dictionary. Immutable. */
public final class Catalog {
    private final Map<String, Service> services;
    private final Map<String, Role> roles;
    private final List<WellKnownPort> wellKnown;
    private final List<FirewallRule> firewallRules;
    private final List<PortOwner> portOwners;

    Catalog(Map<String, Service> services, Map<String, Role> roles, List<WellKnownPort> wellKnown) {
        this(services, roles, wellKnown, List.of(), List.of());
    }

    Catalog(Map<String, Service> services, Map<String, Role> roles, List<WellKnownPort> wellKnown,
            List<FirewallRule> firewallRules, List<PortOwner> portOwners) {
        this.services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        this.roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        this.wellKnown = List.copyOf(wellKnown);
        this.firewallRules = List.copyOf(firewallRules);
        this.portOwners = List.copyOf(portOwners);
    }

    /** The predefined firewall rules the catalog knows (remedies.yaml), each for one port of one service. */
    public List<FirewallRule> firewallRules() {
        return firewallRules;
    }

    /** The port-owner table (remedies.yaml): which Windows service usually listens on a port. */
    public List<PortOwner> portOwners() {
        return portOwners;
    }

    /**
     * The predefined rule of service {@code serviceId} that opens {@code port} on {@code t} (with
     * {@code dynamicRpc}, the service's rule for the ports the endpoint mapper hands out).
     */
    public Optional<FirewallRule> firewallRule(String serviceId, Transport t, int port, boolean dynamicRpc) {
        for (FirewallRule r : firewallRules) {
            if (r.serviceId() != null && r.serviceId().equals(serviceId) && r.opens(t, port, dynamicRpc)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * The rule remedies.yaml gives for the port itself (an entry without a service): for a requirement whose
     * service has no rule of its own, such as a role's own requirement of SMB on 445.
     */
    public Optional<FirewallRule> portRule(Transport t, int port, boolean dynamicRpc) {
        for (FirewallRule r : firewallRules) {
            if (r.serviceId() == null && r.opens(t, port, dynamicRpc)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The service that usually listens on {@code port}/{@code t}, when the table names one. */
    public Optional<PortOwner> portOwner(Transport t, int port) {
        for (PortOwner o : portOwners) {
            if (o.transport() == t && o.port() == port) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    public Map<String, Service> services() {
        return services;
    }

    public Map<String, Role> roles() {
        return roles;
    }

    public List<WellKnownPort> wellKnown() {
        return wellKnown;
    }

    public Optional<Role> role(String id) {
        return Optional.ofNullable(roles.get(id));
    }

    public Optional<Service> service(String id) {
        return Optional.ofNullable(services.get(id));
    }

    /**
     * Every port the role needs on Windows version {@code v}: each endpoint of each of its services
     * (at the level the role uses the service, unless an override changes it), then the role's own
     * requirements. Entries restricted to other versions are left out. Serves every perspective.
     */
    public List<Requirement> requirements(Role role, WindowsVersion v) {
        return requirements(role, v, Perspective.all());
    }

    /**
     * The role's requirements on version {@code v} that serve at least one of {@code from}. A
     * requirement serves the perspectives of its service use (or of the role's own requirement),
     * narrowed by any override of its port that names perspectives; all four where none are written.
     */
    public List<Requirement> requirements(Role role, WindowsVersion v, Set<Perspective> from) {
        if (from == null || from.isEmpty()) {
            throw new IllegalArgumentException("ask for at least one perspective");
        }
        List<Requirement> out = new ArrayList<>();
        for (ServiceRef ref : role.services()) {
            Service s = services.get(ref.serviceId());
            for (Endpoint e : s.endpoints()) {
                if (!e.versions().includes(v)) {
                    continue;
                }
                Level level = ref.level();
                String reason = ref.reason();
                for (LevelOverride o : role.overrides()) {
                    if (o.matches(e) && o.level() != null) {
                        level = o.level();
                        reason = o.reason();
                    }
                }
                Requirement q = new Requirement(role.id(), s.id(), s.name(), e, level, reason, e.source(),
                        perspectives(role, ref, e), s.firewall(), s.stoppableName());
                if (q.serves(from)) {
                    out.add(q);
                }
            }
        }
        for (RoleRequirement r : role.requirements()) {
            if (r.endpoint().versions().includes(v)) {
                Requirement q = new Requirement(role.id(), null, null, r.endpoint(), r.level(), r.reason(),
                        r.endpoint().source(), r.perspectives(), null, null);
                if (q.serves(from)) {
                    out.add(q);
                }
            }
        }
        return out;
    }

    /**
     * Whom a service endpoint serves on a role: the service use's perspectives, intersected with
     * those of every override of that port that names some. Empty means the data contradicts
     * itself; the loader rejects such a role.
     */
    static Set<Perspective> perspectives(Role role, ServiceRef ref, Endpoint e) {
        Set<Perspective> p = EnumSet.noneOf(Perspective.class);
        p.addAll(ref.perspectives());
        for (LevelOverride o : role.overrides()) {
            if (o.matches(e) && o.perspectives() != null) {
                p.retainAll(o.perspectives());
            }
        }
        return p;
    }

    /** A service endpoint that matches a port query. */
    public record ServiceUse(Service service, Endpoint endpoint) {
    }

    /** Services with an endpoint covering {@code port} on {@code transport} (null: any) on version {@code v}. */
    public List<ServiceUse> servicesUsing(int port, Transport transport, WindowsVersion v) {
        List<ServiceUse> out = new ArrayList<>();
        for (Service s : services.values()) {
            for (Endpoint e : s.endpoints()) {
                if (matches(e, port, transport, v)) {
                    out.add(new ServiceUse(s, e));
                }
            }
        }
        return out;
    }

    /** Role requirements covering {@code port} on {@code transport} (null: any) on version {@code v}. */
    public List<Requirement> rolesUsing(int port, Transport transport, WindowsVersion v) {
        List<Requirement> out = new ArrayList<>();
        for (Role r : roles.values()) {
            for (Requirement q : requirements(r, v)) {
                if (matches(q.endpoint(), port, transport, v)) {
                    out.add(q);
                }
            }
        }
        return out;
    }

    private static boolean matches(Endpoint e, int port, Transport transport, WindowsVersion v) {
        return (transport == null || e.transport() == transport) && e.versions().includes(v)
                && e.port().covers(port, v);
    }

    /** Well-known dictionary entries naming {@code port} on {@code transport} (null: any). */
    public List<WellKnownPort> wellKnown(int port, Transport transport) {
        List<WellKnownPort> out = new ArrayList<>();
        for (WellKnownPort w : wellKnown) {
            if (w.port() == port && (transport == null || w.appliesTo(transport))) {
                out.add(w);
            }
        }
        return out;
    }

    /** A short name for an open port: the dictionary's name, else the first catalog protocol, else null. */
    public String nameOf(int port, Transport transport) {
        for (WellKnownPort w : wellKnown(port, transport)) {
            return w.name();
        }
        for (Service s : services.values()) {
            for (Endpoint e : s.endpoints()) {
                if (e.transport() == transport && !e.port().dynamicRpc() && e.port().range().contains(port)
                        && e.port().range().size() == 1) {
                    return e.protocol();
                }
            }
        }
        return null;
    }
}
