package org.portaudit.scanner.audit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.portaudit.catalog.Level;
import org.portaudit.catalog.PortSpec;
import org.portaudit.catalog.Requirement;
import org.portaudit.catalog.Transport;

/**
 * One endpoint the chosen roles expect, with every requirement that names it (several roles and
 * services often share one port: 135 is needed by a dozen services).
 */
public record ExpectedEndpoint(Transport transport, PortSpec port, List<Requirement> requirements) {
    public ExpectedEndpoint {
        requirements = List.copyOf(requirements);
    }

    /** The strongest level: required over conditional over optional. */
    public Level level() {
        Level best = Level.OPTIONAL;
        for (Requirement r : requirements) {
            if (r.level() == Level.REQUIRED) {
                return Level.REQUIRED;
            }
            if (r.level() == Level.CONDITIONAL) {
                best = Level.CONDITIONAL;
            }
        }
        return best;
    }

    /** The distinct application protocols, joined ("LDAP, Global Catalog"). */
    public String protocols() {
        Set<String> p = new LinkedHashSet<>();
        for (Requirement r : requirements) {
            p.add(r.protocol());
        }
        return String.join(", ", p);
    }

    /** The reasons of the non-required requirements (for optional and conditional ports). */
    public List<String> reasons() {
        List<String> out = new ArrayList<>();
        for (Requirement r : requirements) {
            if (r.reason() != null && !out.contains(r.reason())) {
                out.add(r.reason());
            }
        }
        return out;
    }

    /** A single TCP or UDP port: something a probe can check directly. */
    public boolean probeable() {
        return transport != Transport.IP && !port.dynamicRpc() && port.range().size() == 1;
    }

    /** The single port number; only for {@link #probeable()} endpoints. */
    public int number() {
        return port.range().low();
    }

    /** Why an endpoint is not probed, for the not-checked message. */
    public String notProbedReason(org.portaudit.catalog.WindowsVersion v) {
        if (transport == Transport.IP) {
            return "IP protocol " + port + " is not a port: a connect or UDP probe cannot test it";
        }
        if (port.dynamicRpc()) {
            return "dynamic RPC (" + v.dynamicRpcRange() + ", handed out by the endpoint mapper on 135/tcp): "
                    + "not checked";
        }
        return "port range " + port + " is used dynamically: a probe of a few ports would prove nothing";
    }
}
