package org.portaudit.scanner.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.portaudit.scanner.audit.TargetSpec;

class ShardTest {
    private static Group group(List<String> hosts, List<String> targets) {
        return new Group("g", 1, hosts, targets, List.<Path>of(), null, null, List.of("web-server"), null, 0);
    }

    private static DcLocator none() {
        return (d, s) -> {
            throw new AssertionError("no domain here");
        };
    }

    @Test
    void everyHostIsInExactlyOneShard() {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            hosts.add("host" + i + ".corp.example");
        }
        Group g = group(hosts, List.of("198.18.1.0/25"));
        for (int n : new int[] {1, 2, 3, 7}) {
            Set<String> seen = new HashSet<>();
            int total = 0;
            for (int i = 0; i < n; i++) {
                List<TargetSpec> share = GroupTargets.of(g, new Shard(i, n), none());
                for (TargetSpec t : share) {
                    assertTrue(seen.add(t.given()), t.given() + " in two shards of " + n);
                }
                total += share.size();
                if (n > 1) {
                    // 428 hosts in n shares: each share gets some, none gets nearly all
                    assertTrue(share.size() > 428 / n / 2 && share.size() < 428 * 2 / n, "shard " + i + "/" + n
                            + " has " + share.size());
                }
            }
            if (n == 1) {
                assertEquals(301, total, "one shard keeps the block a block");
            } else {
                assertEquals(428, total);
                assertEquals(428, seen.size());
            }
        }
    }

    @Test
    void theHashIsStableAcrossMachines() {
        // SHA-256 of the target string, first 8 bytes mod N: the same on every machine and JVM. Fixed values
        // (computed independently): if these change, sharded deployments would reshuffle their hosts.
        assertEquals(List.of(4, 0, 1, 1), List.of(Shard.of("dc01.corp.example", 5), Shard.of("web01.corp.example", 5),
                Shard.of("198.18.0.10", 5), Shard.of("2001:2:0:1::10", 5)));
    }

    @Test
    void parsesIOverN() {
        assertEquals(new Shard(2, 3), Shard.parse("2/3"));
        assertEquals("bad shard 3/3: expected I/N with 0 <= I < N",
                assertThrows(IllegalArgumentException.class, () -> Shard.parse("3/3")).getMessage());
        assertEquals("bad shard 'x/3': expected I/N with 0 <= I < N, e.g. 0/3",
                assertThrows(IllegalArgumentException.class, () -> Shard.parse("x/3")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("1"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("0/0"));
        assertTrue(Shard.parse("0/1").isAll());
    }
}
