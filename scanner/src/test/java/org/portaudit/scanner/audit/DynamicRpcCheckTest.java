package org.portaudit.scanner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.portaudit.catalog.Level;
import org.portaudit.catalog.PortRange;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.PortState;
import org.portaudit.scanner.engine.ProbeResult;
import org.portaudit.scanner.engine.ProbeTask;
import org.portaudit.scanner.rpc.RpcEndpoint;

/** The dynamic-RPC verdicts, from made-up mapper listings and probe results. */
class DynamicRpcCheckTest {
    private static final PortRange RANGE = new PortRange(49152, 65535);
    private static final UUID NETLOGON = UUID.fromString("12345678-1234-abcd-ef00-01234567cffb");
    private static final UUID DRSUAPI = UUID.fromString("e3514235-4b06-11d1-ab04-00c04fc2dcd2");

    private static ProbeResult<Object> result(int port, PortState state) {
        return new ProbeResult<>(ProbeTask.tcp(InetAddress.getLoopbackAddress(), port, null), state,
                state == PortState.OPEN ? Duration.ofMillis(1) : null, 1, Evidence.of("tcp-connect", state.word(), true),
                null, false, Duration.ZERO);
    }

    private static RpcEndpoint tcp(UUID iface, String name, int port) {
        return new RpcEndpoint(iface, 1, 0, name, "", RpcEndpoint.NCACN_IP_TCP, Integer.toString(port), "0.0.0.0");
    }

    private static HostResults seen() {
        return new HostResults(Target.resolved("dc", "dc", InetAddress.getLoopbackAddress()), 0);
    }

    @Test
    void mapperBlockedIsRequiredBlockedWithItsState() {
        HostResults c = seen();
        DynamicRpcCheck.Verdict v = DynamicRpcCheck.judge(result(135, PortState.FILTERED), c, Level.REQUIRED, RANGE);
        assertEquals(FindingKind.REQUIRED_BLOCKED, v.finding());
        assertEquals(PortState.FILTERED, v.state());
        assertTrue(v.message().startsWith("endpoint mapper 135/tcp is filtered: clients cannot find any dynamic RPC"),
                v.message());
        assertEquals(FindingKind.OK, DynamicRpcCheck.judge(result(135, PortState.CLOSED), c, Level.OPTIONAL, RANGE)
                .finding(),
                "not a finding where dynamic RPC is only optional");
    }

    @Test
    void lookupFailureIsNotCheckedNeverPassed() {
        HostResults c = seen().rpcLookupFailed("bind rejected");
        DynamicRpcCheck.Verdict v = DynamicRpcCheck.judge(result(135, PortState.OPEN), c, Level.REQUIRED, RANGE);
        assertEquals(FindingKind.NOT_CHECKED, v.finding());
        assertNull(v.state());
        assertTrue(v.message().endsWith("could not be read: bind rejected"), v.message());
        assertEquals(FindingKind.NOT_CHECKED, DynamicRpcCheck.judge(null, seen(), Level.REQUIRED, RANGE).finding());
    }

    @Test
    void advertisedPortsAllAnsweringIsOk() {
        HostResults c = seen().rpcEndpoints(List.of(tcp(NETLOGON, "netlogon", 49152), tcp(DRSUAPI, "drsuapi", 49153),
                new RpcEndpoint(DRSUAPI, 4, 0, "drsuapi", "", RpcEndpoint.NCACN_HTTP, "593", null)));
        assertEquals(List.of(49152, 49153), List.copyOf(c.advertisedTcpPorts()),
                "ncacn_http 593 is its own catalog endpoint");
        c.dynamicRpc(result(49152, PortState.OPEN));
        c.dynamicRpc(result(49153, PortState.OPEN));
        DynamicRpcCheck.Verdict v = DynamicRpcCheck.judge(result(135, PortState.OPEN), c, Level.REQUIRED, RANGE);
        assertEquals(FindingKind.OK, v.finding());
        // 49153/tcp: open, with drsuapi behind it (v1 said it in prose: "open: drsuapi"; v2 has a row per port)
        var e = v.endpoints().get(1);
        assertEquals(49153, e.port());
        assertEquals(PortState.OPEN, e.state());
        assertEquals(FindingKind.OK, e.finding());
        assertEquals(List.of("drsuapi"), e.interfaces().stream().map(i -> i.name()).toList());
        assertEquals("MS-DRSR", e.interfaces().get(0).specification());
    }

    @Test
    void filteredDynamicPortNamesWhatBreaks() {
        HostResults c = seen().rpcEndpoints(List.of(tcp(NETLOGON, "netlogon", 49152), tcp(DRSUAPI, "drsuapi", 49153)));
        c.dynamicRpc(result(49152, PortState.OPEN));
        c.dynamicRpc(result(49153, PortState.FILTERED));
        DynamicRpcCheck.Verdict v = DynamicRpcCheck.judge(result(135, PortState.OPEN), c, Level.REQUIRED, RANGE);
        assertEquals(FindingKind.REQUIRED_BLOCKED, v.finding());
        assertEquals(PortState.FILTERED, v.state());
        assertTrue(v.message().startsWith("endpoint mapper 135/tcp answers, but its dynamic port(s) [49153] are "
                + "filtered (1 of 2 answer): this breaks "), v.message());
        assertTrue(v.message().contains("DRSUAPI") && !v.message().contains("NETLOGON"), v.message());
        // Each port judged on its own row: the open one ok, the filtered one required-blocked with what it breaks.
        assertEquals(List.of(FindingKind.OK, FindingKind.REQUIRED_BLOCKED),
                v.endpoints().stream().map(x -> x.finding()).toList());
        assertTrue(v.endpoints().get(1).message().startsWith("filtered: this breaks ")
                && v.endpoints().get(1).message().contains("DRSUAPI"), v.endpoints().get(1).message());
    }

    /** A mapper listing and, per listed port in order, what its probe found. */
    private static HostResults listed(List<RpcEndpoint> endpoints, PortState... states) {
        HostResults c = seen().rpcEndpoints(endpoints);
        List<Integer> ports = endpoints.stream().map(e -> e.port().getAsInt()).distinct().toList();
        for (int i = 0; i < states.length; i++) {
            c.dynamicRpc(result(ports.get(i), states[i]));
        }
        return c;
    }

    private static DynamicRpcCheck.Expectation expect(String yaml) {
        Policy p = PolicyTest.parse(yaml);
        return DynamicRpcCheck.Expectation.of(RANGE, p.forHost(
                Target.resolved("dc", "dc", InetAddress.getLoopbackAddress()), List.of()).rpc());
    }

    @Test
    void anEndpointOutsideTheWindowsRangeIsMisconfigured() {
        HostResults c = listed(List.of(tcp(NETLOGON, "netlogon", 49152), tcp(DRSUAPI, "drsuapi", 1030)),
                PortState.OPEN, PortState.OPEN);
        DynamicRpcCheck.Verdict v = DynamicRpcCheck.judge(result(135, PortState.OPEN), c, Level.REQUIRED, RANGE);
        assertEquals(FindingKind.MISCONFIGURED, v.finding(), v.message());
        assertEquals(1030, v.endpoints().get(0).port());
        assertEquals(FindingKind.MISCONFIGURED, v.endpoints().get(0).finding());
        assertTrue(v.endpoints().get(0).message().contains(
                "outside the Windows version's dynamic range 49152-65535: a firewall rule for that range does not open it"),
                v.endpoints().get(0).message());
        assertEquals(FindingKind.OK, v.endpoints().get(1).finding());
    }

    @Test
    void thePolicysRestrictedRangeAndFixedPortsDecide() {
        DynamicRpcCheck.Expectation e = expect("""
                all:
                  rpc: {range: 5000-5100, fixed: {ntds: 50000, netlogon: 50001}, reason: "CHG-7 DMZ rules"}
                """);
        assertEquals("5000-5100", e.range().toString());
        HostResults c = seen().rpcEndpoints(List.of(tcp(DRSUAPI, "drsuapi", 50000), tcp(NETLOGON, "netlogon", 5003),
                tcp(UUID.fromString("367abb81-9844-35f1-ad32-98f038001003"), "svcctl", 5004),
                tcp(UUID.fromString("12345778-1234-abcd-ef00-0123456789ac"), "samr", 49160)));
        for (int p : List.of(50000, 5003, 5004, 49160)) {
            c.dynamicRpc(result(p, PortState.OPEN));
        }
        DynamicRpcCheck.Verdict v = DynamicRpcCheck.judge(result(135, PortState.OPEN), c, Level.REQUIRED, e);
        assertEquals(FindingKind.MISCONFIGURED, v.finding(), v.message());
        var byPort = new java.util.TreeMap<Integer, org.portaudit.reports.model.RpcEndpointCheck>();
        v.endpoints().forEach(x -> byPort.put(x.port(), x));
        assertEquals(FindingKind.OK, byPort.get(50000).finding(), "pinned there: outside the range is right");
        assertEquals(FindingKind.OK, byPort.get(5004).finding(), byPort.get(5004).message());
        assertEquals(FindingKind.MISCONFIGURED, byPort.get(5003).finding());
        assertTrue(byPort.get(5003).message().contains("Netlogon is pinned to 50001 by the policy (all; "
                + "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Netlogon\\Parameters 'DCTcpipPort' (KB 224196)),"
                + " but the mapper hands it out on 5003"), byPort.get(5003).message());
        assertEquals(FindingKind.MISCONFIGURED, byPort.get(49160).finding());
        assertTrue(byPort.get(49160).message().contains("outside the policy's restricted RPC range (all: CHG-7 DMZ"
                + " rules) 5000-5100"), byPort.get(49160).message());
        assertTrue(v.message().contains("not where the policy and the Windows version put them"), v.message());
    }

    @Test
    void aPinnedServiceTheMapperDoesNotListAndABlockedMisplacedPort() {
        DynamicRpcCheck.Expectation e = expect("all: {rpc: {fixed: {ntds: 50000}, reason: r}}\n");
        HostResults c = listed(List.of(tcp(NETLOGON, "netlogon", 49152), tcp(NETLOGON, "netlogon", 3000)),
                PortState.OPEN, PortState.FILTERED);
        DynamicRpcCheck.Verdict v = DynamicRpcCheck.judge(result(135, PortState.OPEN), c, Level.REQUIRED, e);
        assertEquals(FindingKind.REQUIRED_BLOCKED, v.finding(), "blocked wins over misplaced: " + v.message());
        assertTrue(v.message().contains("AD replication (drsuapi) is pinned to 50000 by the policy (all), but the"
                + " mapper does not hand it out on any TCP port"), v.message());
        assertEquals(FindingKind.REQUIRED_BLOCKED, v.endpoints().get(0).finding());
        assertTrue(v.endpoints().get(0).message().contains("outside the Windows version's dynamic range"),
                v.endpoints().get(0).message());
        c = listed(List.of(tcp(NETLOGON, "netlogon", 49152)), PortState.OPEN);
        assertEquals(FindingKind.MISCONFIGURED, DynamicRpcCheck.judge(result(135, PortState.OPEN), c, Level.OPTIONAL, e)
                .finding(), "a pinned service missing is misconfigured even where dynamic RPC is optional");
    }
}
