package org.portaudit.scanner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.Catalog.ServiceUse;
import org.portaudit.catalog.Requirement;
import org.portaudit.catalog.Transport;
import org.portaudit.catalog.WellKnownPort;
import org.portaudit.catalog.WindowsVersion;
import org.portaudit.reports.json.Json;
import org.portaudit.reports.text.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ports", description = "Every service and role that uses a port, and its well-known name.",
        mixinStandardHelpOptions = true)
public final class PortsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CatalogOptions catalog;
    @Mixin
    OutputFormatOption format;
    @Parameters(paramLabel = "PORT[/tcp|/udp|/ip]",
            description = "A port number, optionally with its transport (88, 88/udp); /ip for an IP protocol (47/ip).")
    String query;

    /** A parsed query: port and transport (null: both TCP and UDP). */
    record Query(int port, Transport transport) {
    }

    static Query parse(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        Transport t = null;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            String tr = s.substring(slash + 1);
            try {
                t = Transport.parse(tr);
            } catch (IllegalArgumentException e) {
                throw new UsageError("bad port '" + raw + "': transport must be tcp, udp or ip; did you mean '"
                        + s.substring(0, slash) + "/" + (tr.startsWith("u") ? "udp" : "tcp") + "'?");
            }
            s = s.substring(0, slash);
        }
        int port;
        try {
            port = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new UsageError("bad port '" + raw + "': expected a number such as 88 or 88/udp");
        }
        int max = t == Transport.IP ? 255 : 65535;
        if (port < (t == Transport.IP ? 0 : 1) || port > max) {
            throw new UsageError("bad port '" + raw + "': out of range 1-" + max);
        }
        return new Query(port, t);
    }

    @Override
    public Integer call() {
        Query q = parse(query);
        Catalog c = catalog.catalog();
        WindowsVersion v = catalog.version();
        List<WellKnownPort> names = q.transport() == Transport.IP ? List.of() : c.wellKnown(q.port(), q.transport());
        List<ServiceUse> services = c.servicesUsing(q.port(), q.transport(), v);
        List<Requirement> roles = c.rolesUsing(q.port(), q.transport(), v);
        PrintWriter out = spec.commandLine().getOut();
        if (format.json()) {
            ObjectNode root = Json.object();
            root.put("schema", "portaudit.port/1");
            root.put("port", q.port());
            if (q.transport() == null) {
                root.putNull("transport");
            } else {
                root.put("transport", q.transport().id());
            }
            root.set("windows", RolesCommand.windows(v));
            ArrayNode wk = root.putArray("wellKnown");
            for (WellKnownPort w : names) {
                ObjectNode n = wk.addObject();
                n.put("name", w.name());
                Json.putIf(n, "transport", w.transport());
                Json.putIf(n, "description", w.description());
                Json.putIf(n, "table", w.table());
            }
            ArrayNode sv = root.putArray("services");
            for (ServiceUse u : services) {
                ObjectNode n = sv.addObject();
                n.put("id", u.service().id());
                n.put("name", u.service().name());
                Json.putIf(n, "serviceName", u.service().serviceName());
                n.put("protocol", u.endpoint().protocol());
                n.put("transport", u.endpoint().transport().id());
                n.put("port", u.endpoint().port().toString());
                n.set("source", Json.source(u.endpoint().source()));
            }
            ArrayNode rl = root.putArray("roles");
            for (Requirement r : roles) {
                ObjectNode n = RolesCommand.requirementJson(r, v);
                n.put("role", r.roleId());
                rl.add(n);
            }
            Json.write(root, out);
            out.flush();
            return ExitCodes.COMPLIANT;
        }
        String label = q.port() + (q.transport() == null ? "" : "/" + q.transport().id());
        out.println("Port " + label + " (ports as on " + v.displayName() + ")");
        out.println();
        out.println("Well-known names:");
        if (names.isEmpty()) {
            out.println("  none in the dictionary");
        } else {
            TextTable t = new TextTable("NAME", "TRANSPORT", "TABLE", "DESCRIPTION");
            for (WellKnownPort w : names) {
                t.row(w.name(), w.transport() == null ? "tcp+udp" : w.transport(), w.table(), w.description());
            }
            t.print(out, "  ");
        }
        out.println();
        out.println("Services:");
        if (services.isEmpty()) {
            out.println("  no catalog service uses it");
        } else {
            TextTable t = new TextTable("SERVICE", "NAME", "TRANSPORT", "PORT", "PROTOCOL", "SOURCE");
            for (ServiceUse u : services) {
                t.row(u.service().id(), u.service().name(), u.endpoint().transport().id(),
                        u.endpoint().port().dynamicRpc() ? "dynamic RPC (" + v.dynamicRpcRange() + ")"
                                : u.endpoint().port().toString(),
                        u.endpoint().protocol(), u.endpoint().source().cite());
            }
            t.print(out, "  ");
        }
        out.println();
        out.println("Roles:");
        if (roles.isEmpty()) {
            out.println("  no role needs it");
        } else {
            TextTable t = new TextTable("ROLE", "TRANSPORT", "PORT", "SERVICE", "LEVEL", "REASON");
            for (Requirement r : roles) {
                t.row(r.roleId(), r.transport().id(), RolesCommand.portText(r, v), RolesCommand.serviceText(r),
                        r.level().id(), r.reason());
            }
            t.print(out, "  ");
        }
        out.flush();
        return ExitCodes.COMPLIANT;
    }
}
