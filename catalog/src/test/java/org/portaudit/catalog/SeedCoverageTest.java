package org.portaudit.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Nothing of the seeds is left out silently: every row of seed 000's port-sorted table and of seed
 * 003's table (held as data in test fixtures) must be an endpoint of the service the row names.
 */
class SeedCoverageTest {
    private static final Catalog CATALOG = CatalogLoader.builtIn();
    private static final String SEED000 = "000_65eb1549b5271039.txt";

    private static List<String[]> fixture(String name) throws IOException {
        try (InputStream in = SeedCoverageTest.class.getResourceAsStream("/fixtures/" + name)) {
            List<String[]> rows = new ArrayList<>();
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 1; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    rows.add(lines[i].split("\t", -1));
                }
            }
            return rows;
        }
    }

    /** The transport and port a seed row means, as the catalog models it. */
    private record Want(Transport transport, PortSpec port) {
    }

    private static Want want(String port, String transport) {
        switch (transport) {
            case "GRE":
                return new Want(Transport.IP, PortSpec.of(47));
            case "ESP":
                return new Want(Transport.IP, PortSpec.of(50));
            case "AH":
                return new Want(Transport.IP, PortSpec.of(51));
            default:
                break;
        }
        // The seed spells one UDP row "UPD" (2703, SMS Remote Chat).
        Transport t = Transport.parse(transport.equals("UPD") ? "UDP" : transport);
        if (port.contains("隨機") || port.equalsIgnoreCase("random")) {
            return new Want(t, PortSpec.dynamic());
        }
        Matcher m = Pattern.compile("(\\d+)\\s*-\\s*(\\d+)").matcher(port);
        if (m.find()) {
            return new Want(t, PortSpec.of(new PortRange(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))));
        }
        return new Want(t, PortSpec.of(Integer.parseInt(port.trim())));
    }

    private static void assertCovered(String what, String serviceId, Want w) {
        Service s = CATALOG.service(serviceId).orElse(null);
        assertTrue(s != null, what + ": service '" + serviceId + "' is not in the catalog");
        boolean found = false;
        for (Endpoint e : s.endpoints()) {
            found |= e.transport() == w.transport() && e.port().equals(w.port());
        }
        assertTrue(found, what + ": service '" + serviceId + "' has no endpoint " + w.transport().id() + "/" + w.port());
    }

    @Test
    void everyRowOfSeed000PortTableIsInTheCatalog() throws IOException {
        List<String[]> rows = fixture("seed000-by-port.tsv");
        assertEquals(155, rows.size(), "rows of 000's port-sorted table");
        int modelled = 0;
        for (String[] r : rows) {
            String what = "seed 000 row " + String.join(" | ", r);
            String note = r.length > 5 ? r[5] : "";
            if (note.startsWith("not-modelled:")) {
                assertFalse(note.substring("not-modelled:".length()).isBlank(), what + ": says why not");
                continue;
            }
            assertCovered(what, r[4], want(r[0], r[1]));
            modelled++;
        }
        assertEquals(rows.size(), modelled, "every row is modelled");
    }

    @Test
    void everyPortOfSeed003IsAnExchangeEndpoint() throws IOException {
        List<String[]> rows = fixture("seed003-ports.tsv");
        assertEquals(22, rows.size(), "rows of 003's table (the UDP/TCP DNS row counted twice)");
        for (String[] r : rows) {
            assertCovered("seed 003 row " + r[0] + " " + r[1] + " " + r[2], r[4], want(r[2], r[1]));
        }
    }

    private static Path seeds() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolveSibling("shared").resolve("seeds");
            if (Files.isRegularFile(s.resolve(SEED000))) {
                return s;
            }
        }
        return null;
    }

    /** The fixture is checked against the seed itself where the seeds are checked out beside the repo. */
    @Test
    void fixtureHasEveryRowOfTheSeedTable() throws IOException {
        Path seeds = seeds();
        Assumptions.assumeTrue(seeds != null, "shared/seeds not beside the checkout: fixture not re-checked against it");
        String text = Files.readString(seeds.resolve(SEED000));
        int start = text.indexOf("### 連接埠及通訊協定");
        int end = text.indexOf("### 詳細資訊");
        String table = text.substring(start, end);
        Matcher m = Pattern.compile("<tr class=\"(odd|even)\">").matcher(table);
        int n = 0;
        while (m.find()) {
            n++;
        }
        assertEquals(n, fixture("seed000-by-port.tsv").size(), "fixture rows vs seed 000's port table rows");
    }

    @Test
    void everyServiceSectionOfSeed000IsAService() throws IOException {
        Path seeds = seeds();
        Assumptions.assumeTrue(seeds != null, "shared/seeds not beside the checkout");
        String text = Files.readString(seeds.resolve(SEED000));
        String body = text.substring(text.indexOf("### Microsoft 伺服器產品連接埠"), text.indexOf("### 連接埠及通訊協定"));
        Set<String> sections = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^#### (.+?)\\s*$").matcher(body);
        while (m.find()) {
            sections.add(m.group(1));
        }
        assertEquals(62, sections.size());
        Set<String> covered = new TreeSet<>();
        for (Service s : CATALOG.services().values()) {
            if (s.source() != null && SEED000.equals(s.source().doc())) {
                covered.add(s.source().section());
            }
        }
        sections.removeAll(covered);
        assertTrue(sections.isEmpty(), "seed 000 sections without a service: " + sections);
    }

    @Test
    void everyWellKnownTableIsComplete() {
        int[] perTable = new int[7];
        for (WellKnownPort w : CATALOG.wellKnown()) {
            perTable[Integer.parseInt(w.table().substring(2))]++;
        }
        // Row counts of tables C-1 to C-6 of seed 004.
        assertEquals(List.of(112, 24, 79, 4, 7, 46),
                List.of(perTable[1], perTable[2], perTable[3], perTable[4], perTable[5], perTable[6]));
    }

    @Test
    void laterWindowsPortsCiteTheirKb() {
        Role dc = CATALOG.role("domain-controller").orElseThrow();
        List<Requirement> now = CATALOG.requirements(dc, WindowsVersion.CURRENT);
        for (int port : new int[] {464, 9389}) {
            Requirement r = now.stream().filter(q -> !q.port().dynamicRpc() && q.port().range().contains(port))
                    .findFirst().orElseThrow(() -> new AssertionError("domain-controller lacks " + port));
            assertTrue(r.source().kb() != null, port + " cites a KB: " + r.source().cite());
        }
        assertTrue(now.stream().anyMatch(q -> q.port().dynamicRpc()), "dynamic RPC on a DC");
        assertTrue(CATALOG.requirements(dc, WindowsVersion.W2003).stream()
                .noneMatch(q -> !q.port().dynamicRpc() && q.port().range().contains(9389)), "no ADWS on 2003");
        assertTrue(CATALOG.requirements(dc, WindowsVersion.W2008).stream()
                .anyMatch(q -> !q.port().dynamicRpc() && q.port().range().contains(5722)), "DFSR 5722 on 2008");
        assertTrue(CATALOG.requirements(dc, WindowsVersion.W2012).stream()
                .noneMatch(q -> !q.port().dynamicRpc() && q.port().range().contains(5722)), "no 5722 after 2008 R2");
        Requirement netbios = now.stream().filter(q -> q.transport() == Transport.UDP && !q.port().dynamicRpc()
                && q.port().range().contains(137)).findFirst().orElseThrow();
        assertEquals(Level.OPTIONAL, netbios.level());
        Role dhcp = CATALOG.role("dhcp-server").orElseThrow();
        assertTrue(CATALOG.requirements(dhcp, WindowsVersion.CURRENT).stream()
                .anyMatch(q -> !q.port().dynamicRpc() && q.port().range().contains(647)), "DHCP failover 647");
    }

    @Test
    void everyRoleTheIssueNamesExists() {
        for (String id : List.of("domain-controller", "dns-server", "dhcp-server", "wins-server", "file-server",
                "print-server", "web-server", "ftp-server", "exchange-server", "sql-server", "sql-analysis-server",
                "terminal-server", "ts-licensing-server", "certificate-authority", "radius-server", "vpn-server",
                "cluster-node", "message-queuing-server", "sms-server", "mom-server", "sharepoint-server",
                "media-server", "pxe-server", "snmp-agent")) {
            assertTrue(CATALOG.role(id).isPresent(), id);
        }
    }
}
