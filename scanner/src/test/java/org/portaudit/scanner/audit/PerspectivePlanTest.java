package org.portaudit.scanner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.CatalogLoader;
import org.portaudit.catalog.Perspective;
import org.portaudit.catalog.Requirement;
import org.portaudit.catalog.Role;
import org.portaudit.catalog.Transport;
import org.portaudit.catalog.WindowsVersion;

/** A plan for some perspectives expects what the catalog says they need, and sweeps nothing the roles own. */
class PerspectivePlanTest {
    private static final Catalog C = CatalogLoader.builtIn();
    private static final Role DC = C.role("domain-controller").orElseThrow();

    private static AuditPlan plan(String scope, Perspective... from) {
        return new AuditPlan(C, List.of(DC), WindowsVersion.CURRENT, UnexpectedScope.parse(scope, C),
                Policy.builtIn(), from.length == 0 ? Perspective.all() : EnumSet.copyOf(Arrays.asList(from)));
    }

    private static boolean expects(AuditPlan p, Transport t, int port) {
        return p.indexOf(t, port) >= 0;
    }

    private static boolean sweeps(AuditPlan p, int tcpPort) {
        return Arrays.stream(p.unexpectedTcp()).anyMatch(x -> x == tcpPort);
    }

    @Test
    void theExpectedSetIsTheCatalogsForThosePerspectives() {
        AuditPlan client = plan("none", Perspective.CLIENT);
        AuditPlan peer = plan("none", Perspective.DOMAIN_CONTROLLER);
        AuditPlan all = plan("none");
        assertTrue(expects(client, Transport.UDP, 137) && expects(client, Transport.UDP, 138));
        assertFalse(expects(client, Transport.TCP, 25), "SMTP replication is for other DCs");
        assertTrue(expects(peer, Transport.TCP, 25));
        assertFalse(expects(peer, Transport.UDP, 137), "NetBIOS names serve clients and trusts");
        assertTrue(expects(all, Transport.TCP, 25) && expects(all, Transport.UDP, 137));
        for (ExpectedEndpoint e : client.expected()) {
            for (Requirement q : e.requirements()) {
                assertTrue(q.perspectives().contains(Perspective.CLIENT), q.toString());
            }
        }
        int n = 0;
        for (Requirement q : C.requirements(DC, WindowsVersion.CURRENT, Set.of(Perspective.CLIENT))) {
            assertTrue(client.expected().stream().anyMatch(e -> e.requirements().contains(q)), q.toString());
            n++;
        }
        assertEquals(n, client.expected().stream().mapToInt(e -> e.requirements().size()).sum());
        assertEquals(Set.of(Perspective.CLIENT), client.from());
    }

    @Test
    void aPortTheRolesNeedForOthersIsNotSweptAsUnexpected() {
        // 25/tcp and 9389/tcp are in the catalog scope; a client's view neither expects nor sweeps them
        AuditPlan client = plan("catalog", Perspective.CLIENT);
        assertFalse(sweeps(client, 25) || sweeps(client, 9389), "the role has them open for DCs and admins");
        assertFalse(sweeps(plan("catalog", Perspective.DOMAIN_CONTROLLER), 9389));
        assertFalse(sweeps(plan("catalog", Perspective.ADMIN), 25));
        // a port no perspective of the role needs stays in the sweep (3389/tcp: remote desktop is not a DC's)
        assertTrue(sweeps(client, 3389));
        // a port the policy forbids is swept whatever the perspective (23/tcp telnet)
        assertTrue(sweeps(plan("none", Perspective.CLIENT), 23));
    }

    @Test
    void theVantageIsTheKernelsSourceAddressAndNothingIsSent() throws Exception {
        assertEquals("127.0.0.1", Vantage.toward(InetAddress.getByName("127.0.0.1")));
        assertEquals("127.0.0.1", Vantage.toward(InetAddress.getByName("127.0.0.9")), "lo's source for 127/8");
        assertNull(Vantage.toward(null));
        assertNull(Vantage.text(new InetSocketAddress(0)), "the wildcard is no vantage");
        assertEquals(InetAddress.getByName("fe80::1").getHostAddress(),
                Vantage.text(new InetSocketAddress(InetAddress.getByName("fe80::1%1"), 5)),
                "written like the host's address, without a zone id");
        try (java.net.DatagramSocket listener = new java.net.DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            listener.setSoTimeout(300);
            // connect() picks a route only: asked toward the listener's own port, it sends the listener nothing
            assertEquals("127.0.0.1", Vantage.toward(InetAddress.getByName("127.0.0.1"), listener.getLocalPort()));
            assertThrowsTimeout(listener, new java.net.DatagramPacket(new byte[16], 16));
        }
    }

    private static void assertThrowsTimeout(java.net.DatagramSocket s, java.net.DatagramPacket p) throws Exception {
        try {
            s.receive(p);
            throw new AssertionError("a datagram arrived: " + p.getLength() + " bytes");
        } catch (java.net.SocketTimeoutException expected) {
            // nothing was sent
        }
    }
}
