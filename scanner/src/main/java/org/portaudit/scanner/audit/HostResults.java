package org.portaudit.scanner.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Set;
import org.portaudit.reports.model.PortState;
import org.portaudit.scanner.engine.ProbeResult;
import org.portaudit.scanner.probes.tcp.identify.Identification;
import org.portaudit.scanner.rpc.RpcEndpoint;

/**
 * What was seen on one host: plain data, filled while the host is probed and read by the {@link Judge}.
 * Closed and filtered results of the unexpected sweep are counted, not kept, so a host holds no more than
 * its expected endpoints, its open ports and its endpoint mapper's list. Not thread-safe: one thread fills it.
 */
public final class HostResults {
    private final Target target;
    private final ProbeResult<?>[] expected;
    /** Why an expected endpoint has no result, when the results came from elsewhere (an nmap report); by index. */
    private final String[] notProbed;
    private final List<ProbeResult<?>> unexpectedOpen = new ArrayList<>();
    private final Map<Integer, ProbeResult<?>> dynamicRpc = new TreeMap<>();
    private final Map<Integer, Identification> identified = new TreeMap<>();
    private List<RpcEndpoint> rpcEndpoints;
    private String rpcLookupError;
    private LearnedDomain learnedDomain;
    private int scanned;

    /** A domain the host named itself ({@code where}: the endpoint whose answer named it), and that answer. */
    public record LearnedDomain(String domain, String where, org.portaudit.reports.model.Evidence from) {
    }

    /** @param expectedEndpoints how many endpoints the plan expects (results are kept by their index) */
    public HostResults(Target target, int expectedEndpoints) {
        this.target = target;
        this.expected = new ProbeResult<?>[expectedEndpoints];
        this.notProbed = new String[expectedEndpoints];
    }

    public Target target() {
        return target;
    }

    /** The result of the plan's expected endpoint {@code index}. */
    public HostResults expected(int index, ProbeResult<?> r) {
        expected[index] = r;
        scanned++;
        return this;
    }

    /**
     * Expected endpoint {@code index} has no result, and {@code why} says why (an nmap report that did not scan
     * the port, or scanned it without telling its state): it is not checked, never taken for blocked.
     */
    public HostResults notProbed(int index, String why) {
        notProbed[index] = why;
        return this;
    }

    /** Why expected endpoint {@code index} has no result, when that was told; null otherwise. */
    public String notProbedReason(int index) {
        return notProbed[index];
    }

    /** Ports of the unexpected sweep seen closed or filtered elsewhere (an nmap report), counted as scanned. */
    public HostResults sweptNotOpen(int count) {
        scanned += count;
        return this;
    }

    /** A result of the unexpected sweep: kept only when open. */
    public HostResults unexpected(ProbeResult<?> r) {
        scanned++;
        if (r.state() == PortState.OPEN) {
            unexpectedOpen.add(r);
        }
        return this;
    }

    /** What identifying the unexpected open TCP port {@code port} concluded. */
    public HostResults identified(int port, Identification what) {
        identified.put(port, what);
        return this;
    }

    /** What identifying an unexpected open TCP port concluded, or null when it was not identified. */
    public Identification identification(int port) {
        return identified.get(port);
    }

    /** What the endpoint mapper listed. */
    public HostResults rpcEndpoints(List<RpcEndpoint> endpoints) {
        this.rpcEndpoints = List.copyOf(endpoints);
        return this;
    }

    /** Why the endpoint mapper's list could not be read. */
    public HostResults rpcLookupFailed(String why) {
        this.rpcLookupError = why;
        return this;
    }

    /** The host named its domain: the probes that ask about one asked about this one. */
    public HostResults learnedDomain(String domain, String where, org.portaudit.reports.model.Evidence from) {
        this.learnedDomain = new LearnedDomain(domain, where, from);
        return this;
    }

    /** The domain the host named, or null. */
    public LearnedDomain learnedDomain() {
        return learnedDomain;
    }

    /** The probe of one port the endpoint mapper advertised. */
    public HostResults dynamicRpc(ProbeResult<?> r) {
        dynamicRpc.put(r.task().port(), r);
        return this;
    }

    /** The result of expected endpoint {@code index}, or null when it was not probed. */
    public ProbeResult<?> expected(int index) {
        return expected[index];
    }

    public List<ProbeResult<?>> unexpectedOpen() {
        return Collections.unmodifiableList(unexpectedOpen);
    }

    /** The mapper's endpoints, or null when no list was read. */
    public List<RpcEndpoint> rpcEndpoints() {
        return rpcEndpoints;
    }

    public String rpcLookupError() {
        return rpcLookupError;
    }

    /** The advertised ports' probes, by port. */
    public Map<Integer, ProbeResult<?>> dynamicRpcProbes() {
        return Collections.unmodifiableMap(dynamicRpc);
    }

    public int scanned() {
        return scanned;
    }

    /**
     * The distinct ncacn_ip_tcp ports the mapper advertised (not 135 itself). RPC over HTTP (ncacn_http, 593)
     * is a catalog endpoint of its own and is probed as such.
     */
    public Set<Integer> advertisedTcpPorts() {
        Set<Integer> ports = new TreeSet<>();
        if (rpcEndpoints != null) {
            for (RpcEndpoint e : rpcEndpoints) {
                if (ipTcp(e) && e.port().getAsInt() != 135) {
                    ports.add(e.port().getAsInt());
                }
            }
        }
        return ports;
    }

    static boolean ipTcp(RpcEndpoint e) {
        return RpcEndpoint.NCACN_IP_TCP.equals(e.protocolSequence()) && e.port().isPresent();
    }
}
