package org.portaudit.scanner.inventory;

import java.nio.file.Path;
import java.util.List;

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
 */
public record Group(String name, int line, List<String> hosts, List<String> targets, List<Path> hostsFiles,
                    String domain, String dnsServer, List<String> roles, Path policy, int policyLine) {
    public Group {
        hosts = List.copyOf(hosts);
        targets = List.copyOf(targets);
        hostsFiles = List.copyOf(hostsFiles);
        roles = List.copyOf(roles);
    }
}
