package org.portaudit.scanner.inventory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.portaudit.reports.model.HostReport;
import org.portaudit.scanner.audit.TargetSpec;

/**
 * Turns a group into the targets to audit: its hosts, blocks, hosts files and domain controllers, each
 * once, filtered to a shard. Without sharding, blocks stay blocks (they expand lazily in the engine);
 * with it, a block is split into its addresses so that each address can fall into its own shard.
 */
public final class GroupTargets {
    private GroupTargets() {
    }

    /**
     * A group's targets in this shard, and the hosts that stand in the report as errors: the domain's SRV
     * record when its controllers cannot be found, and each controller DNS names that is no target (a
     * backslash, a control character, an ambiguous or special address). One bad DNS answer is thus that
     * host's error; the group's other hosts are audited.
     */
    public record Targets(List<TargetSpec> targets, List<HostReport> failed) {
        public Targets {
            targets = List.copyOf(targets);
            failed = List.copyOf(failed);
        }
    }

    /** As {@link #of(Group, Shard, DcLocator, boolean)}, refusing broadcast, multicast and unspecified addresses. */
    public static List<TargetSpec> of(Group g, Shard shard, DcLocator locator) {
        return of(g, shard, locator, false);
    }

    /** The targets of {@link #resolve}, without the hosts that are errors. */
    public static List<TargetSpec> of(Group g, Shard shard, DcLocator locator, boolean allowSpecial) {
        return resolve(g, shard, locator, allowSpecial).targets();
    }

    /** The group's targets in this shard; InventoryException for a bad hosts file (the user's input, exit 2).
     *  {@code allowSpecial}: targets may be broadcast, multicast or unspecified addresses. */
    public static Targets resolve(Group g, Shard shard, DcLocator locator, boolean allowSpecial) {
        Set<String> raw = new LinkedHashSet<>(g.hosts());
        raw.addAll(g.targets());
        for (java.nio.file.Path f : g.hostsFiles()) {
            raw.addAll(readHostsFile(f, allowSpecial));
        }
        List<HostReport> failed = new ArrayList<>();
        if (g.domain() != null) {
            List<String> controllers;
            try {
                controllers = locator.controllers(g.domain(), g.dnsServer());
            } catch (IllegalStateException e) {
                controllers = List.of();
                failed.add(HostReport.failed(srvName(g.domain()), g.name(), e.getMessage()));
            }
            for (String dc : controllers) {
                // From DNS, so hostile: a controller named dc\01, 0177.0.0.1 or 224.0.0.1 is that host's error,
                // not a target (parseTarget quotes it with its control characters escaped).
                try {
                    TargetSpec.parseTarget(dc, allowSpecial);
                    raw.add(dc);
                } catch (IllegalArgumentException e) {
                    if (shard.includes(dc)) {
                        failed.add(HostReport.failed(dc, g.name(), "DNS names a controller of " + g.domain()
                                + " that is no target: " + e.getMessage()));
                    }
                }
            }
        }
        List<TargetSpec> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String r : raw) {
            TargetSpec spec = TargetSpec.parseTarget(r, allowSpecial);
            if (spec instanceof TargetSpec.Block b && !shard.isAll()) {
                for (Iterator<InetAddress> it = b.addresses(); it.hasNext();) {
                    String a = it.next().getHostAddress();
                    if (shard.includes(a) && seen.add(a)) {
                        out.add(TargetSpec.parseTarget(a, allowSpecial));
                    }
                }
            } else if (shard.includes(spec.given()) && seen.add(spec.given())) {
                out.add(spec);
            }
        }
        return new Targets(out, failed);
    }

    /** The SRV record that names a domain's controllers. */
    public static String srvName(String domain) {
        return "_ldap._tcp.dc._msdcs." + domain;
    }

    static List<String> readHostsFile(java.nio.file.Path f, boolean allowSpecial) {
        try {
            return org.portaudit.scanner.audit.TargetFile.read(f, allowSpecial);
        } catch (org.portaudit.scanner.audit.TargetFile.Bad e) {
            throw new InventoryException(f.toString(), e.line(), e.line() > 0 ? e.what() : "hosts file " + e.what());
        }
    }
}
