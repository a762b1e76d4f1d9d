package org.portaudit.scanner.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.RunOptions;

/**
 * Issue 14, defect 2: a DNS server on loopback that names controllers a hostile server would (a backslash,
 * OSC and CSI escapes, NUL, a space). Each bad name is that host's error in the report; the group's other
 * hosts and the other groups are audited.
 */
class HostileSrvTest {
    static final String OSC = "a\u001b]0;pwned\u0007b";
    static final String CSI = "c\u001b[2Jd";

    static FakeDns hostileDns() throws Exception {
        return new FakeDns(List.of(FakeDns.labels("dc\\01", "corp", "example"), FakeDns.labels(OSC, "corp"),
                FakeDns.labels(CSI, "corp"), FakeDns.labels("x\u0000y", "corp"), FakeDns.labels("dc 99", "corp"),
                FakeDns.labels("localhost")));
    }

    @Test
    void theLocatorReturnsWhatDnsNamedAndNothingElse() throws Exception {
        try (FakeDns dns = hostileDns()) {
            List<String> names = DcLocator.jndi(dns.port()).controllers("corp.example", "127.0.0.1");
            assertEquals(6, names.size(), names.toString());
            assertTrue(names.contains("localhost"), names.toString());
            assertTrue(names.contains("dc 99.corp"), "a label with a space is not cut to another name: " + names);
            assertFalse(names.contains("99.corp"), names.toString());
        }
    }

    @Test
    void eachBadControllerIsItsHostsErrorAndTheRestIsAudited() throws Exception {
        Group dcs = new Group("dcs", 2, List.of("127.0.0.1"), List.of(), List.of(), "corp.example", "127.0.0.1",
                List.of("domain-controller"), null, 0);
        Group web = new Group("web", 9, List.of("127.0.0.2"), List.of(), List.of(), null, null,
                List.of("web-server"), null, 0);
        Inventory inv = new Inventory("inv", Path.of("inv.yaml"), List.of(dcs, web));
        List<String> audited = new ArrayList<>();
        AuditReport report;
        try (FakeDns dns = hostileDns()) {
            InventoryRun run = new InventoryRun(inv, Shard.ALL, DcLocator.jndi(dns.port()), (g, targets, judged) -> {
                List<HostReport> out = new ArrayList<>();
                for (var t : targets) {
                    audited.add(g.name() + " " + t.given());
                    out.add(new HostReport(t.given(), t.given(), "127.0.0.1", g.name(), null, true, null, 1, List.of(),
                            List.of()));
                }
                return out;
            });
            report = run.run(null, new RunOptions(List.of(), List.of(), "2025", "none", List.of(), 1000, 1, 1, 0, false,
                    null)).report();
        }
        assertEquals(List.of("dcs 127.0.0.1", "dcs localhost", "web 127.0.0.2"), audited);
        Map<String, String> errors = new TreeMap<>();
        for (HostReport h : report.hosts()) {
            for (String text : new String[] {h.target(), h.error()}) {
                if (text != null) {
                    assertTrue(text.chars().allMatch(c -> c >= 0x20 && c != 0x7f), "printable: " + text);
                }
            }
            if (h.error() != null) {
                errors.put(h.target(), h.error());
            } else {
                assertNull(h.error());
            }
        }
        assertEquals(5, errors.size(), errors.toString());
        assertEquals("DNS names a controller of corp.example that is no target: bad target 'c\\x1B[2Jd.corp': not a "
                + "host name, address, CIDR or range", errors.get("c.[2Jd.corp"));
        assertEquals("DNS names a controller of corp.example that is no target: bad target 'a\\x1B]0;pwned\\x07b.corp':"
                + " not a host name, address, CIDR or range", errors.get("a.]0;pwned.b.corp"));
        assertTrue(errors.containsKey("x.y.corp"), errors.toString());
        assertTrue(errors.containsKey("dc 99.corp"), errors.toString());
        assertTrue(errors.keySet().stream().anyMatch(k -> k.startsWith("dc\\")), errors.toString());
        assertTrue(report.hosts().stream().filter(h -> h.error() != null).allMatch(h -> "dcs".equals(h.group())));
    }

    @Test
    void aLookupThatFailsIsTheSrvRecordsErrorAndTheGroupsHostsAreAudited() {
        Group dcs = new Group("dcs", 2, List.of("127.0.0.1"), List.of(), List.of(), "corp.example", null,
                List.of("domain-controller"), null, 0);
        DcLocator failing = (d, s) -> {
            throw new IllegalStateException("no SRV record _ldap._tcp.dc._msdcs.corp.example");
        };
        GroupTargets.Targets t = GroupTargets.resolve(dcs, Shard.ALL, failing, false);
        assertEquals(List.of("127.0.0.1"), t.targets().stream().map(x -> x.given()).toList());
        assertEquals(1, t.failed().size());
        assertEquals("_ldap._tcp.dc._msdcs.corp.example", t.failed().get(0).target());
        assertEquals("no SRV record _ldap._tcp.dc._msdcs.corp.example", t.failed().get(0).error());
    }
}
