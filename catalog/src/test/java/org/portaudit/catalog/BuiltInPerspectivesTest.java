package org.portaudit.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The built-in catalog's perspective and remedy data, against KB 179442 and the AD DS port requirements. */
class BuiltInPerspectivesTest {
    private static final Catalog CATALOG = CatalogLoader.builtIn();

    private static List<Requirement> dc(WindowsVersion v, Perspective... from) {
        return CATALOG.requirements(CATALOG.role("domain-controller").orElseThrow(), v,
                EnumSet.copyOf(List.of(from)));
    }

    private static Set<String> ports(List<Requirement> reqs) {
        return reqs.stream().map(q -> q.port() + "/" + q.transport().id()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> services(List<Requirement> reqs) {
        return reqs.stream().map(Requirement::serviceId).filter(s -> s != null)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    @Test
    void clientAndDomainControllerSeeDifferentPortsOnADc() {
        List<Requirement> client = dc(WindowsVersion.W2025, Perspective.CLIENT);
        List<Requirement> peer = dc(WindowsVersion.W2025, Perspective.DOMAIN_CONTROLLER);
        // NetBIOS name and datagram service: member clients (pre-2000 clients, browsing) and NetBIOS
        // trusts (KB 179442's Windows NT table), not DC-to-DC replication.
        assertEquals(Set.of("137/udp", "138/udp"), minus(ports(client), ports(peer)));
        // SMTP: the intersite replication transport, between domain controllers only.
        assertEquals(Set.of("25/tcp", "25/udp"), minus(ports(peer), ports(client)));
        // Both need the directory, Kerberos, DNS, SMB, time and RPC (both tables of KB 179442).
        for (String p : List.of("88/tcp", "88/udp", "389/tcp", "389/udp", "445/tcp", "53/udp", "53/tcp",
                "123/udp", "135/tcp", "464/tcp", "3268/tcp", "dynamic-rpc/tcp")) {
            assertTrue(ports(client).contains(p) && ports(peer).contains(p), p);
        }
        // By service: SYSVOL replication (FRS, DFSR) serves other DCs; DFS referrals, browsing and
        // link tracking serve clients.
        assertTrue(services(peer).containsAll(Set.of("file-replication", "dfsr", "smtp")), services(peer).toString());
        assertTrue(services(client).containsAll(Set.of("dfs", "computer-browser", "distributed-link-tracking-server")));
        assertFalse(services(client).contains("dfsr") || services(client).contains("file-replication"));
        assertFalse(services(peer).contains("dfs") || services(peer).contains("computer-browser"));
    }

    @Test
    void dfsrOnItsOwnPortIsDomainControllerOnly() {
        Set<String> peer = ports(dc(WindowsVersion.W2008R2, Perspective.DOMAIN_CONTROLLER));
        Set<String> client = ports(dc(WindowsVersion.W2008R2, Perspective.CLIENT));
        assertTrue(peer.contains("5722/tcp"), peer.toString());
        assertFalse(client.contains("5722/tcp"), client.toString());
    }

    @Test
    void adminToolsAndTrustsOnADc() {
        List<Requirement> admin = dc(WindowsVersion.W2025, Perspective.ADMIN);
        assertTrue(ports(admin).containsAll(Set.of("9389/tcp", "5985/tcp", "5986/tcp", "389/tcp", "135/tcp")));
        assertFalse(ports(admin).contains("88/tcp"), "Kerberos is the client side of an admin workstation");
        assertFalse(ports(dc(WindowsVersion.W2025, Perspective.CLIENT)).contains("9389/tcp"));
        Set<String> trust = ports(dc(WindowsVersion.W2025, Perspective.TRUST));
        // KB 179442, Windows Server 2008 and later: the ports a trust needs.
        assertTrue(trust.containsAll(Set.of("135/tcp", "464/tcp", "464/udp", "dynamic-rpc/tcp", "389/tcp",
                "389/udp", "636/tcp", "3268/tcp", "3269/tcp", "53/tcp", "53/udp", "88/tcp", "88/udp", "445/tcp",
                "123/udp")), trust.toString());
        assertFalse(trust.contains("25/tcp") || trust.contains("9389/tcp"), trust.toString());
    }

    @Test
    void dnsServerIsManagedByAdminsOverRpc() {
        Role dns = CATALOG.role("dns-server").orElseThrow();
        Set<String> admin = ports(CATALOG.requirements(dns, WindowsVersion.W2025, EnumSet.of(Perspective.ADMIN)));
        assertEquals(Set.of("135/tcp", "593/tcp", "dynamic-rpc/tcp"), admin);
        Set<String> client = ports(CATALOG.requirements(dns, WindowsVersion.W2025, EnumSet.of(Perspective.CLIENT)));
        assertEquals(Set.of("53/tcp", "53/udp"), client);
    }

    @Test
    void everyRoleWithoutFromKeepsTodaysRequirements() {
        for (Role r : CATALOG.roles().values()) {
            for (WindowsVersion v : WindowsVersion.values()) {
                assertEquals(CATALOG.requirements(r, v), CATALOG.requirements(r, v, Perspective.all()), r.id());
            }
        }
        Set<String> touched = Set.of("domain-controller", "dns-server");
        for (Role r : CATALOG.roles().values()) {
            if (!touched.contains(r.id())) {
                for (Requirement q : CATALOG.requirements(r, WindowsVersion.W2025)) {
                    assertEquals(Perspective.all(), q.perspectives(), r.id() + " " + q);
                }
            }
        }
    }

    @Test
    void keyServicesCarryAFirewallGroup() {
        Set<String> seen = new HashSet<>();
        for (String id : List.of("lsass", "kdc", "dns-server", "server", "netlogon", "w32time", "adws", "winrm", "rpc")) {
            FirewallRemedy f = CATALOG.service(id).orElseThrow().firewall();
            assertNotNull(f, id);
            assertFalse(f.group().isBlank(), id);
            assertTrue(f.source().url() != null || f.source().kb() != null, id);
            seen.add(f.group());
        }
        assertTrue(seen.containsAll(Set.of("Active Directory Domain Services", "Kerberos Key Distribution Center",
                "DNS Service", "File and Printer Sharing", "Active Directory Web Services",
                "Windows Remote Management")), seen.toString());
        assertEquals("Remote Desktop", CATALOG.service("terminal-services").orElseThrow().firewall().group());
        assertEquals("DFS Replication", CATALOG.service("dfsr").orElseThrow().firewall().group());
        assertEquals(null, CATALOG.service("sql-server").orElseThrow().firewall(), "no predefined group: absent");
    }

    @Test
    void stopServiceNamesOnADc() {
        List<Requirement> all = CATALOG.requirements(CATALOG.role("domain-controller").orElseThrow(),
                WindowsVersion.W2025);
        for (Requirement q : all) {
            switch (q.serviceId()) {
                case "lsass" -> assertEquals("NTDS", q.stopService(), "LSASS is a process; AD DS stops as NTDS");
                case "rpc" -> assertEquals(null, q.stopService(), "RpcSs cannot be stopped");
                case "kdc" -> assertEquals("Kdc", q.stopService());
                case "winrm" -> assertEquals("WinRM", q.stopService());
                default -> { }
            }
            if (q.serviceId().equals("kdc")) {
                assertEquals("Kerberos Key Distribution Center", q.remedy().group());
            }
        }
    }
}
