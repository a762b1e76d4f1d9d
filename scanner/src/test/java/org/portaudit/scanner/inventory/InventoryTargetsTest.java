package org.portaudit.scanner.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portaudit.scanner.audit.TargetSpec;

/**
 * Issue 14 in a group's targets: hosts files and DNS-named controllers, as audit reads them (the inventory
 * file's own hosts and targets: InventoryParserTest). Parsing only, no socket.
 */
class InventoryTargetsTest {
    private static final String FLAG = "; not probed without --allow-special-targets";

    @TempDir
    Path dir;

    private static Group group(List<String> hosts, List<Path> files, String domain) {
        return new Group("g", 1, hosts, List.of(), files, domain, null, List.of("web-server"), null, 0);
    }

    @Test
    void aHostsFileLineIsCheckedWithTheInventorysPermission() throws Exception {
        Path hosts = dir.resolve("hosts.txt");
        Files.writeString(hosts, "198.18.0.10\n224.0.0.251\n");
        Group g = group(List.of(), List.of(hosts), null);
        InventoryException e = assertThrows(InventoryException.class, () -> GroupTargets.of(g, Shard.ALL, noDomain()));
        assertEquals(hosts + ":2: target is a multicast address (224.0.0.0/4)" + FLAG, e.getMessage());
        List<TargetSpec> allowed = GroupTargets.of(g, Shard.ALL, noDomain(), true);
        assertEquals(List.of("198.18.0.10", "224.0.0.251"), allowed.stream().map(TargetSpec::given).toList());
        assertTrue(((TargetSpec.Name) allowed.get(1)).allowSpecial(), "the permission reaches the resolver");

        Files.writeString(hosts, "0x7f000001\n");
        InventoryException hex = assertThrows(InventoryException.class,
                () -> GroupTargets.of(g, Shard.ALL, noDomain(), true));
        assertTrue(hex.getMessage().startsWith(hosts + ":1: ambiguous address: hexadecimal"),
                hex.getMessage());
    }

    @Test
    void aShardedBlockKeepsThePermission() {
        Group g = new Group("g", 1, List.of(), List.of("224.0.0.0/30"), List.of(), null, null, List.of("web-server"),
                null, 0);
        int names = 0;
        for (int i = 0; i < 2; i++) {
            for (TargetSpec t : GroupTargets.of(g, new Shard(i, 2), noDomain(), true)) {
                assertTrue(((TargetSpec.Name) t).allowSpecial(), t.given());
                names++;
            }
        }
        assertEquals(4, names);
        assertThrows(IllegalArgumentException.class, () -> GroupTargets.of(g, new Shard(0, 2), noDomain()));
    }

    @Test
    void aControllerThatDnsNamesAmbiguouslyIsThatHostsError() {
        Group g = group(List.of(), List.of(), "corp.example");
        DcLocator hostile = (domain, server) -> List.of("dc01.corp.example", "0177.0.0.1");
        GroupTargets.Targets t = GroupTargets.resolve(g, Shard.ALL, hostile, false);
        assertEquals(List.of("dc01.corp.example"), t.targets().stream().map(TargetSpec::given).toList());
        assertEquals(1, t.failed().size());
        assertEquals("0177.0.0.1", t.failed().get(0).target());
        assertEquals("DNS names a controller of corp.example that is no target: ambiguous address '0177.0.0.1': a "
                + "leading zero means octal to inet_aton (127.0.0.1) but decimal to others (177.0.0.1); write it "
                + "without leading zeros", t.failed().get(0).error());
        DcLocator multicast = (domain, server) -> List.of("224.0.0.1");
        GroupTargets.Targets m = GroupTargets.resolve(g, Shard.ALL, multicast, false);
        assertEquals(List.of(), m.targets());
        assertEquals("DNS names a controller of corp.example that is no target: target '224.0.0.1' is a multicast "
                + "address (224.0.0.0/4)" + FLAG, m.failed().get(0).error());
    }

    private static DcLocator noDomain() {
        return (d, s) -> {
            throw new AssertionError("no domain here");
        };
    }
}
