package org.portaudit.scanner.audit;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.FirewallRemedy;
import org.portaudit.catalog.FirewallRule;
import org.portaudit.catalog.Perspective;
import org.portaudit.catalog.PortOwner;
import org.portaudit.catalog.PortRange;
import org.portaudit.catalog.Requirement;
import org.portaudit.catalog.Source;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.Remedy;

/**
 * The remedy of a finding, from the catalog's remedy data (remedies.yaml, a service's firewall group and stop
 * name): a pure function of the catalog, what the finding is about and the host's address. Everything it
 * writes into a command line is catalog data the loader checked (no quotes, backticks or dollars) or a number.
 */
final class Remedies {
    private final Catalog catalog;

    Remedies(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Whether a finding of this kind gets a remedy. */
    static boolean needed(FindingKind kind) {
        return kind == FindingKind.REQUIRED_BLOCKED || kind == FindingKind.UNEXPECTED_OPEN
                || kind == FindingKind.FORBIDDEN_OPEN;
    }

    /**
     * How to open a blocked required endpoint: the first requirement whose service has a predefined rule for the
     * port; else a service's predefined group; else a rule to create. {@code ports} is the port or range blocked
     * ({@code dynamicRpc}: the ports the endpoint mapper hands out, {@code ports} its range or the one advertised
     * port), {@code host} the address probed.
     */
    Remedy open(ExpectedEndpoint ep, PortRange ports, boolean dynamicRpc, String host) {
        Transport t = ep.transport();
        FirewallRule rule = null;
        FirewallRemedy group = null;
        for (Requirement q : ep.requirements()) {
            if (q.serviceId() == null) {
                continue;
            }
            Optional<FirewallRule> r = catalog.firewallRule(q.serviceId(), t, ports.low(), dynamicRpc);
            if (r.isPresent()) {
                rule = r.get();
                break;
            }
            if (group == null && q.remedy() != null) {
                group = q.remedy();
            }
        }
        if (rule == null) {
            rule = catalog.portRule(t, ports.low(), dynamicRpc).orElse(null);
        }
        String portWord = portWord(t, ports, dynamicRpc);
        List<String> commands = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        String note;
        String groupName = null;
        if (rule != null) {
            groupName = rule.group();
            commands.add("Enable-NetFirewallRule -DisplayName " + quoted(rule.rule()));
            sources.add(rule.source());
            note = rule.note();
        } else {
            if (group != null) {
                groupName = group.group();
                commands.add("Enable-NetFirewallRule -DisplayGroup " + quoted(group.group()));
                sources.add(group.source());
            }
            commands.add("New-NetFirewallRule -DisplayName " + quoted("portaudit: allow " + portWord)
                    + " -Direction Inbound -Protocol " + t.id().toUpperCase(java.util.Locale.ROOT)
                    + " -LocalPort " + localPort(ports, dynamicRpc) + " -Action Allow");
            note = group != null
                    ? "the catalog knows no predefined rule for " + portWord + " itself: enabling the service's group '"
                    + group.group() + "' opens its ports where the group has a rule for this one; otherwise create "
                    + "the rule (second command)"
                    : "Windows ships no predefined rule for " + portWord + " that the catalog knows: create one";
        }
        String sourcesWord = sourcesWord(ep.requirements());
        String network = "allow " + t.id() + " from " + sourcesWord + " to " + host + " port "
                + (dynamicRpc && ports.size() > 1 ? ports.low() + "-" + ports.high() + " (the dynamic RPC range)"
                : ports.size() > 1 ? ports.low() + "-" + ports.high() : String.valueOf(ports.low()));
        return new Remedy(Remedy.Action.OPEN, groupName, rule == null ? null : rule.rule(), null, null, commands,
                network, note, sources);
    }

    /**
     * How to close an open port that should not be: the service the port's requirements name as its stop
     * name (a forbidden port a role expects), else the port-owner table's service; stopped and disabled, or,
     * when no owner is known, found through the listening socket; and blocked at both firewalls.
     */
    Remedy close(Transport t, int port, List<Requirement> expectedBy, String host) {
        String service = null;
        String display = null;
        List<Source> sources = new ArrayList<>();
        String note = null;
        for (Requirement q : expectedBy) {
            if (q.stopService() != null) {
                service = q.stopService();
                display = q.serviceName();
                sources.add(q.source());
                break;
            }
        }
        if (service == null) {
            Optional<PortOwner> owner = catalog.portOwner(t, port);
            if (owner.isPresent()) {
                service = owner.get().service();
                display = owner.get().name();
                sources.add(owner.get().source());
                note = owner.get().note();
            }
        }
        String portWord = port + "/" + t.id();
        List<String> commands = new ArrayList<>();
        if (service != null) {
            commands.add("Stop-Service -Name " + quoted(service));
            commands.add("Set-Service -Name " + quoted(service) + " -StartupType Disabled");
            note = "the owner is what usually listens on " + portWord + ", a guess from the number: confirm it with "
                    + findCommand(t, port) + " before stopping it" + (note == null ? "" : "; " + note);
        } else {
            commands.add(findCommand(t, port));
            commands.add("Get-Process -Id <OwningProcess> | Select-Object Id, ProcessName, Path");
            commands.add("Get-CimInstance Win32_Service -Filter 'ProcessId = <OwningProcess>' | Select-Object Name, "
                    + "DisplayName");
            note = "the catalog knows no service that usually listens on " + portWord + ": find the owning process "
                    + "and its service, then stop and disable it (Stop-Service; Set-Service -StartupType Disabled)";
        }
        commands.add("New-NetFirewallRule -DisplayName " + quoted("portaudit: block " + portWord)
                + " -Direction Inbound -Protocol " + t.id().toUpperCase(java.util.Locale.ROOT) + " -LocalPort " + port
                + " -Action Block");
        String network = "deny " + t.id() + " from any source to " + host + " port " + port;
        return new Remedy(Remedy.Action.CLOSE, null, null, service, display, commands, network, note, sources);
    }

    private static String findCommand(Transport t, int port) {
        return t == Transport.UDP ? "Get-NetUDPEndpoint -LocalPort " + port + " | Select-Object OwningProcess"
                : "Get-NetTCPConnection -LocalPort " + port + " -State Listen | Select-Object OwningProcess";
    }

    private static String portWord(Transport t, PortRange ports, boolean dynamicRpc) {
        if (dynamicRpc) {
            return ports.size() == 1 ? ports.low() + "/" + t.id() + " (dynamic RPC)" : "dynamic RPC/" + t.id();
        }
        return (ports.size() == 1 ? String.valueOf(ports.low()) : ports.low() + "-" + ports.high()) + "/" + t.id();
    }

    /** The LocalPort of a rule to create: the number, a range, or the keyword RPC for the dynamic RPC row. */
    private static String localPort(PortRange ports, boolean dynamicRpc) {
        if (dynamicRpc && ports.size() > 1) {
            return "RPC";
        }
        return ports.size() == 1 ? String.valueOf(ports.low()) : ports.low() + "-" + ports.high();
    }

    /** Whom the network rule lets in: the perspectives the requirements serve, in words. */
    static String sourcesWord(List<Requirement> requirements) {
        Set<Perspective> who = EnumSet.noneOf(Perspective.class);
        for (Requirement q : requirements) {
            who.addAll(q.perspectives());
        }
        if (who.isEmpty() || who.equals(Perspective.all())) {
            return "the clients that use the service";
        }
        Set<String> words = new LinkedHashSet<>();
        for (Perspective p : who) {
            words.add(switch (p) {
                case CLIENT -> "domain members (clients)";
                case DOMAIN_CONTROLLER -> "the other domain controllers";
                case TRUST -> "the domain controllers of trusted domains";
                case ADMIN -> "administrators' workstations";
            });
        }
        return String.join(", ", words);
    }

    /** A PowerShell single-quoted string: a quote inside doubled. */
    static String quoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
