package org.portaudit.scanner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.Perspective;
import org.portaudit.catalog.Requirement;
import org.portaudit.catalog.Role;
import org.portaudit.catalog.WindowsVersion;
import org.portaudit.reports.json.Json;
import org.portaudit.reports.text.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "roles", description = "List every role, one line each; 'roles show ROLE' for its ports.",
        subcommands = RolesCommand.Show.class, mixinStandardHelpOptions = true)
public final class RolesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CatalogOptions catalog;
    @Mixin
    OutputFormatOption format;

    @Override
    public Integer call() {
        Catalog c = catalog.catalog();
        WindowsVersion v = catalog.version();
        PrintWriter out = spec.commandLine().getOut();
        if (format.json()) {
            ObjectNode root = Json.object();
            root.put("schema", "portaudit.roles/1");
            root.set("windows", windows(v));
            ArrayNode roles = root.putArray("roles");
            for (Role r : c.roles().values()) {
                ObjectNode n = roles.addObject();
                n.put("id", r.id());
                n.put("name", r.name());
                n.put("description", r.description());
                n.put("ports", c.requirements(r, v).size());
            }
            Json.write(root, out);
        } else {
            TextTable t = new TextTable("ROLE", "PORTS", "NAME");
            for (Role r : c.roles().values()) {
                t.row(r.id(), c.requirements(r, v).size(), r.name());
            }
            t.print(out, "");
            out.println();
            out.println(c.roles().size() + " roles, ports as on " + v.displayName()
                    + ". 'portaudit roles show ROLE' lists a role's ports.");
        }
        out.flush();
        return ExitCodes.COMPLIANT;
    }

    static ObjectNode windows(WindowsVersion v) {
        ObjectNode n = Json.object();
        n.put("id", v.id());
        n.put("name", v.displayName());
        n.put("dynamicRpcRange", v.dynamicRpcRange().toString());
        return n;
    }

    /** Looks a role up or fails with a suggestion. */
    static Role role(Catalog c, String id) {
        return c.role(id).orElseThrow(() -> new UsageError("unknown role '" + id + "'"
                + org.portaudit.catalog.Suggest.didYouMean(id, c.roles().keySet())
                + " ('portaudit roles' lists them)"));
    }

    @Command(name = "show", description = "A role's ports: transport, port, application protocol, service, level, "
            + "whom each serves (--from), reason and source.", mixinStandardHelpOptions = true)
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CatalogOptions catalog;
        @Mixin
        OutputFormatOption format;
        @Parameters(paramLabel = "ROLE", description = "Role id, as 'portaudit roles' lists them.")
        String roleId;
        @Mixin
        PerspectiveOption from;

        @Override
        public Integer call() {
            Catalog c = catalog.catalog();
            WindowsVersion v = catalog.version();
            Role role = role(c, roleId);
            Set<Perspective> who = from.perspectives();
            List<Requirement> reqs = c.requirements(role, v, who);
            PrintWriter out = spec.commandLine().getOut();
            if (format.json()) {
                ObjectNode root = Json.object();
                root.put("schema", "portaudit.role/1");
                ObjectNode r = root.putObject("role");
                r.put("id", role.id());
                r.put("name", role.name());
                r.put("description", role.description());
                r.set("source", Json.source(role.source()));
                root.set("windows", windows(v));
                root.set("from", perspectivesJson(who));
                ArrayNode arr = root.putArray("requirements");
                for (Requirement q : reqs) {
                    arr.add(requirementJson(q, v));
                }
                Json.write(root, out);
            } else {
                out.println(role.id() + ": " + role.name());
                out.println(role.description());
                out.println("Ports as on " + v.displayName()
                        + (v == WindowsVersion.W2003 ? " (as in the source documents)."
                        : " (--windows 2003 shows the source documents' Windows Server 2003 view)."));
                out.println("Role source: " + role.source().cite());
                if (!who.equals(Perspective.all())) {
                    out.println("Only the ports serving " + Perspective.join(who) + " (--from).");
                }
                out.println();
                TextTable t = new TextTable("TRANSPORT", "PORT", "PROTOCOL", "SERVICE", "LEVEL", "FROM", "REASON",
                        "SOURCE");
                for (Requirement q : reqs) {
                    t.row(q.transport().id(), portText(q, v), q.protocol(), serviceText(q), q.level().id(),
                            fromText(q.perspectives()), q.reason() == null ? "" : q.reason(), q.source().cite());
                }
                t.print(out, "");
            }
            out.flush();
            return ExitCodes.COMPLIANT;
        }
    }

    /** The words of --from (none: all four); a mistyped one is a usage error with a suggestion. */
    static Set<Perspective> perspectives(List<String> words) {
        if (words == null || words.isEmpty()) {
            return Perspective.all();
        }
        Set<Perspective> out = EnumSet.noneOf(Perspective.class);
        for (String w : words) {
            try {
                out.add(Perspective.parse(w.trim()));
            } catch (IllegalArgumentException e) {
                throw new UsageError("--from: " + e.getMessage());
            }
        }
        return out;
    }

    /** "all" for all four, else the words joined by ',' as --from takes them. */
    static String fromText(Set<Perspective> p) {
        return p.equals(Perspective.all()) ? "all" : Perspective.join(p).replace(", ", ",");
    }

    static ArrayNode perspectivesJson(Set<Perspective> p) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (Perspective x : p) {
            a.add(x.id());
        }
        return a;
    }

    static String portText(Requirement q, WindowsVersion v) {
        return q.port().dynamicRpc() ? "dynamic RPC (" + v.dynamicRpcRange() + ")" : q.port().toString();
    }

    static String serviceText(Requirement q) {
        if (q.serviceId() == null) {
            return "(role)";
        }
        return q.serviceId();
    }

    static ObjectNode requirementJson(Requirement q, WindowsVersion v) {
        ObjectNode n = Json.object();
        n.put("transport", q.transport().id());
        n.put("port", q.port().toString());
        n.put("dynamicRpc", q.port().dynamicRpc());
        n.put("range", q.port().resolve(v).toString());
        n.put("protocol", q.protocol());
        if (q.serviceId() != null) {
            n.put("service", q.serviceId());
            n.put("serviceName", q.serviceName());
        } else {
            n.putNull("service");
        }
        n.put("level", q.level().id());
        n.set("perspectives", perspectivesJson(q.perspectives()));
        if (q.reason() != null) {
            n.put("reason", q.reason());
        } else {
            n.putNull("reason");
        }
        n.set("source", Json.source(q.source()));
        return n;
    }
}
