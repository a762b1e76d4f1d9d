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
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.PortState;
import org.portaudit.scanner.engine.ProbeResult;
import org.portaudit.scanner.engine.ProbeTask;
import org.portaudit.scanner.rpc.RpcEndpoint;

/** The dynamic-RPC verdicts, from made-up mapper listings and probe results. */
class DynamicRpcCheckTest {
    private static final String RANGE = "49152-65535";
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
}
