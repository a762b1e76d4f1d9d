package org.portaudit.scanner.inventory;

import java.nio.file.Path;
import java.util.List;

/**
 * What a scheduled audit covers: groups of hosts, each with its roles.
 *
 * @param name   the inventory's name: the key under which its runs are kept in the history
 *               ({@code name:} in the file, else the file name without its extension)
 * @param file   the file it was read from
 * @param groups its groups, in file order
 * @param allowSpecialTargets whether its targets may be broadcast, multicast or unspecified addresses
 *               (it was read with that permission, and its hosts files are read with it)
 */
public record Inventory(String name, Path file, List<Group> groups, boolean allowSpecialTargets) {
    public Inventory {
        groups = List.copyOf(groups);
    }

    public Inventory(String name, Path file, List<Group> groups) {
        this(name, file, groups, false);
    }
}
