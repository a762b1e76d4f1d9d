package org.portaudit.scanner.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.portaudit.catalog.Perspective;

/**
 * One group of an inventory: its hosts and what they are expected to be.
 *
 * @param name       the group's name (unique in the inventory)
 * @param line       where the group starts in the inventory file
 * @param hosts      host names or addresses
 * @param targets    CIDR blocks and ranges
 * @param hostsFiles files of targets, one per line (relative paths resolved against the inventory's folder)
 * @param domain     an Active Directory domain whose domain controllers join the group, or null
 * @param dnsServer  the DNS server asked for the domain's controllers, or null for the system's
 * @param roles      the roles every host of the group has
 * @param policy     a policy file for the group, or null
 * @param policyLine where {@code policy} is written, for error messages
 * @param from       whom the group's expected ports must serve (its {@code from:} key, KB 179442's perspectives),
 *                   or null when the group names none (then {@code --from}, else all four)
 */
public record Group(String name, int line, List<String> hosts, List<String> targets, List<Path> hostsFiles,
                    String domain, String dnsServer, List<String> roles, Path policy, int policyLine,
                    Set<Perspective> from) {
    public Group {
        from = from == null ? null : Set.copyOf(from);
        if (from != null && from.isEmpty()) {
            throw new IllegalArgumentException("a group's from names at least one perspective");
        }
        hosts = List.copyOf(hosts);
        targets = List.copyOf(targets);
        hostsFiles = List.copyOf(hostsFiles);
        roles = List.copyOf(roles);
    }

    /** A group that names no perspectives. */
    public Group(String name, int line, List<String> hosts, List<String> targets, List<Path> hostsFiles,
                 String domain, String dnsServer, List<String> roles, Path policy, int policyLine) {
        this(name, line, hosts, targets, hostsFiles, domain, dnsServer, roles, policy, policyLine, null);
    }

    /** The perspectives the group's hosts are judged for: its own {@code from:}, else {@code fallback}. */
    public Set<Perspective> fromOr(Set<Perspective> fallback) {
        return from != null ? from : fallback;
    }
}
