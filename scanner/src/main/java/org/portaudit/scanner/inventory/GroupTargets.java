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

    /** The group's targets in this shard; InventoryException for a bad hosts file, IllegalStateException
     *  (one line) when the domain's controllers cannot be found. */
    public static List<TargetSpec> of(Group g, Shard shard, DcLocator locator) {
        Set<String> raw = new LinkedHashSet<>(g.hosts());
        raw.addAll(g.targets());
        for (java.nio.file.Path f : g.hostsFiles()) {
            raw.addAll(readHostsFile(f));
        }
        if (g.domain() != null) {
            raw.addAll(locator.controllers(g.domain(), g.dnsServer()));
        }
        List<TargetSpec> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String r : raw) {
            TargetSpec spec = TargetSpec.parse(r);
            if (spec instanceof TargetSpec.Block b && !shard.isAll()) {
                for (Iterator<InetAddress> it = b.addresses(); it.hasNext();) {
                    String a = it.next().getHostAddress();
                    if (shard.includes(a) && seen.add(a)) {
                        out.add(TargetSpec.parse(a));
                    }
                }
            } else if (shard.includes(spec.given()) && seen.add(spec.given())) {
                out.add(spec);
            }
        }
        return out;
    }

    static List<String> readHostsFile(java.nio.file.Path f) {
        try {
            return org.portaudit.scanner.audit.TargetFile.read(f);
        } catch (org.portaudit.scanner.audit.TargetFile.Bad e) {
            throw new InventoryException(f.toString(), e.line(), e.line() > 0 ? e.what() : "hosts file " + e.what());
        }
    }
}
