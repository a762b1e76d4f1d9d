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
import org.portaudit.scanner.audit.TargetSpec;

/**
 * Turns a group into the targets to audit: its hosts, blocks, hosts files and domain controllers, each
 * once, filtered to a shard. Without sharding, blocks stay blocks (they expand lazily in the engine);
 * with it, a block is split into its addresses so that each address can fall into its own shard.
 */
public final class GroupTargets {
    private GroupTargets() {
    }

    /** As {@link #of(Group, Shard, DcLocator, boolean)}, refusing broadcast, multicast and unspecified addresses. */
    public static List<TargetSpec> of(Group g, Shard shard, DcLocator locator) {
        return of(g, shard, locator, false);
    }

    /** The group's targets in this shard; InventoryException for a bad hosts file, IllegalStateException
     *  (one line) when the domain's controllers cannot be found or DNS names one that is no target.
     *  {@code allowSpecial}: targets may be broadcast, multicast or unspecified addresses. */
    public static List<TargetSpec> of(Group g, Shard shard, DcLocator locator, boolean allowSpecial) {
        Set<String> raw = new LinkedHashSet<>(g.hosts());
        raw.addAll(g.targets());
        for (java.nio.file.Path f : g.hostsFiles()) {
            raw.addAll(readHostsFile(f, allowSpecial));
        }
        List<String> controllers = g.domain() == null ? List.of() : locator.controllers(g.domain(), g.dnsServer());
        for (String dc : controllers) {
            // From DNS, so hostile: a controller named 0177.0.0.1 or 224.0.0.1 is the domain's problem, not a target.
            try {
                TargetSpec.parseTarget(dc, allowSpecial);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("DNS names a controller of " + g.domain() + " that is no target: "
                        + e.getMessage());
            }
        }
        raw.addAll(controllers);
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
        return out;
    }

    static List<String> readHostsFile(java.nio.file.Path f, boolean allowSpecial) {
        try {
            return org.portaudit.scanner.audit.TargetFile.read(f, allowSpecial);
        } catch (org.portaudit.scanner.audit.TargetFile.Bad e) {
            throw new InventoryException(f.toString(), e.line(), e.line() > 0 ? e.what() : "hosts file " + e.what());
        }
    }
}
