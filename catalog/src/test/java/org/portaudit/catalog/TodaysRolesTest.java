package org.portaudit.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The roles of issue 13 ("Today's Windows roles"): each loads from the built-in catalog, has exactly
 * the ports Microsoft's pages give it at the levels chosen, on 2025 and, where since/until matter, on
 * an older Windows version, and every one of its ports names a Microsoft source.
 */
class TodaysRolesTest {
    private static final Catalog CATALOG = CatalogLoader.builtIn();
    private static final WindowsVersion NOW = WindowsVersion.W2025;
    /** The seed documents that are Microsoft's own articles (004 is a Red Hat table, not cited by roles). */
    private static final Set<String> MICROSOFT_SEEDS = Set.of("000_65eb1549b5271039.txt", "001_2e1222aec975f662.txt",
            "002_9c81bba541cce285.txt", "003_94fb07cea2a8a06a.txt");

    /** The role's ports on {@code v}, one "transport/port level" entry each, sorted. */
    private static Set<String> ports(String roleId, WindowsVersion v) {
        Role role = CATALOG.role(roleId).orElseThrow(() -> new AssertionError("no role " + roleId));
        Set<String> out = new TreeSet<>();
        for (Requirement r : CATALOG.requirements(role, v)) {
            out.add(r.transport().id() + "/" + r.port() + " " + r.level().id());
        }
        return out;
    }

    private static void assertPorts(String roleId, WindowsVersion v, String... expected) {
        assertEquals(new TreeSet<>(List.of(expected)), ports(roleId, v), roleId + " on " + v.id());
    }

    private static boolean isMicrosoft(Source s) {
        if (s == null) {
            return false;
        }
        if (s.kb() != null) {
            return s.kb().matches("KB\\d+");
        }
        if (s.url() != null) {
            String host = URI.create(s.url()).getHost();
            return host != null && (host.equals("microsoft.com") || host.endsWith(".microsoft.com"));
        }
        return MICROSOFT_SEEDS.contains(s.doc());
    }

    @Test
    void everyPortOfTheNewRolesCitesMicrosoft() {
        for (String id : List.of("adfs-server", "hyper-v-host", "failover-cluster-node", "wsus-server", "rd-gateway",
                "rd-connection-broker", "rd-session-host", "rd-web-access", "kms-host", "wds-server", "iscsi-target",
                "smb-over-quic-server", "windows-admin-center", "exchange-mailbox", "exchange-edge", "sql-server",
                "radius-server", "vpn-server")) {
            Role role = CATALOG.role(id).orElseThrow(() -> new AssertionError("no role " + id));
            for (WindowsVersion v : WindowsVersion.values()) {
                for (Requirement r : CATALOG.requirements(role, v)) {
                    assertTrue(isMicrosoft(r.source()), id + " " + r.transport().id() + "/" + r.port() + " on " + v.id()
                            + " cites " + (r.source() == null ? "nothing" : r.source().cite()));
                    assertTrue(r.level() == Level.REQUIRED || (r.reason() != null && !r.reason().isBlank()),
                            id + " " + r.port() + ": a non-required port says why");
                }
            }
        }
    }

    @Test
    void adfsServer() {
        assertPorts("adfs-server", NOW, "tcp/443 required", "tcp/49443 conditional", "tcp/80 optional");
        // The AD FS requirements page ties 49443 to AD FS 2016.
        assertPorts("adfs-server", WindowsVersion.W2016, "tcp/443 required", "tcp/49443 conditional", "tcp/80 optional");
        assertPorts("adfs-server", WindowsVersion.W2012R2, "tcp/443 required", "tcp/80 optional");
    }

    @Test
    void hyperVHost() {
        assertPorts("hyper-v-host", NOW, "tcp/2179 required", "tcp/6600 conditional", "tcp/80 conditional",
                "tcp/443 conditional", "tcp/135 required", "tcp/dynamic-rpc required", "tcp/593 optional",
                "tcp/445 required", "udp/137 optional", "udp/138 optional", "tcp/139 optional",
                "udp/3343 conditional");
        assertEquals(ports("hyper-v-host", NOW), ports("hyper-v-host", WindowsVersion.W2012), "Replica from 2012");
        // Before 2012 there is no Hyper-V Replica (80/443); live migration (6600) came with 2008 R2.
        assertPorts("hyper-v-host", WindowsVersion.W2008R2, "tcp/2179 required", "tcp/6600 conditional",
                "tcp/135 required", "tcp/dynamic-rpc required", "tcp/593 optional", "tcp/445 required",
                "udp/137 optional", "udp/138 optional", "tcp/139 optional", "udp/3343 conditional");
        assertPorts("hyper-v-host", WindowsVersion.W2008, "tcp/2179 required", "tcp/135 required",
                "tcp/dynamic-rpc required", "tcp/593 optional", "tcp/445 required", "udp/137 optional",
                "udp/138 optional", "tcp/139 optional");
    }

    @Test
    void failoverClusterNode() {
        assertPorts("failover-cluster-node", NOW, "udp/3343 required", "tcp/3343 required", "tcp/135 required",
                "tcp/dynamic-rpc required", "tcp/445 required", "udp/137 optional", "udp/138 optional",
                "tcp/139 optional");
        // TCP 3343 (node join) is listed from 2008 on.
        assertPorts("failover-cluster-node", WindowsVersion.W2003, "udp/3343 required", "tcp/135 required",
                "tcp/dynamic-rpc required", "tcp/445 required", "udp/137 optional", "udp/138 optional",
                "tcp/139 optional");
    }

    @Test
    void wsusServer() {
        assertPorts("wsus-server", NOW, "tcp/8530 required", "tcp/8531 conditional");
        assertPorts("wsus-server", WindowsVersion.W2012, "tcp/8530 required", "tcp/8531 conditional");
        // WSUS 3.0: the IIS default web site (80/443), or its custom web site (8530/8531).
        assertPorts("wsus-server", WindowsVersion.W2008R2, "tcp/80 required", "tcp/443 conditional",
                "tcp/8530 conditional", "tcp/8531 conditional");
    }

    @Test
    void remoteDesktopRoles() {
        assertPorts("rd-gateway", NOW, "tcp/443 required", "udp/3391 required");
        assertPorts("rd-gateway", WindowsVersion.W2012, "tcp/443 required", "udp/3391 required");
        assertPorts("rd-gateway", WindowsVersion.W2008R2, "tcp/443 required");
        assertPorts("rd-connection-broker", NOW, "tcp/5504 required", "tcp/3389 required", "udp/3389 optional",
                "tcp/5985 optional", "tcp/5986 optional");
        assertPorts("rd-session-host", NOW, "tcp/3389 required", "udp/3389 required");
        assertPorts("rd-session-host", WindowsVersion.W2012, "tcp/3389 required", "udp/3389 required");
        assertPorts("rd-session-host", WindowsVersion.W2008R2, "tcp/3389 required");
        assertPorts("rd-web-access", NOW, "tcp/443 required", "tcp/80 optional");
    }

    @Test
    void kmsHostAndIscsiTarget() {
        assertPorts("kms-host", NOW, "tcp/1688 required");
        assertPorts("kms-host", WindowsVersion.W2008, "tcp/1688 required");
        assertPorts("iscsi-target", NOW, "tcp/3260 required");
        assertPorts("iscsi-target", WindowsVersion.W2012, "tcp/3260 required");
        assertPorts("iscsi-target", WindowsVersion.W2008R2);
    }

    @Test
    void wdsServer() {
        assertPorts("wds-server", NOW, "udp/67 required", "udp/69 required", "udp/4011 required",
                "udp/64001-65000 required", "tcp/5040 required", "tcp/135 required", "tcp/593 optional",
                "tcp/445 required", "udp/137 optional", "udp/138 optional", "tcp/139 optional", "udp/68 conditional");
    }

    @Test
    void smbOverQuicServer() {
        assertPorts("smb-over-quic-server", NOW, "udp/443 required", "tcp/443 optional");
        assertPorts("smb-over-quic-server", WindowsVersion.W2022, "udp/443 required", "tcp/443 optional");
        assertPorts("smb-over-quic-server", WindowsVersion.W2019, "tcp/443 optional");
        Role role = CATALOG.role("smb-over-quic-server").orElseThrow();
        assertTrue(role.description().contains("forbids TCP 445 inbound"), role.description());
        assertTrue(ports("smb-over-quic-server", NOW).stream().noneMatch(p -> p.startsWith("tcp/445 ")),
                "SMB over QUIC expects no TCP 445");
    }

    @Test
    void windowsAdminCenter() {
        assertPorts("windows-admin-center", NOW, "tcp/443 required", "tcp/6516 optional");
        assertPorts("windows-admin-center", WindowsVersion.W2016, "tcp/443 required", "tcp/6516 optional");
        assertPorts("windows-admin-center", WindowsVersion.W2012R2);
    }

    @Test
    void exchangeRoles() {
        assertPorts("exchange-mailbox", NOW, "tcp/443 required", "tcp/80 optional", "tcp/25 required",
                "tcp/587 required", "tcp/717 optional", "tcp/2525 required", "tcp/465 required", "tcp/475 required",
                "tcp/143 optional", "tcp/993 optional", "tcp/110 optional", "tcp/995 optional");
        assertPorts("exchange-edge", NOW, "tcp/25 required", "tcp/50636 required");
    }

    @Test
    void sqlServerGainsItsLaterPorts() {
        assertPorts("sql-server", NOW, "tcp/1433 required", "udp/1434 conditional", "tcp/135 conditional",
                "tcp/dynamic-rpc conditional", "tcp/593 optional", "tcp/1434 optional", "tcp/5022 conditional",
                "tcp/4022 conditional");
    }

    @Test
    void radiusServerHasNpsPorts() {
        assertPorts("radius-server", NOW, "udp/1812 required", "udp/1813 required", "udp/1645 optional",
                "udp/1646 optional");
    }

    @Test
    void vpnServerAcceptsSstpFrom2008() {
        Set<String> now = ports("vpn-server", NOW);
        assertTrue(now.contains("tcp/443 conditional"), now.toString());
        assertTrue(ports("vpn-server", WindowsVersion.W2008).contains("tcp/443 conditional"), "SSTP from 2008");
        assertTrue(ports("vpn-server", WindowsVersion.W2003R2).stream().noneMatch(p -> p.startsWith("tcp/443 ")),
                "no SSTP before 2008");
    }
}
